/**
 * The domain's public entry, `@kazi/complaints/domain`: each aggregate's decider, commands, events and
 * schemas, for code that works on the complaints' events without running the service (the benchmark's
 * seeding writes them straight to the store).
 */
export * from './complaint/index.ts';
export * from './referenceSequence.ts';
