// @ts-nocheck (a fixture: tests/boundaries/boundaries.spec.ts lints it; it is never compiled or run)
// allowed: a script outside the packages imports a package's entry file
import { two } from '../packages/two/src/index.ts';

export const entry = two;
