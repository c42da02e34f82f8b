import { randomUUID } from 'node:crypto';
import { natsFixture, uniqueNamespace } from '@kazi/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import t from 'tap';
import { eventStoreContract } from '../contract/eventStoreContract.ts';
import { ConcurrencyError } from '../errors.ts';
import type { CommitMetadata } from '../eventStore.ts';
import { JetStreamEventStore } from './jetstreamEventStore.ts';
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
