/**
 * The domain's public entry, `@kazi/attache-cases/domain`: each aggregate's decider, commands, events and
 * schemas, for code that works on the service's events without running it.
 */
export * from './case/index.ts';
export * from './dates.ts';
export * from './employer/index.ts';
