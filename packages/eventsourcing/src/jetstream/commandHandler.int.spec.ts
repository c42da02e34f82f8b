import { randomUUID } from 'node:crypto';
import { ConcurrencyError, type Decider } from '@kazi/core';
import { natsFixture, uniqueNamespace } from '@kazi/test-servers';
import t from 'tap';
import { CommandHandler } from '../commandHandler.ts';
import type { CommitMetadata, EventStore } from '../eventStore.ts';
import type { Snapshot, SnapshotStore } from '../snapshotStore.ts';
import { JetStreamEventStore } from './jetstreamEventStore.ts';
import { KvSnapshotStore } from './kvSnapshotStore.ts';

// A ledger of amounts: enough to see versions, state and what a load replays.
type Command = { type: 'record'; amount: number };
type Event = { type: 'test.recorded.v1'; data: { amount: number } };
type State = { total: number; entries: number };

const ledger: Decider<State, Command, Event> = {
  initialState: () => ({ total: 0, entries: 0 }),
  decide: (command) => [{ type: 'test.recorded.v1', data: { amount: command.amount } }],
  evolve: (state, event) => ({ total: state.total + event.data.amount, entries: state.entries + 1 }),
};

const ns = uniqueNamespace('ch');
const nc = await natsFixture(t, ns);
const context = 'ledgers';

/** One "process": its own store adapter (own head cache) and handler (own state cache). */
async function process(snapshots?: SnapshotStore) {
  const jetstream = await JetStreamEventStore.create({ nc, namespace: ns, context });
  t.teardown(() => jetstream.close());
  const store = new ReadLog(jetstream);
  const handler = new CommandHandler({
    decider: ledger,
    store,
    snapshots,
    stateSchemaVersion: 1,
    newId: randomUUID,
  });
  return { store, handler };
}

const meta = (): CommitMetadata => ({
  commandId: randomUUID(),
  actor: 'officer-1',
  correlationId: randomUUID(),
  time: '2026-01-15T09:00:00.000Z',
});
const record = (amount: number): Command => ({ type: 'record', amount });

/** Passes through to the real store and notes each readStream, so a test can see what a load replayed. */
class ReadLog implements EventStore {
  readonly reads: { afterPosition: number; events: number }[] = [];
  constructor(private readonly inner: EventStore) {}
  append: EventStore['append'] = (...args) => this.inner.append(...args);
  head: EventStore['head'] = (streamName) => this.inner.head(streamName);
  readAll: EventStore['readAll'] = (options) => this.inner.readAll(options);
  close = () => this.inner.close();
  async readStream(streamName: string, options: { afterPosition?: number } = {}) {
    const result = await this.inner.readStream(streamName, options);
    this.reads.push({ afterPosition: options.afterPosition ?? 0, events: result.events.length });
    return result;
  }
}

/** The handler writes snapshots in the background; this lets a test wait until they are stored. */
class SettledSnapshots implements SnapshotStore {
  private readonly writes = new Set<Promise<void>>();
  constructor(private readonly inner: SnapshotStore) {}
  get(streamName: string) {
    return this.inner.get(streamName);
  }
  put(streamName: string, snapshot: Snapshot) {
    const write = this.inner.put(streamName, snapshot);
    this.writes.add(write);
    return write;
  }
  async settled() {
    await Promise.all(this.writes);
  }
}

