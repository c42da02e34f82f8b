export * from './commandHandler.ts';
export * from './decider.ts';
export * from './errors.ts';
export * from './eventStore.ts';
export * from './lruCache.ts';
export * from './memory/memoryEventStore.ts';
export * from './snapshotStore.ts';
