import {
  applyMessages,
  InvalidCursorError,
  type PositionedMessage,
  type RecordedEvent,
  readHashesScript,
} from '@kazi/eventsourcing';
import { redisFixture, uniqueNamespace } from '@kazi/test-servers';
import type { Redis } from 'ioredis';
import t, { type Test } from 'tap';
import type { AgreementCommands } from '../application/agreementCommands.ts';
import { ClockSweep } from '../application/clockSweep.ts';
import type { AgreementEvent, AgreementKind, AgreementStatus } from '../domain/index.ts';
import {
  actionDone,
  actionOverdue,
  enteredIntoForce,
  expiredByClock,
  meetingHeld,
  recorded,
  reviewFlagged,
  signed,
  terminated,
} from '../testing/index.ts';
import { agreementIndexProjection } from './agreementIndex.ts';
import { AgreementQueries, type ListQuery } from './agreementQueries.ts';

const COUNTRIES = ['QA', 'SA', 'AE', 'GB', 'DE', 'AT'] as const;
const KINDS: AgreementKind[] = ['bilateral-labour-agreement', 'mou', 'partnership'];
const STATUSES: AgreementStatus[] = ['negotiating', 'signed', 'in-force', 'under-review', 'terminated'];

interface Made {
  id: string;
  partnerCountry: string;
  title: string;
  kind: AgreementKind;
  status: AgreementStatus;
}

/** Agreement `i`: its country, kind and status cycle at different rates, so every combination occurs. */
function agreement(i: number): { made: Made; events: AgreementEvent[] } {
  const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const made: Made = {
    id,
    partnerCountry: COUNTRIES[i % COUNTRIES.length] ?? 'QA',
    // Titles out of id order, so the list's order (country, title) is not the ids'.
    title: `Agreement ${String((i * 7919) % 10_007).padStart(5, '0')}`,
    kind: KINDS[i % KINDS.length] ?? 'mou',
    status: STATUSES[i % STATUSES.length] ?? 'negotiating',
  };
  const events: AgreementEvent[] = [
    recorded({ agreementId: id, partnerCountry: made.partnerCountry, title: made.title, kind: made.kind }),
  ];
  if (['signed', 'in-force', 'under-review'].includes(made.status)) events.push(signed());
  if (['in-force', 'under-review'].includes(made.status)) events.push(enteredIntoForce());
  if (made.status === 'under-review') events.push(reviewFlagged('2027-02-01T06:00:00Z'));
  if (made.status === 'terminated') events.push(terminated('2026-02-01', 'negotiating'));
  return { made, events };
}

function messagesOf(
  streams: { id: string; events: AgreementEvent[] }[],
  from = 1,
): PositionedMessage<RecordedEvent>[] {
  let position = from;
  return streams.flatMap(({ id, events }) =>
    events.map((event, i) => ({
      position: position++,
      events: [
        {
          id: `${id}-${i}`,
          type: event.type,
          data: event.data,
          streamName: `agreement.${id}`,
          streamVersion: i + 1,
          position,
          index: 0,
          metadata: { commandId: `${id}-${i}`, actor: 'test', correlationId: 'c', time: event.data.at },
        },
      ],
    })),
  );
}

async function model(t: Test, count: number) {
  const namespace = uniqueNamespace('blmaq');
  const redis = await redisFixture(t, namespace);
  const made = Array.from({ length: count }, (_, i) => agreement(i));
  await applyMessages(
    redis,
    namespace,
    agreementIndexProjection,
    messagesOf(made.map(({ made: m, events }) => ({ id: m.id, events }))),
  );
  return { redis, namespace, agreements: made.map((m) => m.made) };
}

/** Every page of a query, followed to the end. */
async function everyPage(queries: AgreementQueries, query: Omit<ListQuery, 'cursor'>) {
  const items: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await queries.list({ ...query, cursor });
    items.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor !== undefined && pages < 1000);
  return items;
}

const listOrder = (a: Made, b: Made) => {
  const key = (m: Made) => `${m.partnerCountry} ${m.title.toLowerCase()}\u0000${m.id}`;
  return key(a) < key(b) ? -1 : 1;
};

