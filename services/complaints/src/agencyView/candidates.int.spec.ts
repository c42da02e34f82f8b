import { randomUUID } from 'node:crypto';
import { AgencyApplicationRecorded, type IntegrationEventData } from '@kazi/contracts';
import { applyMessages, DEFAULT_CANDIDATE_LIMITS } from '@kazi/eventsourcing';
import type { Envelope } from '@kazi/messaging';
import { redisFixture, uniqueNamespace } from '@kazi/test-servers';
import type { Redis } from 'ioredis';
import t, { type Test } from 'tap';
import { countingRedis } from '../projections/countingRedis.fixture.ts';
import { agencyViewProjection } from './agencyView.ts';
import { AgencyView } from './agencyViewQueries.ts';

/**
 * Name look-ups stay bounded in a registry where thousands of agencies share a word (docs/bounded-work.md): what a
 * look-up reads is counted through a recording client, never timed.
 */
const SHARING = 3_000;

async function registry(t: Test) {
  const ns = uniqueNamespace('cand');
  const redis = await redisFixture(t, ns);
  let sequence = 0;
  const add = async (names: string[]) => {
    const ids = names.map(() => randomUUID());
    // Through the runner's own apply script, without NATS: thousands of agencies in a few round trips.
    const messages = names.map((name, i) => {
      const position = ++sequence;
      return { position, events: [{ envelope: recorded(ids[i] ?? '', name), position }] };
    });
    await applyMessages(redis, ns, agencyViewProjection, messages);
    return ids;
  };
  await add(Array.from({ length: SHARING }, (_, i) => `Soak Agency ${i}`));
  return { ns, redis, add };
}

/** What one look-up sent: commands, agency records read and token sets ranged. */
async function lookUp(redis: Redis, ns: string, name: string, limit?: number, view?: typeof AgencyView) {
  const counting = countingRedis(redis);
  const found = await new (view ?? AgencyView)(counting.redis, ns).candidates(name, limit);
  const named = (command: string) => counting.sent.filter((c) => c.name === command);
  return {
    found,
    commands: counting.sent.length,
    recordsRead: named('hmget').length + named('hgetall').length,
    ranged: named('zrange').map((c) => String(c.args[0]).split(':').at(-1)),
  };
}

t.test('a rare word finds its agency first among thousands sharing a common word', async (t) => {
  const { ns, redis, add } = await registry(t);
  const [zebra] = await add(['Soak Zebrafinch Recruitment Ltd']);
  const { found, recordsRead, ranged } = await lookUp(redis, ns, 'Soak Zebrafinch');
  t.same(found[0], { agencyId: zebra, name: 'Soak Zebrafinch Recruitment Ltd', status: 'applied', score: 1 });
  t.same(ranged, ['zebrafinch'], 'only the rare word’s set is read; "soak" only scores');
  t.equal(recordsRead, 1, 'one agency record read, not the thousands named "Soak"');
});

t.test('a name of common words only reads a bounded sample and answers at most N', async (t) => {
  const { ns, redis, add } = await registry(t);
  const first = await lookUp(redis, ns, 'Soak Agency', 7);
  t.equal(first.found.length, 7, 'at most the N asked for');
  t.ok(
    first.found.every((c) => c.name.startsWith('Soak Agency ') && c.score > 0),
    'each shares the word',
  );
  t.ok(
    first.recordsRead <= DEFAULT_CANDIDATE_LIMITS.maxIdsRead,
    `${first.recordsRead} records read, within ${DEFAULT_CANDIDATE_LIMITS.maxIdsRead} of ${SHARING}`,
  );
  // Besides the records: the live generation (a projection's reader looks it up per request), the count of
  // named agencies, the word's size and its range.
  t.ok(first.commands <= DEFAULT_CANDIDATE_LIMITS.maxIdsRead + 4, `${first.commands} commands in all`);
  t.same((await lookUp(redis, ns, 'Soak Agency', 7)).found, first.found, 'the same name, the same answer');
  t.equal((await lookUp(redis, ns, 'Soak', 500)).found.length, DEFAULT_CANDIDATE_LIMITS.maxCandidates);

  await add(Array.from({ length: SHARING }, (_, i) => `Soak Gulf Manpower ${i}`));
  const grown = await lookUp(redis, ns, 'Soak Agency', 7);
  t.equal(grown.recordsRead, first.recordsRead, 'twice the agencies sharing the word, the same reads');
  t.equal(grown.commands, first.commands, 'and the same commands');
});

t.test('the shortest names sharing a common word come first in the sample', async (t) => {
  const { ns, redis, add } = await registry(t);
  const [short] = await add(['Soak']);
  const { found } = await lookUp(redis, ns, 'Soak International', 3);
  t.equal(found[0]?.agencyId, short, 'the agency named just "Soak" is read and ranked first');
  t.equal(found[0]?.score, 1);
});

t.test('a configured budget is the bound', async (t) => {
  const { ns, redis } = await registry(t);
  const counting = countingRedis(redis);
  const limits = { ...DEFAULT_CANDIDATE_LIMITS, maxIdsRead: 40, maxCandidates: 3 };
  const found = await new AgencyView(counting.redis, ns, limits).candidates('Soak Agency 12', 10);
  t.ok(found.length <= 3, 'no more than maxCandidates');
  t.equal(found[0]?.name, 'Soak Agency 12', 'the rare word ("12") still finds its agency');
  t.ok(counting.sent.filter((c) => c.name === 'hmget').length <= 40, 'at most 40 records read');
});

const recorded = (
  agencyId: string,
  name: string,
): Envelope<IntegrationEventData<typeof AgencyApplicationRecorded>> => ({
  id: randomUUID(),
  source: '/kazi/agency-registry',
  type: AgencyApplicationRecorded.type,
  subject: agencyId,
  time: '2026-03-01T08:00:00.000Z',
  correlationId: randomUUID(),
  actor: 'officer-1',
  data: { agencyId, name, registrationNumber: 'PVT-1', county: 'Mombasa', at: '2026-03-01T08:00:00.000Z' },
});
