export * from './fixtures.ts';
export * from './systemProcess.ts';
export * from './givenWhenThen.ts';
