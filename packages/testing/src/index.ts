export * from './fixtures.ts';
export * from './systemProcess.ts';
