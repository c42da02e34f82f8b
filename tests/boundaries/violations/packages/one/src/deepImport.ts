// @ts-nocheck (a fixture: tests/boundaries/boundaries.spec.ts lints it; it is never compiled or run)
// biome deep import, checkImports not-exported: @kazi/two exports '.' only
import { internal } from '@kazi/two/src/internal.ts';

export const deep = internal;
