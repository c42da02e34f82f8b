/** The oversight service: its module (for the host), its configuration, its domain and the reporting store. */
export * from './config.ts';
export * from './domain/index.ts';
export * from './main.ts';
export * from './reporting/index.ts';