t.test('a fresh handler starts from the KV snapshot and replays only the commits after it', async (t) => {
  const snapshots = new SettledSnapshots(await KvSnapshotStore.create({ nc, namespace: ns, context }));
  const stream = `ledger.${randomUUID()}`;
  const writer = await process(snapshots);
  // A snapshot is written once every 8 events (after the 8th here).
  for (const amount of [1, 2, 3, 4, 5, 6, 7, 8])
    await writer.handler.handle(stream, record(amount), { metadata: meta() });
  await snapshots.settled();
  const snapshot = await snapshots.get(stream);
  t.match(snapshot, { state: { total: 36, entries: 8 }, version: 8, schemaVersion: 1 });

  // Another process without snapshots appends two more commits.
  const other = await process();
  await other.handler.handle(stream, record(10), { metadata: meta() });
  await other.handler.handle(stream, record(20), { metadata: meta() });

  const cold = await process(snapshots);
  const loaded = await cold.handler.load(stream);
  t.same(loaded.state, { total: 66, entries: 10 });
  t.equal(loaded.version, 10);
  t.same(cold.store.reads, [{ afterPosition: snapshot?.position, events: 2 }], 'only the two later commits');

  const again = await cold.handler.load(stream);
  t.same(again, loaded);
  t.equal(cold.store.reads.length, 1, 'an unchanged stream loads from the cache without reading commits');
});

t.test(
  'a snapshot one commit behind loads with no read of the stream: the head brings that commit',
  async (t) => {
    const snapshots = new SettledSnapshots(await KvSnapshotStore.create({ nc, namespace: ns, context }));
    const stream = `ledger.${randomUUID()}`;
    const writer = await process(snapshots);
    for (const amount of [1, 2, 3, 4, 5, 6, 7, 8, 9])
      await writer.handler.handle(stream, record(amount), { metadata: meta() });
    await snapshots.settled();
    t.match(await snapshots.get(stream), { version: 8 }, 'the ninth commit wrote no snapshot');

    const cold = await process(snapshots);
    const loaded = await cold.handler.load(stream);
    t.same([loaded.version, loaded.state], [9, { total: 45, entries: 9 }]);
    t.same(cold.store.reads, [], 'no commit was read from the stream');

    const fresh = `ledger.${randomUUID()}`;
    await writer.handler.handle(fresh, record(5), { metadata: meta() });
    await snapshots.settled();
    await writer.handler.handle(fresh, record(6), { metadata: meta() });
    await snapshots.settled();
    t.equal(await snapshots.get(fresh), undefined, 'a stream of fewer than 8 events has no snapshot');
    const reader = await process(snapshots);
    const first = await reader.handler.load(fresh);
    t.same([first.version, first.state], [2, { total: 11, entries: 2 }], 'and loads from its few commits');
    t.same(reader.store.reads, [{ afterPosition: 0, events: 2 }]);
  },
);

t.test('each handler sees what the others appended, and a stale expected version is refused', async (t) => {
  const snapshots = await KvSnapshotStore.create({ nc, namespace: ns, context });
  const stream = `ledger.${randomUUID()}`;
  const a = await process(snapshots);
  const b = await process(snapshots);
  const first = await a.handler.handle(stream, record(5), { metadata: meta() });
  t.equal(first.version, 1);
  const second = await b.handler.handle(stream, record(7), { expectedVersion: 1, metadata: meta() });
  t.same([second.version, second.state], [2, { total: 12, entries: 2 }]);

  // `a` still caches version 1: a command based on it must be refused, not overwrite.
  await t.rejects(
    a.handler.handle(stream, record(100), { expectedVersion: 1, metadata: meta() }),
    new ConcurrencyError(stream, 1, 2),
  );
  const third = await a.handler.handle(stream, record(1), { expectedVersion: 2, metadata: meta() });
  t.same([third.version, third.state], [3, { total: 13, entries: 3 }]);
  t.same((await b.handler.load(stream)).state, { total: 13, entries: 3 });
});

t.test('concurrent handlers with retryOnConflict lose no command', async (t) => {
  const stream = `ledger.${randomUUID()}`;
  const handlers = await Promise.all([process(), process(), process()]);
  await Promise.all(
    handlers.flatMap(({ handler }) =>
      [1, 2, 3].map(() => handler.handle(stream, record(1), { metadata: meta(), retryOnConflict: 20 })),
    ),
  );
  const loaded = await (await process()).handler.load(stream);
  t.same(loaded.state, { total: 9, entries: 9 });
  t.equal(loaded.version, 9);
});
