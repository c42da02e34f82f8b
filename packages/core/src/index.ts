export * from './clock.ts';
export * from './decider.ts';
export * from './domainEvents.ts';
export * from './errors.ts';
