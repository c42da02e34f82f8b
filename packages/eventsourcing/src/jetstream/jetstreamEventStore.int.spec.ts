import { randomUUID } from 'node:crypto';
import { ConcurrencyError } from '@kazi/core';
import { natsFixture, uniqueNamespace } from '@kazi/test-servers';
import { jetstreamManager } from '@nats-io/jetstream';
import { headers, nanos } from '@nats-io/transport-node';
import t from 'tap';
import { eventStoreContract } from '../contract/eventStoreContract.ts';
import type { CommitMetadata } from '../eventStore.ts';
import { encodeCommit, VERSION_HEADER } from './commitCodec.ts';
import { JetStreamEventStore, WALK_LIMIT } from './jetstreamEventStore.ts';
import { names } from './names.ts';

const ns = uniqueNamespace('es');
const nc = await natsFixture(t, ns);

// Each store gets a context (so a JetStream stream) of its own; the fixture deletes them all.
let contexts = 0;
await eventStoreContract(t, 'jetstream', async (upcasters) => ({
  store: await JetStreamEventStore.create({ nc, namespace: ns, context: `ctx-${++contexts}`, upcasters }),
}));

const meta = (): CommitMetadata => ({
  commandId: randomUUID(),
  actor: 'officer-1',
  correlationId: randomUUID(),
  time: '2026-01-15T09:00:00.000Z',
});
const event = (type: string) => ({ id: randomUUID(), type, data: {} });

t.test('two processes on one stream: a writer with an outdated view gets a conflict', async (t) => {
  const context = 'two-writers';
  const first = await JetStreamEventStore.create({ nc, namespace: ns, context });
  const second = await JetStreamEventStore.create({ nc, namespace: ns, context });
  t.teardown(async () => {
    await first.close();
    await second.close();
  });
  const stream = `agency.${randomUUID()}`;
  await first.append(stream, [event('a')], { expectedVersion: 'no-stream', metadata: meta() });
  await second.append(stream, [event('b')], { expectedVersion: 1, metadata: meta() });
  // `first` still believes the stream is at version 1; the server must refuse.
  const refused = first.append(stream, [event('c')], { expectedVersion: 1, metadata: meta() });
  await t.rejects(refused, new ConcurrencyError(stream, 1, 2));
  const read = await first.readStream(stream);
  t.same(
    read.events.map((e) => e.type),
    ['a', 'b'],
  );
  const next = await first.append(stream, [event('c')], { expectedVersion: 2, metadata: meta() });
  t.equal(next.nextExpectedVersion, 3);
});

t.test('create is idempotent and brings an existing stream to the wanted config', async (t) => {
  const context = 'config';
  const stream = names.contextStream(ns, context);
  const jsm = await jetstreamManager(nc);
  const a = await JetStreamEventStore.create({ nc, namespace: ns, context, duplicateWindowMs: 60_000 });
  await a.append('agency.x', [event('a')], { expectedVersion: 'no-stream', metadata: meta() });
  const b = await JetStreamEventStore.create({ nc, namespace: ns, context, duplicateWindowMs: 30_000 });
  const info = await jsm.streams.info(stream);
  t.equal(info.config.duplicate_window, nanos(30_000));
  t.equal(info.config.allow_direct, true);
  t.same(info.config.subjects, [names.contextSubjects(ns, context)]);
  t.equal(info.state.messages, 1, 'updating kept the stored commits');
  t.match(await b.head('agency.x'), { version: 1, position: 1 });
  await a.close();
  await b.close();
});

t.test('reads end without waiting when there is nothing (more) to read', async (t) => {
  const store = await JetStreamEventStore.create({ nc, namespace: ns, context: 'empty' });
  t.same(await store.readAll({ afterPosition: 0, limit: 10 }), []);
  t.same(await store.readStream('agency.none'), { events: [], version: 0, position: 0 });
  const r = await store.append('agency.one', [event('a')], {
    expectedVersion: 'no-stream',
    metadata: meta(),
  });
  t.same(await store.readAll({ afterPosition: r.position, limit: 10 }), []);
  t.same((await store.readStream('agency.one')).events.length, 1);
  await store.close();
  const jsm = await jetstreamManager(nc);
  const left = await jsm.consumers.list(names.contextStream(ns, 'empty')).next();
  t.same(left, [], 'the consumers used for reading are gone after close');
});

