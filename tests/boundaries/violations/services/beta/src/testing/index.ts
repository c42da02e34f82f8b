// @ts-nocheck (a fixture: tests/boundaries/boundaries.spec.ts lints it; it is never compiled or run)
export const betaBody = { beta: true };
