export * from './integrationEvent.ts';
export * from './agencyRegistry.ts';
