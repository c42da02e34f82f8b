import type { JsMsg } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import t from 'tap';
import type { RecordedEvent } from '../eventStore.ts';
import { encodeCommit, VERSION_HEADER } from '../jetstream/commitCodec.ts';
import { countingProjection } from './countingProjection.fixture.ts';
import { checkCommand, combineProjections, keysOf, partKeys, projectionLayout } from './projection.ts';
import { commitSource, messageSource } from './sources.ts';

const metadata = { commandId: 'c1', actor: 'test', correlationId: 'k1', time: '2026-01-15T09:00:00Z' };

/** Just the parts of a JetStream message the sources read. */
function fakeMessage(subject: string, seq: number, data: Uint8Array, version?: number): JsMsg {
  const h = headers();
  if (version !== undefined) h.set(VERSION_HEADER, String(version));
  return { subject, seq, data, headers: h } as unknown as JsMsg;
}

t.test('keys live under the generation prefix, bookkeeping outside it', async (t) => {
  const layout = projectionLayout('kazi', 'agency-scorecard');
  const keys = keysOf(layout, 3);
  t.equal(keys.key('agency', 'a1'), 'kazi:rm:agency-scorecard:g3:agency:a1');
  t.equal(layout.current, 'kazi:rm:agency-scorecard:current');
  t.notOk(
    layout.meta(3).startsWith(`${keys.prefix}:`),
    'deleting a model by prefix leaves its checkpoint alone',
  );
  t.throws(() => projectionLayout('kazi', 'bad:name*'), /letters, digits/);
});

t.test('the counting projection turns an event into writes under the given keys', async (t) => {
  const keys = keysOf(projectionLayout('kazi', 'counting'), 1);
  const event = { streamName: 'account.a1', streamVersion: 4 } as RecordedEvent;
  t.same(countingProjection(2).apply(event, keys), [
    ['INCRBY', 'kazi:rm:counting:g1:total', 2],
    ['HINCRBY', 'kazi:rm:counting:g1:per-stream', 'account.a1', 1],
    ['RPUSH', 'kazi:rm:counting:g1:versions:account.a1', 4],
  ]);
});

t.test('combined read models: one apply, each part under its own keys, versions summed', async (t) => {
  const keys = keysOf(projectionLayout('kazi', 'ledger-models'), 2);
  const event = { streamName: 'account.a1', streamVersion: 4 } as RecordedEvent;
  const totals = { ...countingProjection(1), name: 'totals' };
  const doubled = { ...countingProjection(2), name: 'doubled', version: 3 };
  const combined = combineProjections('ledger-models', [totals, doubled]);
  t.equal(combined.name, 'ledger-models');
  t.equal(combined.version, totals.version + 3, 'bumping any part changes the whole');
  t.same(combined.apply(event, keys), [
    ...totals.apply(event, partKeys(keys, totals)),
    ...doubled.apply(event, partKeys(keys, doubled)),
  ]);
  t.equal(partKeys(keys, doubled).key('total'), 'kazi:rm:ledger-models:g2:doubled:total');
  t.equal(partKeys(keys, doubled).generation, 2);
  t.throws(
    () => combineProjections('twice', [totals, totals]),
    /distinct names/,
    'two parts never share keys',
  );
});

t.test('commands are checked before they reach Redis', async (t) => {
  t.same(checkCommand(['hset', 'k', 'f', 1]), ['hset', 'k', 'f', 1]);
  t.throws(() => checkCommand(['FLUSHALL']), /unsupported Redis command/);
  t.throws(() => checkCommand(['HSET', 'k', 'f', Number.NaN]), /bad argument/);
  t.throws(() => checkCommand(['SET', 'k', undefined as unknown as string]), /bad argument/);
  t.same(
    checkCommand(['ZADDFIELD', 'z', 0, 'h', 'f']),
    ['ZADDFIELD', 'z', 0, 'h', 'f'],
    'a member from a hash field',
  );
  t.throws(() => checkCommand(['ZREMFIELD', 'z', 'h']), /instead of 3/, 'with its exact arguments');
});

t.test('commitSource reads every event of a commit at the commit position', async (t) => {
  const source = commitSource({ namespace: 'kazi', context: 'agency-registry' });
  t.equal(source.stream, 'KAZI_AGENCY_REGISTRY');
  t.equal(source.filterSubject, 'kazi.agency-registry.>');
  const data = encodeCommit({
    events: [
      { id: 'e1', type: 'ke.nea.agency-registry.agency-applied.v1', data: { n: 1 } },
      { id: 'e2', type: 'ke.nea.agency-registry.agency-vetted.v1', data: { n: 2 } },
    ],
    metadata,
  });
  const events = source.decode(fakeMessage('kazi.agency-registry.agency.a1', 42, data, 5));
  t.same(
    events.map((e) => [e.id, e.streamName, e.streamVersion, e.position, e.index]),
    [
      ['e1', 'agency.a1', 4, 42, 0],
      ['e2', 'agency.a1', 5, 42, 1],
    ],
  );
  t.same(events[0]?.metadata, metadata);
});

t.test('commitSource upcasts old event versions', async (t) => {
  const source = commitSource({
    namespace: 'kazi',
    context: 'complaints',
    upcasters: {
      'ke.nea.complaints.lodged.v1': (e) => ({ type: 'ke.nea.complaints.lodged.v2', data: e.data }),
    },
  });
  const data = encodeCommit({
    events: [{ id: 'e1', type: 'ke.nea.complaints.lodged.v1', data: {} }],
    metadata,
  });
  const [event] = source.decode(fakeMessage('kazi.complaints.complaint.c1', 1, data, 1));
  t.equal(event?.type, 'ke.nea.complaints.lodged.v2');
});

t.test('commitSource refuses a commit without its version header rather than guessing', async (t) => {
  const source = commitSource({ namespace: 'kazi', context: 'complaints' });
  const data = encodeCommit({ events: [{ id: 'e1', type: 'x', data: {} }], metadata });
  t.throws(() => source.decode(fakeMessage('kazi.complaints.complaint.c1', 7, data)), /Kazi-Version/);
});

t.test('messageSource hands messages to the given decoder', async (t) => {
  const source = messageSource({
    stream: 'KAZI_INTEGRATION',
    filterSubject: 'kazi.integration.ke.nea.complaints.>',
    decode: (msg) => [{ subject: msg.subject, seq: msg.seq }],
  });
  // What the runner lends a source; this decoder uses neither.
  const lent = { nc: {} as NatsConnection, logger: { info() {}, warn() {}, error() {} } };
  t.same(source.decode(fakeMessage('kazi.integration.x', 9, new Uint8Array()), lent), [
    { subject: 'kazi.integration.x', seq: 9 },
  ]);
  t.equal(source.filterSubject, 'kazi.integration.ke.nea.complaints.>');
});
