export * from './fixtures.ts';
export * from './givenWhenThen.ts';
export * from './systemProcess.ts';
