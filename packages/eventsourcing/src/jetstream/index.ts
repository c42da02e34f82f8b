export * from './jetstreamEventStore.ts';
export * from './kvSnapshotStore.ts';