t.test(
  'a short tail is read by following each commit back to the one before, with no consumer',
  async (t) => {
    const context = 'walk';
    const store = await JetStreamEventStore.create({ nc, namespace: ns, context });
    t.teardown(() => store.close());
    const jetstreamStream = names.contextStream(ns, context);
    // Every consumer created on this stream is a read that scanned instead of walking.
    const consumerCreations = nc.subscribe(`$JS.API.CONSUMER.CREATE.${jetstreamStream}.>`);
    const legacyCreations = nc.subscribe(`$JS.API.CONSUMER.CREATE.${jetstreamStream}`);
    let scans = 0;
    for (const sub of [consumerCreations, legacyCreations])
      (async () => {
        for await (const _ of sub) scans++;
      })();
    t.teardown(() => {
      consumerCreations.unsubscribe();
      legacyCreations.unsubscribe();
    });
    const scansSoFar = async () => {
      await nc.flush();
      return scans;
    };

    const stream = `agency.${randomUUID()}`;
    const other = `agency.${randomUUID()}`;
    const positions: number[] = [];
    for (const [i, types] of [['a'], ['b', 'c'], ['d'], ['e', 'f'], ['g']].entries()) {
      // Another stream's commits in between: the links skip them.
      await store.append(other, [event(`other-${i}`)], {
        expectedVersion: i === 0 ? 'no-stream' : i,
        metadata: meta(),
      });
      const appended = await store.append(stream, types.map(event), {
        expectedVersion: i === 0 ? 'no-stream' : 'any',
        metadata: meta(),
      });
      positions.push(appended.position);
    }

    const all = await store.readStream(stream);
    t.same(
      all.events.map((e) => [e.type, e.streamVersion]),
      [
        ['a', 1],
        ['b', 2],
        ['c', 3],
        ['d', 4],
        ['e', 5],
        ['f', 6],
        ['g', 7],
      ],
      'the whole stream in order, with versions',
    );
    t.same([all.version, all.position], [7, positions[4]]);
    const tail = await store.readStream(stream, { afterPosition: positions[1] });
    t.same(
      tail.events.map((e) => [e.type, e.position]),
      [
        ['d', positions[2]],
        ['e', positions[3]],
        ['f', positions[3]],
        ['g', positions[4]],
      ],
      'only the commits after the given one',
    );
    t.equal(await scansSoFar(), 0, 'both reads walked: no consumer was created');

    // A position that is not one of this stream's commits (here another stream's) is answered by a scan.
    const otherPosition = (await store.head(other))?.position ?? 0;
    const fromElsewhere = await store.readStream(stream, { afterPosition: otherPosition });
    t.same(
      fromElsewhere.events.map((e) => e.type),
      ['g'],
    );
    t.equal(await scansSoFar(), 1, 'that read scanned');
  },
);

t.test(
  'a commit without its link, or a tail longer than the walk, is read by a scan, and right',
  async (t) => {
    const context = 'walk-fallback';
    const store = await JetStreamEventStore.create({ nc, namespace: ns, context });
    t.teardown(() => store.close());
    const stream = `agency.${randomUUID()}`;
    await store.append(stream, [event('a')], { expectedVersion: 'no-stream', metadata: meta() });
    // A commit published by hand with no expected sequence (as a migration tool might): no link to follow.
    const jsm = await jetstreamManager(nc);
    const js = jsm.jetstream();
    const h = headers();
    h.set(VERSION_HEADER, '2');
    await js.publish(
      names.aggregateSubject(ns, context, stream),
      encodeCommit({ events: [event('b')], metadata: meta() }),
      {
        headers: h,
      },
    );
    await store.append(stream, [event('c')], { expectedVersion: 2, metadata: meta() });
    t.same(
      (await store.readStream(stream)).events.map((e) => [e.type, e.streamVersion]),
      [
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ],
    );

    const long = `agency.${randomUUID()}`;
    const count = WALK_LIMIT + 3;
    for (let i = 0; i < count; i++)
      await store.append(long, [event(`e${i}`)], {
        expectedVersion: i === 0 ? 'no-stream' : i,
        metadata: meta(),
      });
    const read = await store.readStream(long);
    t.same(
      read.events.map((e) => e.type),
      Array.from({ length: count }, (_, i) => `e${i}`),
    );
    t.equal(read.version, count);
  },
);
