export * from './agencyRegistry.ts';
export * from './attacheCases.ts';
export * from './blmaRecords.ts';
export * from './complaints.ts';
export * from './demographics.ts';
export * from './fields.ts';
export * from './integrationEvent.ts';
