// @ts-nocheck (a fixture: tests/boundaries/boundaries.spec.ts lints it; it is never compiled or run)
// biome: a domain imports a node: builtin (randomness belongs in the command, not the decider)
import { randomUUID } from 'node:crypto';

export const id = randomUUID;