/** A Redis client that counts the rows (HGETALL) read through it. */
function counting(redis: Redis) {
  let rows = 0;
  const proxy = new Proxy(redis, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      // readHashes reads a page's rows in one script: each key it names is one row (HGETALL).
      if (property === 'evalsha' && typeof value === 'function')
        return async (...args: unknown[]) => {
          const answer = await value.apply(target, args);
          if (args[0] === readHashesScript.sha) rows += Number(args[1]);
          return answer;
        };
      if (property !== 'pipeline' || typeof value !== 'function') return value;
      return () => {
        const pipeline = value.call(target);
        const hgetall = pipeline.hgetall.bind(pipeline);
        pipeline.hgetall = (...args: Parameters<typeof hgetall>) => {
          rows++;
          return hgetall(...args);
        };
        return pipeline;
      };
    },
  });
  return { redis: proxy, rows: () => rows, reset: () => (rows = 0) };
}

t.test(
  'every filter and combination lists all its agreements once, in order, across bounded pages',
  async (t) => {
    const { redis, namespace, agreements } = await model(t, 90);
    const tiny = { maxExamined: 7, maxBatch: 3, maxLimit: 200 };
    const reads = counting(redis);
    const queries = new AgreementQueries(reads.redis as Redis, namespace, tiny);
    const filters: Omit<ListQuery, 'cursor' | 'limit'>[] = [
      {},
      { country: 'QA' },
      { status: 'in-force' },
      { kind: 'mou' },
      { country: 'GB', status: 'terminated' },
      { country: 'SA', kind: 'partnership', status: 'signed' },
      { country: 'DE', kind: 'mou', status: 'under-review' },
    ];
    for (const filter of filters) {
      const expected = agreements
        .filter(
          (a) =>
            (filter.country === undefined || a.partnerCountry === filter.country) &&
            (filter.status === undefined || a.status === filter.status) &&
            (filter.kind === undefined || a.kind === filter.kind),
        )
        .sort(listOrder)
        .map((a) => a.id);
      t.same(await everyPage(queries, { ...filter, limit: 4 }), expected, JSON.stringify(filter));
    }
    reads.reset();
    await queries.list({ limit: 200 });
    t.equal(reads.rows(), tiny.maxExamined, 'a request reads no more rows than its budget');
  },
);

t.test(
  'a page reads limit + 1 rows whatever the number of agreements; a rare filter reads its own',
  async (t) => {
    const small = await model(t, 40);
    const large = await model(t, 800);
    for (const { redis, namespace, agreements } of [small, large]) {
      const reads = counting(redis);
      const queries = new AgreementQueries(reads.redis as Redis, namespace);
      const page = await queries.list({ limit: 10 });
      t.equal(page.items.length, 10);
      t.equal(reads.rows(), 11, `${agreements.length} agreements, the first page: limit + 1 rows`);
      reads.reset();
      await queries.list({ limit: 10, country: 'AT', status: 'terminated' });
      // 1 in 30 agreements is Austrian and terminated: the smaller of the two sets drives (the country's,
      // 1 in 6) and the walk stops at limit + 1 matches or the set's end, never reading the other set.
      const austrian = agreements.filter((a) => a.partnerCountry === 'AT').length;
      t.ok(reads.rows() <= austrian, `${reads.rows()} rows read of ${austrian} Austrian agreements`);
    }
  },
);

t.test('a cursor the API did not issue is a 400 naming query.cursor', async (t) => {
  const { redis, namespace } = await model(t, 3);
  const queries = new AgreementQueries(redis, namespace);
  const cursors = ['nonsense!', 'QA title', 'QA title\u0000', 'qa title\u0000id', 'QA a\u0000id\u0000more'];
  for (const text of cursors) {
    const cursor = /^[A-Za-z]+!$/.test(text) ? text : Buffer.from(text).toString('base64url');
    await t.rejects(queries.list({ limit: 5, cursor }), InvalidCursorError, JSON.stringify(text));
  }
  const page = await queries.list({ limit: 1 });
  t.ok(page.nextCursor, 'a cursor it issued');
  t.equal((await queries.list({ limit: 5, cursor: page.nextCursor ?? '' })).items.length, 2);
});

