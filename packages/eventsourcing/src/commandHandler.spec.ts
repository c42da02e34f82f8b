import { randomUUID } from 'node:crypto';
import { ConcurrencyError, type Decider, DomainError, WriteContentionError } from '@kazi/core';
import t from 'tap';
import { CommandHandler } from './commandHandler.ts';
import type { CommitMetadata, EventStore } from './eventStore.ts';
import { MemoryEventStore } from './memory/memoryEventStore.ts';
import { MemorySnapshotStore } from './snapshotStore.ts';

// A tiny register: open it, then record amounts; it may be closed and opened again. Enough to see
// versions, state and replays.
type Command = { type: 'open'; name: string } | { type: 'record'; amount: number } | { type: 'close' };
type Event =
  | { type: 'test.opened.v1'; data: { name: string } }
  | { type: 'test.recorded.v1'; data: { amount: number } }
  | { type: 'test.closed.v1'; data: Record<string, never> };
type State = { name: string | null; total: number; entries: number };

const register: Decider<State, Command, Event> = {
  initialState: () => ({ name: null, total: 0, entries: 0 }),
  decide(command, state) {
    if (command.type === 'open') {
      if (state.name !== null) throw new DomainError('already-open', 'the register is already open');
      return [{ type: 'test.opened.v1', data: { name: command.name } }];
    }
    if (state.name === null) throw new DomainError('not-open', 'the register is not open');
    if (command.type === 'close') return [{ type: 'test.closed.v1', data: {} }];
    return command.amount === 0 ? [] : [{ type: 'test.recorded.v1', data: { amount: command.amount } }];
  },
  evolve(state, event) {
    switch (event.type) {
      case 'test.opened.v1':
        return { ...state, name: event.data.name };
      case 'test.recorded.v1':
        return { ...state, total: state.total + event.data.amount, entries: state.entries + 1 };
      case 'test.closed.v1':
        return { ...state, name: null };
    }
  },
};

const handlerOn = (
  store: EventStore,
  snapshots?: MemorySnapshotStore,
  stateSchemaVersion = 1,
  snapshotEvery?: number,
) =>
  new CommandHandler({
    decider: register,
    store,
    snapshots,
    stateSchemaVersion,
    newId: randomUUID,
    snapshotEvery,
  });
const meta = (commandId = randomUUID()): CommitMetadata => ({
  commandId,
  actor: 'officer-1',
  correlationId: randomUUID(),
  time: '2026-01-15T09:00:00.000Z',
});
const record = (amount: number): Command => ({ type: 'record', amount });
const newStream = () => `register.${randomUUID()}`;

/** Readings and head lookups the handler asked the store for, so a test can see what was replayed. */
class ObservedStore extends MemoryEventStore {
  readonly reads: { afterPosition: number; events: number }[] = [];
  heads = 0;
  /** Runs before each of the next `times` appends (not its own): another writer slipping in. */
  interfere?: { times: number; run: () => Promise<void> };
  private interfering = false;

  override async readStream(streamName: string, options: { afterPosition?: number } = {}) {
    const result = await super.readStream(streamName, options);
    this.reads.push({ afterPosition: options.afterPosition ?? 0, events: result.events.length });
    return result;
  }

  override async head(streamName: string) {
    this.heads++;
    return super.head(streamName);
  }

  override async append(...args: Parameters<MemoryEventStore['append']>) {
    if (this.interfere && this.interfere.times > 0 && !this.interfering) {
      this.interfere.times--;
      this.interfering = true;
      try {
        await this.interfere.run();
      } finally {
        this.interfering = false;
      }
    }
    return super.append(...args);
  }
}

t.test('a decision based on an old version is refused with a ConcurrencyError', async (t) => {
  const store = new MemoryEventStore();
  const handler = handlerOn(store);
  const stream = newStream();
  await handler.handle(stream, { type: 'open', name: 'Nairobi' }, { expectedVersion: 0, metadata: meta() });
  await handler.handle(stream, record(5), { expectedVersion: 1, metadata: meta() });
  await t.rejects(
    handler.handle(stream, record(7), { expectedVersion: 1, metadata: meta() }),
    new ConcurrencyError(stream, 1, 2),
  );
  const loaded = await handlerOn(store).load(stream);
  t.same(loaded.state, { name: 'Nairobi', total: 5, entries: 1 }, 'the refused command changed nothing');
  t.equal(loaded.version, 2);
});

