// @ts-nocheck (a fixture: tests/boundaries/boundaries.spec.ts lints it; it is never compiled or run)
// checkImports package-cycle: @kazi/one depends on @kazi/two, and two's test code imports one
import { one } from '@kazi/one';

export const fromOne = one;
