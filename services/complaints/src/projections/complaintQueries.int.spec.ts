import {
  applyMessages,
  InvalidCursorError,
  keysOf,
  projectionLayout,
  type RecordedEvent,
} from '@kazi/eventsourcing';
import { redisFixture, uniqueNamespace } from '@kazi/test-servers';
import type { Redis } from 'ioredis';
import t, { type Test } from 'tap';
import { COMPLAINT_STATUSES, SEVERITIES } from '../domain/complaint/vocabulary.ts';
import { complaintQueueProjection, queueScore } from './complaintQueue.ts';
import { countingRedis } from './countingRedis.fixture.ts';
import {
  ComplaintQueries,
  type ComplaintSummary,
  DEFAULT_QUEUE_LIMITS,
  type QueueFilter,
} from './queries.ts';
import { events, walk } from './queueReplay.fixture.ts';

/**
 * The queue against a real Redis, its model written by the projection runner's own apply script (so the
 * script's ZADDSCOREOF and ZADDKEYFIELD run for real): every filter pages through its matches in order,
 * and no request examines more than the bound, counted through a recording client (docs/bounded-work.md).
 */
async function queueOf(t: Test, log: RecordedEvent[]) {
  const ns = uniqueNamespace('cq');
  const redis = await redisFixture(t, ns);
  const applied = await applyMessages(
    redis,
    ns,
    complaintQueueProjection,
    log.map((event, i) => ({ position: i + 1, events: [event] })),
  );
  t.equal(applied, log.length, 'every event applied');
  return { ns, redis };
}

