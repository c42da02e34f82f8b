// @ts-nocheck (a fixture: tests/boundaries/boundaries.spec.ts lints it; it is never compiled or run)
// cycle: cycleA → cycleB → cycleA (cycleB's import is type-only, and still counts)
import { b } from './cycleB.ts';

export type A = 'a';
export const a = () => b;
