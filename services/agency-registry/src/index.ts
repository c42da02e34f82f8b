export * from './config.ts';
export * from './main.ts';
