/**
 * The domain's public entry, `@kazi/agency-registry/domain`: each aggregate's decider, commands, events and
 * schemas, for code that works on the registry's events without running the service (the benchmark's
 * seeding writes them straight to the store).
 */
export * from './agency/index.ts';
export * from './identifierClaim.ts';
export * from './licenceNumberSequence.ts';
