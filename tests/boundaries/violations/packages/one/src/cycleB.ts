// @ts-nocheck (a fixture: tests/boundaries/boundaries.spec.ts lints it; it is never compiled or run)
import type { A } from './cycleA.ts';

export const b = 'b';
export type B = A;
