// @ts-nocheck (a fixture: tests/boundaries/boundaries.spec.ts lints it; it is never compiled or run)
// biome and checkImports leaves-package: a script reaches past a package's entry file
import { internal } from '../packages/two/src/internal.ts';

export const inside = internal;
