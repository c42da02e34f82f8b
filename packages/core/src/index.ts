export * from './clock.ts';
export * from './decider.ts';
export * from './errors.ts';