t.test("the clock's sweep walks past entries the decider passes over", async (t) => {
  const namespace = uniqueNamespace('blmas');
  const redis = await redisFixture(t, namespace);
  // Five terminated agreements whose actions fell due before that of the one agreement still in force:
  // their entries stay in the actions index (termination cannot name them) and come first.
  const decided = [{ action: 'Share the list of agencies', owner: 'NEA', due: '2026-03-01' }];
  const dead = Array.from({ length: 5 }, (_, i) => ({
    id: `dead-${i}`,
    events: [
      recorded(),
      signed(),
      enteredIntoForce(),
      meetingHeld('2026-02-20', decided),
      terminated('2026-02-25', 'in-force'),
    ] as AgreementEvent[],
  }));
  const live = {
    id: 'live',
    events: [
      recorded(),
      signed(),
      enteredIntoForce(),
      meetingHeld('2026-02-20', [{ ...decided[0], due: '2026-03-02' } as (typeof decided)[0]]),
    ] as AgreementEvent[],
  };
  await applyMessages(redis, namespace, agreementIndexProjection, messagesOf([...dead, live]));
  const asked: string[] = [];
  const commands = {
    handleScheduled: async (id: string) => {
      asked.push(id);
      return { events: [] };
    },
  } as unknown as AgreementCommands;
  const clock = { now: () => new Date('2026-03-10T08:00:00Z') };
  const sweep = new ClockSweep(commands, new AgreementQueries(redis, namespace), clock, 2);
  for (let run = 0; run < 3; run++) await sweep.run();
  t.same(asked, ['dead-0', 'dead-1', 'dead-2', 'dead-3', 'dead-4', 'live'], 'three runs of two reach it');
  await sweep.run();
  t.same(asked.slice(6), ['dead-0', 'dead-1'], 'then the walk starts over');

  // Once reported overdue (or done), an action leaves the index.
  await applyMessages(
    redis,
    namespace,
    agreementIndexProjection,
    messagesOf(
      [
        { id: 'live', events: [actionOverdue('2026-03-03T00:00:00Z', 'meeting-1-action-1')] },
        { id: 'dead-0', events: [actionDone('meeting-1-action-1', '2026-03-04')] },
      ],
      100,
    ),
  );
  const { total } = await new AgreementQueries(redis, namespace).dueIn('actions', 99_999, 0, 10);
  t.equal(total, 4, 'the four other terminated agreements remain');
});

t.test(
  'the sweep starts over when the entries it would resume at are gone, and one failure stops no other',
  async (t) => {
    const namespace = uniqueNamespace('blmas');
    const redis = await redisFixture(t, namespace);
    const lapsing = (id: string) => ({
      id,
      events: [
        recorded(),
        signed(),
        enteredIntoForce('2026-02-01', { expiry: '2026-02-28' }),
      ] as AgreementEvent[],
    });
    await applyMessages(
      redis,
      namespace,
      agreementIndexProjection,
      messagesOf([lapsing('a'), lapsing('b'), lapsing('c')]),
    );
    const asked: string[] = [];
    const failing = new Set(['a']);
    const commands = {
      handleScheduled: async (id: string) => {
        asked.push(id);
        if (failing.has(id)) throw new Error(`store timeout for ${id}`);
        return { events: [{}] };
      },
    } as unknown as AgreementCommands;
    const clock = { now: () => new Date('2026-03-10T08:00:00Z') };
    const sweep = new ClockSweep(commands, new AgreementQueries(redis, namespace), clock, 1);

    await t.rejects(sweep.run(), AggregateError, 'a failed agreement fails the run, so the host logs it');
    t.same(asked, ['a'], 'the first batch of one');
    failing.clear();
    t.match(await sweep.run(), { expired: 1 }, 'the next run goes on with b');
    t.same(asked, ['a', 'b']);

    // All three expire before the next run: it would resume past the end, so it starts over and finds none.
    await applyMessages(
      redis,
      namespace,
      agreementIndexProjection,
      messagesOf(
        [
          { id: 'a', events: [expiredByClock('2026-03-01T00:00:00Z', '2026-03-01', '2026-02-28')] },
          { id: 'b', events: [expiredByClock('2026-03-01T00:00:00Z', '2026-03-01', '2026-02-28')] },
          { id: 'c', events: [expiredByClock('2026-03-01T00:00:00Z', '2026-03-01', '2026-02-28')] },
        ],
        100,
      ),
    );
    t.same(await sweep.run(), { expired: 0, reviewsDue: 0, actionsOverdue: 0 });
    t.same(asked, ['a', 'b'], 'nothing left to ask');
  },
);