/** Every summary, read directly: what each filter must answer, in queue order. */
async function everything(redis: Redis, ns: string): Promise<ComplaintSummary[]> {
  const all: ComplaintSummary[] = [];
  for (const status of COMPLAINT_STATUSES) {
    let cursor: string | undefined;
    do {
      const page = await new ComplaintQueries(redis, ns).queue({ status, limit: 200, cursor });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return all;
}

const inQueueOrder = (a: ComplaintSummary, b: ComplaintSummary) =>
  queueScore(a.severity as 'high', a.respondBy) - queueScore(b.severity as 'high', b.respondBy) ||
  (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Follows nextCursor to the end; returns the ids and the most summaries one request read. */
async function pages(
  redis: Redis,
  ns: string,
  filter: Omit<QueueFilter, 'cursor'>,
  limits = DEFAULT_QUEUE_LIMITS,
) {
  const ids: string[] = [];
  let mostRead = 0;
  let requests = 0;
  let cursor: string | undefined;
  do {
    const counting = countingRedis(redis);
    const page = await new ComplaintQueries(counting.redis, ns, limits).queue({ ...filter, cursor });
    mostRead = Math.max(mostRead, counting.sent.filter((c) => c.name === 'hgetall').length);
    ids.push(...page.items.map((s) => s.id));
    cursor = page.nextCursor ?? undefined;
    if (++requests > 10_000) throw new Error('the cursor never ends');
  } while (cursor);
  return { ids, mostRead, requests };
}

t.test('every filter and combination pages through all its matches in order, once each', async (t) => {
  const log = walk(2026, 240, 600);
  const { ns, redis } = await queueOf(t, log);
  const all = await everything(redis, ns);
  t.equal(all.length, 240, 'every complaint is in exactly one status');
  const open = ['lodged', 'triaged', 'assigned', 'referred', 'reopened'];
  const limits = { batchSize: 7, maxExamined: 25 };
  const filters: Omit<QueueFilter, 'cursor' | 'limit'>[] = [
    {},
    ...COMPLAINT_STATUSES.map((status) => ({ status })),
    ...SEVERITIES.map((severity) => ({ severity })),
    { agencyId: 'a0' },
    { agencyId: 'a1' },
    { agencyId: 'nobody' },
    { country: 'SA' },
    { country: 'QA', severity: 'critical' },
    { status: 'closed', agencyId: 'a1' },
    { status: 'assigned', country: 'SA', severity: 'high' },
    { status: 'resolved', severity: 'normal', agencyId: 'a0', country: 'QA' },
    { agencyId: 'a1', country: 'SA' },
  ];
  for (const filter of filters) {
    const expected = all
      .filter(
        (s) =>
          (filter.status ? s.status === filter.status : open.includes(s.status)) &&
          (!filter.severity || s.severity === filter.severity) &&
          (!filter.agencyId || s.agencyId === filter.agencyId) &&
          (!filter.country || s.country === filter.country),
      )
      .sort(inQueueOrder)
      .map((s) => s.id);
    const label = JSON.stringify(filter);
    for (const limit of [1, 5, 200]) {
      const walked = await pages(redis, ns, { ...filter, limit }, limits);
      t.same(walked.ids, expected, `${label} by ${limit}: every match once, in queue order`);
      t.ok(
        walked.mostRead <= limits.maxExamined,
        `${label} by ${limit}: ≤ ${limits.maxExamined} read a request`,
      );
    }
  }
});

t.test('a closed status or a rare filter in a big queue reads a bounded number of keys', async (t) => {
  // 3,000 open complaints, a handful closed, one agency with two.
  const log: RecordedEvent[] = [];
  for (let i = 0; i < 3_000; i++) log.push(events.lodged(`open${i}`, i));
  for (let i = 0; i < 4; i++) {
    const id = `done${i}`;
    log.push(events.lodged(id, i), events.resolved(id), events.closed(id));
  }
  const rare = (id: string, n: number) => {
    const lodged = events.lodged(id, n);
    return {
      ...lodged,
      data: { ...(lodged.data as object), agency: { agencyId: 'rare-agency' } },
    } as RecordedEvent;
  };
  log.push(rare('rare1', 1), rare('rare2', 2));
  const { ns, redis } = await queueOf(t, log);

  const closed = await pages(redis, ns, { status: 'closed', limit: 50 });
  t.equal(closed.ids.length, 4, 'the closed ones');
  t.ok(closed.mostRead <= 5, `closed: ${closed.mostRead} summaries read, not the 3,000 open ones`);
  const agency = await pages(redis, ns, { agencyId: 'rare-agency', status: 'lodged', limit: 50 });
  t.same(agency.ids.sort(), ['rare1', 'rare2']);
  t.ok(agency.mostRead <= 2, `a rare agency: ${agency.mostRead} summaries read`);

  // Filters whose sets are big (a country, a severity, an agency): the bound holds whatever they match.
  const sparse = await pages(redis, ns, { status: 'withdrawn', country: 'SA', limit: 50 });
  t.same(sparse.ids, [], 'no withdrawn ones');
  t.equal(sparse.mostRead, 0, 'an empty status set is the smallest: nothing read');
  const capped = await pages(redis, ns, { severity: 'normal', country: 'SA', agencyId: 'a0', limit: 10 });
  t.ok(
    capped.mostRead <= DEFAULT_QUEUE_LIMITS.maxExamined,
    `${capped.mostRead} summaries read at most a request`,
  );
});

t.test("a busy agency's or country's open complaints are read from their open sets", async (t) => {
  // An agency with 2,000 closed complaints and three open ones among them, as a long-licensed agency has.
  const busy = (id: string, n: number) => {
    const lodged = events.lodged(id, n);
    return {
      ...lodged,
      data: { ...(lodged.data as object), agency: { agencyId: 'busy-agency' } },
    } as RecordedEvent;
  };
  const log: RecordedEvent[] = [];
  for (let i = 0; i < 2_000; i++) {
    const id = `old${i}`;
    log.push(busy(id, i), events.resolved(id), events.closed(id));
  }
  for (let i = 0; i < 3; i++) log.push(busy(`new${i}`, 5_000 + i));
  const { ns, redis } = await queueOf(t, log);

  const open = await pages(redis, ns, { agencyId: 'busy-agency', limit: 50 });
  t.same(open.ids.sort(), ['new0', 'new1', 'new2'], 'the open ones, in one page');
  t.equal(open.requests, 1, 'no empty pages to follow');
  t.ok(open.mostRead <= 3, `${open.mostRead} summaries read, not the 2,000 closed ones`);
  const country = await pages(redis, ns, { country: 'SA', limit: 50 });
  t.ok(country.requests === 1 && country.mostRead <= 3, 'the same for its country');
  const closed = await pages(redis, ns, { agencyId: 'busy-agency', status: 'closed', limit: 500 });
  t.equal(closed.ids.length, 2_000, 'a status filter still reads the agency set');
});

t.test('a rare combination stops at the bound and resumes where it stopped', async (t) => {
  // 300 critical in QA, 300 high in SA (see events.lodged) and one critical in SA, half-way down.
  const log: RecordedEvent[] = [];
  for (let i = 0; i < 300; i++) log.push(events.lodged(`qa${i}`, 6 * i), events.lodged(`sa${i}`, 6 * i + 1));
  log.push(events.lodged('needle', 6 * 150 + 3));
  const { ns, redis } = await queueOf(t, log);
  const limits = { batchSize: 40, maxExamined: 100 };
  const filter = { severity: 'critical', country: 'SA', limit: 10 };

  const first = await new ComplaintQueries(redis, ns, limits).queue(filter);
  t.same(first.items, [], 'the first hundred examined hold no match');
  t.ok(first.nextCursor, 'yet the page has a cursor: the bound, not the end, stopped it');
  const walked = await pages(redis, ns, filter, limits);
  t.same(walked.ids, ['needle'], 'following the cursors finds the one match');
  t.ok(walked.requests >= 2, `${walked.requests} requests`);
  t.ok(walked.mostRead <= limits.maxExamined, `no request read more than ${limits.maxExamined}`);
});

t.test('cursors: one in the format issued before still works; a made-up one is a 400', async (t) => {
  const log = Array.from({ length: 12 }, (_, i) => events.lodged(`k${i}`, i));
  const { ns, redis } = await queueOf(t, log);
  const queries = new ComplaintQueries(redis, ns);
  const whole = (await queries.queue({ limit: 200 })).items;
  const third = whole[2];
  if (!third) throw new Error('no third item');
  // The cursor format of projection version 1: base64url of "<queue score>:<id>".
  const old = Buffer.from(`${queueScore(third.severity as 'high', third.respondBy)}:${third.id}`).toString(
    'base64url',
  );
  t.same(
    (await queries.queue({ limit: 200, cursor: old })).items.map((s) => s.id),
    whole.slice(3).map((s) => s.id),
    'an earlier cursor resumes right after its item',
  );
  await t.rejects(queries.queue({ limit: 5, cursor: 'not-a-cursor' }), InvalidCursorError);
});

t.test(
  'a generation built before the indexes still answers, bounded, until the rebuild switches',
  async (t) => {
    const log = walk(77, 60, 150);
    const { ns, redis } = await queueOf(t, log);
    const expected = await everything(redis, ns);
    // Turn generation 1 into the version 1 layout: agency and country as plain sets, no status or severity sets.
    const layout = projectionLayout(ns, complaintQueueProjection.name);
    const keys = keysOf(layout, 1);
    for (const key of await redis.keys(`${keys.prefix}:*`)) {
      const [, kind] = key.slice(keys.prefix.length).split(':');
      if (kind === 'status' || kind === 'severity') await redis.del(key);
      if (kind === 'agency' || kind === 'country') {
        const members = await redis.zrange(key, 0, -1);
        await redis.del(key);
        await redis.sadd(key, ...members);
      }
    }
    await redis.hset(layout.meta(1), 'version', 1);

    const limits = { batchSize: 10, maxExamined: 30 };
    for (const filter of [{ agencyId: 'a1' }, { country: 'SA', status: 'closed' }, { severity: 'high' }]) {
      const walked = await pages(redis, ns, { ...filter, limit: 5 }, limits);
      const matching = expected
        .filter(
          (s) =>
            (filter.status
              ? s.status === filter.status
              : ['lodged', 'triaged', 'assigned', 'referred', 'reopened'].includes(s.status)) &&
            (!('agencyId' in filter) || s.agencyId === filter.agencyId) &&
            (!('country' in filter) || s.country === filter.country) &&
            (!('severity' in filter) || s.severity === filter.severity),
        )
        .sort(inQueueOrder)
        .map((s) => s.id);
      t.same(walked.ids, matching, `${JSON.stringify(filter)}: the same answer from the old layout`);
      t.ok(walked.mostRead <= limits.maxExamined, 'within the bound');
    }
  },
);
