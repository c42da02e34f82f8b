import { randomUUID } from 'node:crypto';
import {
  AgencyApplicationRecorded,
  AgencyLicensed,
  ComplaintLodged,
  type IntegrationEventData,
} from '@kazi/contracts';
import { ManualClock } from '@kazi/core';
import t from 'tap';
import { lodging, reportingFixture } from '../reporting/reporting.fixture.ts';
import { REPORTING } from '../reporting/reportingProjection.ts';
import { RiskRanking } from './riskRanking.ts';
import { RISK_RULES, type RiskWeights } from './riskRules.ts';
import { exactCells } from './suppression.ts';
import { watchlistPage } from './watchlist.ts';

const weights: RiskWeights = {
  'open-critical-complaints': 10,
  'complaints-per-licensed-year': 2,
  'forced-labour-indicators': 5,
  'recruiting-without-licence': 8,
  'overdue-responses': 3,
  'revoked-director': 15,
};

/** n agencies licensed on 2025-01-10; agency i gets i critical complaints, so the ranking is known. */
async function agencies(
  publish: Awaited<ReturnType<typeof reportingFixture>>['publish'],
  n: number,
): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID()).sort();
  for (const agencyId of ids) {
    const base = { agencyId, name: 'Agency Ltd', registrationNumber: `PVT-${agencyId.slice(0, 8)}` };
    await publish(AgencyApplicationRecorded, { ...base, at: '2025-01-02T09:00:00.000Z', county: 'Nairobi' });
    await publish(AgencyLicensed, {
      ...base,
      at: '2025-01-10T09:00:00.000Z',
      licenceNumber: 'NEA/PRA/2025/0001',
      validFrom: '2025-01-10',
      validUntil: '2027-01-09',
    });
  }
  return ids;
}

const critical = (agencyId: string, overrides: Partial<IntegrationEventData<typeof ComplaintLodged>> = {}) =>
  lodging({ agencyId, severity: 'critical', indicators: [], ...overrides });

async function ranked(pool: Awaited<ReturnType<typeof reportingFixture>>['pool'], limit = 100) {
  const page = await watchlistPage(pool, { weights, cells: exactCells, limit, projection: REPORTING });
  return page.entries.map((e) => [e.agencyId, e.score, e.scoredAt]);
}

