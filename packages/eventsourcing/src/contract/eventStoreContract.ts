import { randomUUID } from 'node:crypto';
import { ConcurrencyError, InvalidStreamNameError } from '@kazi/core';
import type { test } from 'tap';
import type { CommitMetadata, EventStore, EventToAppend, ExpectedVersion, Upcasters } from '../eventStore.ts';

/** A tap test (the type tap hands to a subtest callback). */
type Tap = Parameters<Parameters<typeof test>[0]>[0];

/**
 * Opens a store with no commits in it, reading through `upcasters`; `cleanup` runs when the test ends.
 * Each call must give a store of its own (JetStream: a fresh context or namespace).
 */
export type EventStoreFactory = (
  upcasters?: Upcasters,
) => Promise<{ store: EventStore; cleanup?: () => Promise<void> }>;

/**
 * The one behaviour every EventStore adapter must show. Each adapter's spec runs it in one line:
 * `eventStoreContract(t, 'memory', async (u) => ({ store: new MemoryEventStore(u) }))`.
 */
export async function eventStoreContract(t: Tap, adapter: string, factory: EventStoreFactory): Promise<void> {
  const open = async (sub: Tap, upcasters?: Upcasters): Promise<EventStore> => {
    const { store, cleanup } = await factory(upcasters);
    sub.teardown(async () => {
      await store.close();
      await cleanup?.();
    });
    return store;
  };

  await t.test(`${adapter}: event store contract`, async (t) => {
    await t.test('creates a stream with no-stream; a second no-stream append conflicts', async (t) => {
      const store = await open(t);
      const stream = newStream();
      const created = await store.append(stream, [event('a')], at('no-stream'));
      t.equal(created.nextExpectedVersion, 1);
      t.equal(created.duplicate, false);
      t.ok(created.position > 0, 'a commit has a positive position');
      const error = await conflict(t, store.append(stream, [event('b')], at('no-stream')));
      t.equal(error?.actual, 1);
      t.same(types(await store.readStream(stream)), ['a']);
    });

    await t.test('appends at the exact expected version', async (t) => {
      const store = await open(t);
      const stream = newStream();
      const first = await store.append(stream, [event('a'), event('b')], at('no-stream'));
      const second = await store.append(stream, [event('c')], at(2));
      t.equal(second.nextExpectedVersion, 3);
      t.ok(second.position > first.position, 'later commits have later positions');
      const third = await store.append(stream, [event('d')], at('any'));
      t.equal(third.nextExpectedVersion, 4, "'any' appends after whatever is there");
      t.same(types(await store.readStream(stream)), ['a', 'b', 'c', 'd']);
    });

    await t.test('a wrong expected version is a ConcurrencyError carrying the actual version', async (t) => {
      const store = await open(t);
      const stream = newStream();
      await store.append(stream, [event('a'), event('b')], at('no-stream'));
      const behind = await conflict(t, store.append(stream, [event('x')], at(1)));
      t.match(behind, { streamName: stream, expected: 1, actual: 2 });
      const ahead = await conflict(t, store.append(stream, [event('x')], at(5)));
      t.match(ahead, { expected: 5, actual: 2 });
      const missing = await conflict(t, store.append(newStream(), [event('x')], at(3)));
      t.match(missing, { expected: 3, actual: 0 });
      t.same(types(await store.readStream(stream)), ['a', 'b'], 'nothing was written');
    });

    await t.test('of racing appends at the same version exactly one wins', async (t) => {
      const store = await open(t);
      const stream = newStream();
      await store.append(stream, [event('a')], at('no-stream'));
      const results = await Promise.allSettled(
        [1, 2, 3, 4, 5].map((n) => store.append(stream, [event(`racer-${n}`)], at(1))),
      );
      t.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) {
        if (r.status === 'rejected')
          t.ok(r.reason instanceof ConcurrencyError, 'losers get a ConcurrencyError');
      }
      t.equal((await store.readStream(stream)).version, 2);
    });

    await t.test("one command's events land together or not at all", async (t) => {
      const store = await open(t);
      const stream = newStream();
      const result = await store.append(stream, [event('a'), event('b'), event('c')], at('no-stream'));
      const read = await store.readStream(stream);
      t.same(
        read.events.map((e) => [e.streamVersion, e.position, e.index]),
        [
          [1, result.position, 0],
          [2, result.position, 1],
          [3, result.position, 2],
        ],
      );
      await conflict(t, store.append(stream, [event('x'), event('y')], at('no-stream')));
      await conflict(t, store.append(stream, [event('x'), event('y')], at(2)));
      t.same(await store.readStream(stream), read, 'a refused commit leaves the stream unchanged');
    });

    await t.test('a repeated command id is stored once', async (t) => {
      const store = await open(t);
      const stream = newStream();
      const first = at('no-stream');
      const a = await store.append(stream, [event('a')], first);
      const second = at(1);
      const events = [event('b'), event('c')];
      const b = await store.append(stream, events, second);
      const before = await store.readStream(stream);

      const againB = await store.append(stream, events, second);
      t.same(againB, { nextExpectedVersion: 3, position: b.position, duplicate: true });
      const againA = await store.append(stream, [event('a')], first);
      t.same(againA, { nextExpectedVersion: 1, position: a.position, duplicate: true });
      t.same(await store.readStream(stream), before, 'nothing was stored twice');

      const elsewhere = await store.append(newStream(), [event('a')], first);
      t.equal(elsewhere.duplicate, false, 'the same command id on another stream is a new command');
    });

    await t.test('reads a stream back in order with ids, types, data and metadata', async (t) => {
      const store = await open(t);
      const stream = newStream();
      const metadata = meta({
        causationId: 'cause-1',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      });
      const e1 = event('agency-applied', { name: 'Acme', branches: ['Nairobi'] });
      const e2 = event('check-passed', { check: 'police', ok: true });
      const r1 = await store.append(stream, [e1, e2], { expectedVersion: 'no-stream', metadata });
      const e3 = event('licensed', { until: '2027-01-01' });
      const m2 = meta();
      const r2 = await store.append(stream, [e3], { expectedVersion: 2, metadata: m2 });
      await store.append(newStream(), [event('other')], at('no-stream'));

      const read = await store.readStream(stream);
      t.same(read, {
        version: 3,
        position: r2.position,
        events: [
          { ...e1, streamName: stream, streamVersion: 1, position: r1.position, index: 0, metadata },
          { ...e2, streamName: stream, streamVersion: 2, position: r1.position, index: 1, metadata },
          { ...e3, streamName: stream, streamVersion: 3, position: r2.position, index: 0, metadata: m2 },
        ],
      });
      t.same(
        await store.readStream(newStream()),
        { events: [], version: 0, position: 0 },
        'a missing stream is empty',
      );
    });

    await t.test('readStream after a position returns only later commits', async (t) => {
      const store = await open(t);
      const stream = newStream();
      const c1 = await store.append(stream, [event('a'), event('b')], at('no-stream'));
      await store.append(newStream(), [event('noise')], at('no-stream'));
      const c2 = await store.append(stream, [event('c')], at(2));
      const c3 = await store.append(stream, [event('d'), event('e')], at(3));

      const tail = await store.readStream(stream, { afterPosition: c1.position });
      t.same(types(tail), ['c', 'd', 'e']);
      t.same([tail.version, tail.position], [5, c3.position]);
      t.same(types(await store.readStream(stream, { afterPosition: c2.position })), ['d', 'e']);
      const nothing = await store.readStream(stream, { afterPosition: c3.position });
      t.same(nothing, { events: [], version: 5, position: c3.position }, 'up to date: no events, the head');
    });

    await t.test('head is the last commit of a stream', async (t) => {
      const store = await open(t);
      const stream = newStream();
      t.equal(await store.head(stream), undefined, 'a missing stream has no head');
      await store.append(stream, [event('a'), event('b')], at('no-stream'));
      const last = await store.append(stream, [event('c')], at(2));
      await store.append(newStream(), [event('other')], at('no-stream'));
      const head = await store.head(stream);
      t.match(head, { version: 3, position: last.position });
      t.same(
        head?.lastCommit?.map((e) => [e.type, e.streamVersion, e.position]),
        [['c', 3, last.position]],
        "with the last commit's events",
      );
    });

    await t.test(
      'readAll returns every stream in global order, from a position, in whole commits',
      async (t) => {
        const store = await open(t);
        const [s1, s2, s3] = [newStream(), newStream(), newStream()];
        const c1 = await store.append(s1, [event('1a'), event('1b'), event('1c')], at('no-stream'));
        const c2 = await store.append(s2, [event('2a')], at('no-stream'));
        await store.append(s1, [event('1d')], at(3));
        await store.append(s3, [event('3a'), event('3b')], at('no-stream'));
        await store.append(s2, [event('2b')], at(1));

        const all = await store.readAll({ afterPosition: 0, limit: 100 });
        t.same(
          all.map((e) => e.type),
          ['1a', '1b', '1c', '2a', '1d', '3a', '3b', '2b'],
        );
        t.same(
          all.map((e) => e.streamName),
          [s1, s1, s1, s2, s1, s3, s3, s2],
        );
        t.ok(
          all.every((e, i) => i === 0 || e.position >= (all[i - 1]?.position ?? 0)),
          'positions never go back',
        );
        t.same(
          (await store.readAll({ afterPosition: c2.position, limit: 100 })).map((e) => e.type),
          ['1d', '3a', '3b', '2b'],
        );
        t.same(
          (await store.readAll({ afterPosition: 0, limit: 2 })).map((e) => e.type),
          ['1a', '1b', '1c'],
          'a commit is never split by the limit',
        );
        t.same(
          (await store.readAll({ afterPosition: c1.position, limit: 2 })).map((e) => e.type),
          ['2a', '1d'],
        );
        t.same(await pageThrough(store, 1), all, 'paging with the last position read sees every event once');
        const end = all.at(-1)?.position ?? 0;
        t.same(await store.readAll({ afterPosition: end, limit: 10 }), [], 'nothing after the end');
      },
    );

    await t.test('old event versions are upcast on read', async (t) => {
      const upcasters: Upcasters = {
        'test.named.v1': (e) => {
          const { name } = e.data as { name: string };
          const [first, ...rest] = name.split(' ');
          return { type: 'test.named.v2', data: { firstName: first, lastName: rest.join(' ') } };
        },
      };
      const store = await open(t, upcasters);
      const stream = newStream();
      await store.append(
        stream,
        [event('test.named.v1', { name: 'Amina Wanjiru' }), event('test.other.v1')],
        at('no-stream'),
      );
      const expected = [
        { type: 'test.named.v2', data: { firstName: 'Amina', lastName: 'Wanjiru' } },
        { type: 'test.other.v1', data: {} },
      ];
      const read = await store.readStream(stream);
      t.same(
        read.events.map(({ type, data }) => ({ type, data })),
        expected,
      );
      const all = await store.readAll({ afterPosition: 0, limit: 10 });
      t.same(
        all.map(({ type, data }) => ({ type, data })),
        expected,
      );
    });

    await t.test('a name that is not <category>.<id> is refused: no wildcard, no other stream', async (t) => {
      const store = await open(t);
      const stream = newStream();
      const written = await store.append(stream, [event('a')], at('no-stream'));
      for (const name of INVALID_STREAM_NAMES) {
        const label = JSON.stringify(name);
        await t.rejects(
          store.append(name, [event('x')], at('any')),
          InvalidStreamNameError,
          `append ${label}`,
        );
        await t.rejects(store.readStream(name), InvalidStreamNameError, `readStream ${label}`);
        await t.rejects(store.head(name), InvalidStreamNameError, `head ${label}`);
      }
      const refused = await store.head('agency.*').catch((e: unknown) => e);
      t.match(refused, { kind: 'bad-request', type: 'invalid-stream-name' }, 'a client error (400), never a 500');
      t.notMatch(String((refused as Error).message), /\*/, 'the message does not repeat the name');
      t.same(
        (await store.readAll({ afterPosition: 0, limit: 100 })).map((e) => [e.streamName, e.position]),
        [[stream, written.position]],
        'nothing but the valid commit was stored',
      );
      for (const name of VALID_STREAM_NAMES) {
        await store.append(name, [event('ok')], at('no-stream'));
        t.same(types(await store.readStream(name)), ['ok'], `${name} is a stream name`);
      }
    });

    await t.test('an empty commit is refused', async (t) => {
      const store = await open(t);
      const stream = newStream();
      await t.rejects(store.append(stream, [], at('no-stream')));
      t.equal(await store.head(stream), undefined);
    });
  });
}

