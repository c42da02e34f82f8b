export * from './commandHandler.ts';
export * from './eventStore.ts';
export * from './jetstream/commitCodec.ts';
export * from './jetstream/index.ts';
export * from './jetstream/names.ts';
export * from './lruCache.ts';
export * from './memory/memoryEventStore.ts';
export * from './pendingLimit.ts';
// A projection's generations (read directly by specs that check a projection's layout) and LuaScript (a
// service's own Redis scripts, loaded once, run by hash): public here so nothing reaches into projections/.
export { Generations } from './projections/generations.ts';
export * from './projections/index.ts';
export { LuaScript } from './projections/luaScript.ts';
export * from './snapshotStore.ts';
