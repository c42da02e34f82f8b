// @ts-nocheck (a fixture: tests/boundaries/boundaries.spec.ts lints it; it is never compiled or run)
// checkImports leaves-package (biome cannot tell from the path alone): another service by a relative path
import { beta } from '../../beta/src/index.ts';

export const reached = beta;