t.test('retryOnConflict decides again on the fresh state when another writer slipped in', async (t) => {
  const store = new ObservedStore();
  const handler = handlerOn(store);
  const stream = newStream();
  await handler.handle(stream, { type: 'open', name: 'Mombasa' }, { metadata: meta() });
  const otherWriter = () =>
    handlerOn(store)
      .handle(stream, record(10), { metadata: meta() })
      .then(() => {});

  // The handler's cache makes the first attempt without a fresh load; a conflict there is taken for a
  // stale cache and decided again on a fresh load. The other writer slips in before both appends.
  store.interfere = { times: 2, run: otherWriter };
  const refused = await handler.handle(stream, record(1), { metadata: meta() }).catch((e: unknown) => e);
  t.ok(
    refused instanceof WriteContentionError && refused instanceof ConcurrencyError,
    'no retry: a writer between the fresh load and the append is a conflict',
  );
  t.equal((refused as WriteContentionError).type, 'write-contention', 'to send again, not a stale version');

  store.interfere = { times: 2, run: otherWriter };
  const result = await handler.handle(stream, record(1), { metadata: meta(), retryOnConflict: 1 });
  t.same(
    result.state,
    { name: 'Mombasa', total: 41, entries: 5 },
    'every other write and the retried command count',
  );
  t.equal(result.version, 6);
  t.equal(result.duplicate, false);
});

t.test('a cached stream is decided without a head lookup, and a stale cache never decides', async (t) => {
  const store = new ObservedStore();
  const handler = handlerOn(store);
  const stream = newStream();
  await handler.handle(stream, { type: 'open', name: 'Garissa' }, { metadata: meta() });
  store.heads = 0;
  await handler.handle(stream, record(2), { metadata: meta() });
  await handler.handle(stream, record(3), { expectedVersion: 2, metadata: meta() });
  t.equal(store.heads, 0, 'current cache: no head lookup');

  const other = handlerOn(store);
  await other.handle(stream, record(10), { metadata: meta() });
  const moved = await handler.handle(stream, record(1), { metadata: meta() });
  t.same(moved.state, { name: 'Garissa', total: 16, entries: 4 }, "decided on the other writer's state too");
  t.equal(moved.version, 5);

  await other.handle(stream, { type: 'close' }, { metadata: meta() });
  await t.rejects(
    handler.handle(stream, record(4), { metadata: meta() }),
    new DomainError('not-open', 'the register is not open'),
    'the cache said open; the register is closed',
  );
  await other.handle(stream, { type: 'open', name: 'Garissa II' }, { metadata: meta() });
  const reopened = await handler.handle(stream, record(4), { metadata: meta() });
  t.same(
    reopened.state,
    { name: 'Garissa II', total: 20, entries: 5 },
    'the cache said closed (a refusal): decided again on the fresh state, and accepted',
  );

  await other.handle(stream, record(5), { metadata: meta() });
  await t.rejects(
    handler.handle(stream, record(6), { expectedVersion: reopened.version, metadata: meta() }),
    new ConcurrencyError(stream, reopened.version, reopened.version + 1),
    "the caller's version matched the stale cache, not the stream",
  );
  const read = await store.readStream(stream);
  t.equal(read.version, reopened.version + 1, 'nothing was written by the refused commands');
});

t.test('a fresh handler loads from the snapshot and replays only later commits', async (t) => {
  const store = new ObservedStore();
  const snapshots = new MemorySnapshotStore();
  const stream = newStream();
  const writer = handlerOn(store, snapshots, 1, 2);
  await writer.handle(stream, { type: 'open', name: 'Kisumu' }, { metadata: meta() });
  const snapped = await writer.handle(stream, record(3), { metadata: meta() });
  t.match(
    await snapshots.get(stream),
    { version: 2, position: snapped.position, schemaVersion: 1 },
    'snapshotEvery 2: a snapshot after the second event',
  );

  // Another process (no snapshots) appends two more commits.
  const other = handlerOn(store);
  await other.handle(stream, record(4), { metadata: meta() });
  await other.handle(stream, record(5), { metadata: meta() });

  store.reads.length = 0;
  const loaded = await handlerOn(store, snapshots).load(stream);
  t.same(loaded.state, { name: 'Kisumu', total: 12, entries: 3 });
  t.equal(loaded.version, 4);
  t.same(
    store.reads,
    [{ afterPosition: snapped.position, events: 2 }],
    'only the two later commits were read',
  );

  store.reads.length = 0;
  const reshaped = await handlerOn(store, snapshots, 2).load(stream);
  t.same(reshaped.state, loaded.state, 'a snapshot of another state schema version is ignored');
  t.same(store.reads, [{ afterPosition: 0, events: 4 }], 'so the whole stream was replayed');
});

