export * from './consumer.ts';
export * from './deadLetterHeaders.ts';
export * from './deadLetters.ts';
export * from './envelope.ts';
export * from './integrationProjection.ts';
export * from './nats.ts';
export * from './publish.ts';
export type { MessagingLogger } from './pullLoop.ts';
export * from './relay.ts';
