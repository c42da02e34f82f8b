export * from './integrationEvent.ts';
