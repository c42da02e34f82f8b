// @ts-nocheck (a fixture: tests/boundaries/boundaries.spec.ts lints it; it is never compiled or run)
// biome: a domain imports an adapter package
import { names } from '@kazi/eventsourcing';

export const adapter = names;
