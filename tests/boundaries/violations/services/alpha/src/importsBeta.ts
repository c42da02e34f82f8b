// @ts-nocheck (a fixture: tests/boundaries/boundaries.spec.ts lints it; it is never compiled or run)
// biome: a service imports another service
import { beta } from '@kazi/beta';

export const fromBeta = beta;
