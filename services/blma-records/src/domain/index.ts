/**
 * The domain's public entry, `@kazi/blma-records/domain`: the agreement's decider, commands, events,
 * request schemas and its state as of a past day, for code that works on its events without running the
 * service.
 */
export * from './agreement/index.ts';
export * from './dates.ts';
