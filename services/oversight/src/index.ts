export * from './reporting/index.ts';
