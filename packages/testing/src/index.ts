export * from './httpTestSystem.ts';
