// @ts-nocheck (a fixture: tests/boundaries/boundaries.spec.ts lints it; it is never compiled or run)
// biome relative escape, checkImports leaves-package: another package by path instead of by name
import { alpha } from '../../../services/alpha/src/index.ts';

export const escaped = alpha;
