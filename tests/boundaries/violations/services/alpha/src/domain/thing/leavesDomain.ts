// @ts-nocheck (a fixture: tests/boundaries/boundaries.spec.ts lints it; it is never compiled or run)
// checkImports leaves-domain: a relative import out of the domain folder, into the application layer
import { app } from '../../application/app.ts';

export const leaves = app;
