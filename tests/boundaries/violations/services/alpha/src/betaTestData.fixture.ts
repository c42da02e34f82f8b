// @ts-nocheck (a fixture: tests/boundaries/boundaries.spec.ts lints it; it is never compiled or run)
// allowed: test code may build its data with another service's ./testing entry
import { betaBody } from '@kazi/beta/testing';

export const body = betaBody;