t.test('the ranking is built in bounded steps and follows changes by position', async (t) => {
  const { pool, publish, start } = await reportingFixture(t, 'rank');
  const ids = await agencies(publish, 5);
  for (const [i, agencyId] of ids.entries())
    for (let k = 0; k < i; k++) await publish(ComplaintLodged, critical(agencyId));
  const runner = await start();
  await runner.caughtUp();
  const clock = new ManualClock(new Date('2026-03-01T08:00:00Z'));
  const ranking = new RiskRanking(pool, { projection: REPORTING, weights, clock, bounds: { agencies: 2 } });

  const early = await watchlistPage(pool, {
    weights,
    cells: exactCells,
    limit: 10,
    projection: REPORTING,
  }).then(
    () => undefined,
    (error: unknown) => error as { status: number; type: string },
  );
  t.match(
    early,
    { status: 503, type: 'reporting-not-ready' },
    'not ranked yet: 503, never an empty watchlist',
  );
  t.same(
    [await ranking.run(), await ranking.run(), await ranking.run()],
    [
      { step: 'sweep', scored: 2, current: false },
      { step: 'sweep', scored: 2, current: false },
      { step: 'sweep', scored: 1, current: true },
    ],
    'the first ranking scores two agencies a run, in id order, and is current once all five are',
  );
  const scoredAt = '2026-03-01T08:00:00.000Z';
  const before = await ranked(pool);
  t.same(
    before.map(([id]) => id),
    [...ids].reverse(),
    'the most critical complaints first',
  );
  // Four open critical complaints (40) and four complaints in 1.14 licensed years (7.02).
  t.same(before[0], [ids[4], 47.02, scoredAt], 'score and when it was worked out');
  t.same(await ranking.run(), { step: 'idle', scored: 0, current: true }, 'nothing changed: nothing to do');

  // Three agencies change: the two whose changes came first are scored in one run, the third in the next.
  clock.set('2026-03-01T09:00:00Z');
  const [quiet, , , , top] = ids as [string, string, string, string, string];
  for (const agencyId of [quiet, ids[1] as string, ids[2] as string])
    for (let k = 0; k < 5; k++) await publish(ComplaintLodged, critical(agencyId));
  await runner.caughtUp();
  t.same(await ranking.run(), { step: 'changes', scored: 2, current: false });
  t.same(await ranking.run(), { step: 'changes', scored: 1, current: true });
  const after = await ranked(pool);
  t.same(
    after.map(([id]) => id),
    [ids[2], ids[1], quiet, top, ids[3]],
    'the agencies with new critical complaints move up',
  );
  t.same(
    after.find(([id]) => id === top),
    [top, before[0]?.[1], scoredAt],
    'an agency nothing happened to keeps its score and its time',
  );
  t.equal(after[0]?.[2], '2026-03-01T09:00:00.000Z', 'a rescored agency shows when');

  // A page is a range after the cursor: every agency once, in order, across pages of two.
  const seen: unknown[] = [];
  let cursor: string | undefined;
  do {
    const page = await watchlistPage(pool, {
      weights,
      cells: exactCells,
      limit: 2,
      cursor,
      projection: REPORTING,
    });
    seen.push(...page.entries.map((e) => e.agencyId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  t.same(
    seen,
    after.map(([id]) => id),
    'pages of two list every agency once, in rank order',
  );

  // Scores age: after the maximum age, the oldest are worked out again for "now", two a run.
  clock.set('2026-03-01T11:00:00Z');
  t.same(await ranking.run(), { step: 'aged', scored: 2, current: true });
});

t.test(
  'a rebuild switch and new weights rescore every agency; two replicas never work at once',
  async (t) => {
    const { pool, publish, start } = await reportingFixture(t, 'rankgen');
    const ids = await agencies(publish, 3);
    await publish(ComplaintLodged, critical(ids[0] as string));
    const runner = await start();
    await runner.caughtUp();
    const clock = new ManualClock(new Date('2026-03-01T08:00:00Z'));
    const ranking = new RiskRanking(pool, { projection: REPORTING, weights, clock });
    await ranking.current();
    const generations = async () =>
      (await pool.query('SELECT DISTINCT generation FROM oversight.risk_ranking')).rows.map(
        (r) => r.generation,
      );
    t.same(await generations(), [1]);

    await runner.rebuild();
    t.same(
      await ranking.run(),
      { step: 'sweep', scored: 3, current: true },
      'the new generation is scored whole',
    );
    t.same(await generations(), [2], 'every row now comes from the live generation');

    const heavier = new RiskRanking(pool, {
      projection: REPORTING,
      weights: { ...weights, 'open-critical-complaints': 100 },
      clock,
    });
    t.match(await heavier.run(), { step: 'sweep', scored: 3 }, 'other weights: every agency again');
    t.same(
      (await ranked(pool))[0]?.slice(0, 2),
      [ids[0], 101.75],
      'scored with the new weights: 100 for its critical complaint',
    );

    // While another replica holds the job's lock, a tick does nothing and says so.
    const other = await pool.connect();
    t.teardown(() => other.release());
    await other.query('BEGIN');
    await other.query("SELECT pg_advisory_xact_lock(hashtextextended('kazi-risk-ranking:' || $1, 0))", [
      REPORTING,
    ]);
    t.same(await heavier.run(), { step: 'busy', scored: 0, current: false });
    await other.query('COMMIT');
    t.match(await heavier.run(), { step: 'idle' }, 'once released, the next tick runs');
    t.equal(RISK_RULES.length, 6, 'every rule is weighed in the key that decides a rescoring');
  },
);
