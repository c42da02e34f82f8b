export * from './jetstreamEventStore.ts';
export * from './kvSnapshotStore.ts';
export * from './pendingPublishes.ts';