t.test('a snapshot is written once every 8 events by default, none for a shorter stream', async (t) => {
  const store = new ObservedStore();
  const snapshots = new MemorySnapshotStore();
  const stream = newStream();
  const writer = handlerOn(store, snapshots);
  await writer.handle(stream, { type: 'open', name: 'Nyeri' }, { metadata: meta() });
  for (let i = 1; i <= 6; i++) await writer.handle(stream, record(i), { metadata: meta() });
  t.equal(await snapshots.get(stream), undefined, 'seven events: no snapshot yet');
  await writer.handle(stream, record(7), { metadata: meta() });
  t.match(await snapshots.get(stream), { version: 8 }, 'the eighth event writes one');
  for (let i = 8; i <= 14; i++) await writer.handle(stream, record(i), { metadata: meta() });
  t.match(await snapshots.get(stream), { version: 8 }, 'and none again until eight more');
  await writer.handle(stream, record(15), { metadata: meta() });
  t.match(await snapshots.get(stream), { version: 16 });

  // A cold process loads from the snapshot and reads only what came after it.
  await writer.handle(stream, record(16), { metadata: meta() });
  await writer.handle(stream, record(17), { metadata: meta() });
  store.reads.length = 0;
  const cold = await handlerOn(store, snapshots).load(stream);
  t.same([cold.version, cold.state.total], [18, 153]);
  t.same(store.reads, [{ afterPosition: (await snapshots.get(stream))?.position, events: 2 }]);
});

t.test('a conflict is a stale version only for a caller who named one', async (t) => {
  const store = new MemoryEventStore();
  const stream = newStream();
  await handlerOn(store).handle(stream, { type: 'open', name: 'Kitui' }, { metadata: meta() });
  await handlerOn(store).handle(stream, record(1), { metadata: meta() });
  await t.rejects(handlerOn(store).handle(stream, record(2), { expectedVersion: 1, metadata: meta() }), {
    name: 'ConcurrencyError',
    type: 'stale-version',
    expected: 1,
    actual: 2,
  });
});

t.test('a repeated command id is applied once', async (t) => {
  const store = new MemoryEventStore();
  const handler = handlerOn(store);
  const stream = newStream();
  await handler.handle(stream, { type: 'open', name: 'Eldoret' }, { metadata: meta() });
  const commandId = randomUUID();
  const first = await handler.handle(stream, record(50), { metadata: meta(commandId) });
  const again = await handler.handle(stream, record(50), { metadata: meta(commandId) });
  t.equal(first.duplicate, false);
  t.same(again, { ...first, events: [], duplicate: true }, 'the retry reports the state after the first');
  const read = await store.readStream(stream);
  t.equal(read.events.length, 2, 'the amount was recorded once');
});

t.test('a command that decides nothing writes nothing', async (t) => {
  const store = new MemoryEventStore();
  const handler = handlerOn(store);
  const stream = newStream();
  await handler.handle(stream, { type: 'open', name: 'Nakuru' }, { metadata: meta() });
  const result = await handler.handle(stream, record(0), { metadata: meta() });
  t.same(result.events, []);
  t.equal(result.version, 1);
  t.match(await store.head(stream), { version: 1, position: result.position });
});

t.test('snapshot writes in flight are bounded: beyond the limit one is skipped, not queued', async (t) => {
  const held: (() => void)[] = [];
  // A snapshot store that never answers until told: every write stays in flight.
  const stalled = new (class extends MemorySnapshotStore {
    override put(streamName: string, snapshot: Parameters<MemorySnapshotStore['put']>[1]) {
      return new Promise<void>((resolve) =>
        held.push(() => void super.put(streamName, snapshot).then(resolve)),
      );
    }
  })();
  const handler = new CommandHandler({
    decider: register,
    store: new MemoryEventStore(),
    snapshots: stalled,
    stateSchemaVersion: 1,
    newId: randomUUID,
    snapshotEvery: 1,
    maxPendingSnapshots: 3,
  });
  // Ten streams, each due a snapshot after its first command.
  for (let i = 0; i < 10; i++)
    await handler.handle(newStream(), { type: 'open', name: `r${i}` }, { metadata: meta() });
  t.equal(held.length, 3, 'only three writes were started');

  for (const release of held.splice(0)) release();
  await new Promise((resolve) => setImmediate(resolve));
  const stream = newStream();
  await handler.handle(stream, { type: 'open', name: 'later' }, { metadata: meta() });
  t.equal(held.length, 1, 'once they finished, the next snapshot is written again');
});
