/** The attaché-cases service: its module (main.ts), its configuration and its pure core. */
export * from './config.ts';
export * from './domain/index.ts';
export { attacheCasesModule, CONTEXT } from './main.ts';
