/** The BLMA-records service: its module (for the host), its configuration and its pure core. */
export * from './config.ts';
export * from './domain/index.ts';
export * from './main.ts';