/** Names an id from a request could produce; none may become a subject, a wildcard or a key. */
const INVALID_STREAM_NAMES = [
  '',
  'agency',
  'agency.',
  '.x',
  'agency.a.b', // another stream's subject, one token deeper
  'agency.*', // every agency, as a subject filter
  'agency.>',
  '*.x',
  '>',
  'agency.a b',
  'agency.a\tb',
  'agency.a\nb',
  'agency.a\u0000b',
  'agency.a\u007fb',
  'agency.é',
  'agency.a:b',
  'agency.a/b',
  'Agency.x',
  '1agency.x',
  `agency.${'x'.repeat(129)}`,
  `${'c'.repeat(65)}.x`,
];

/** The longest and oddest names still allowed, and the shapes the services use. */
const VALID_STREAM_NAMES = [
  `a.${'x'.repeat(128)}`,
  `${'c'.repeat(64)}.x`,
  'agency.A_b-9',
  'registration-number.5056542d323032342d303031',
  'reference-sequence.2026',
];

function newStream(): string {
  return `agency.${randomUUID()}`;
}

function event(type: string, data: unknown = {}): EventToAppend {
  return { id: randomUUID(), type, data };
}

function meta(extra: Partial<CommitMetadata> = {}): CommitMetadata {
  return {
    commandId: randomUUID(),
    actor: 'officer-1',
    correlationId: randomUUID(),
    time: '2026-01-15T09:00:00.000Z',
    ...extra,
  };
}

function at(expectedVersion: ExpectedVersion): {
  expectedVersion: ExpectedVersion;
  metadata: CommitMetadata;
} {
  return { expectedVersion, metadata: meta() };
}

function types(read: { events: { type: string }[] }): string[] {
  return read.events.map((e) => e.type);
}

async function conflict(t: Tap, append: Promise<unknown>): Promise<ConcurrencyError | undefined> {
  try {
    await append;
    t.fail('expected a ConcurrencyError, the append succeeded');
  } catch (error) {
    t.ok(error instanceof ConcurrencyError, 'a ConcurrencyError');
    if (error instanceof ConcurrencyError) return error;
  }
  return undefined;
}

/** How a projection reads: pages of `limit`, each from the position of the last event seen. */
async function pageThrough(store: EventStore, limit: number) {
  const seen = [];
  for (let after = 0; ; ) {
    const page = await store.readAll({ afterPosition: after, limit });
    if (page.length === 0) return seen;
    seen.push(...page);
    after = page.at(-1)?.position ?? after;
  }
}
