import { randomUUID } from 'node:crypto';
import { AgencyApplicationRecorded, ComplaintLodged } from '@kazi/contracts';
import type { ReceivedIntegrationEvent } from '@kazi/messaging';
import t from 'tap';
import type { Pool } from './database.ts';
import type { PgProjection } from './pgProjection.ts';
import { eventually, lodging, REPORTING_TABLES, reportingFixture, snapshot } from './reporting.fixture.ts';
import { reportingProjection } from './reportingProjection.ts';

/** Fails in `ms` instead of hanging the whole test file when `promise` never settles (issue 13). */
async function within<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

const generations = async (pool: Pool) =>
  (
    await pool.query(
      `SELECT generation, state, checkpoint FROM oversight.projection_generation
       WHERE projection = 'reporting' ORDER BY generation`,
    )
  ).rows as Array<{ generation: number; state: string; checkpoint: number }>;

/** 40 agencies' applications and 40 complaints: 80 messages. */
async function publishSome(publish: Awaited<ReturnType<typeof reportingFixture>>['publish']) {
  let last = 0;
  for (let i = 0; i < 40; i++) {
    const agencyId = randomUUID();
    await publish(AgencyApplicationRecorded, {
      agencyId,
      at: '2026-01-05T08:00:00.000Z',
      name: `Agency ${i}`,
      registrationNumber: `PVT-${i}`,
      county: 'Nairobi',
    });
    last = await publish(ComplaintLodged, lodging({ agencyId }));
  }
  return last;
}

/** The reporting projection, made to take 20 ms an event while `slow.on`: a rebuild then lasts seconds. */
function slowable(slow: { on: boolean }): PgProjection<ReceivedIntegrationEvent> {
  return {
    ...reportingProjection,
    apply(events) {
      const statements = reportingProjection.apply(events);
      return slow.on ? [{ text: `SELECT pg_sleep(${0.02 * events.length})` }, ...statements] : statements;
    },
  };
}

t.test('stopping at once after a rebuild starts returns promptly; the live model is untouched', async (t) => {
  const { pool, publish, start } = await reportingFixture(t, 'stpnow');
  const last = await publishSome(publish);
  const runner = await start({ batchSize: 5 });
  await runner.caughtUp(last);
  const before = await snapshot(pool, 'reporting_g1', REPORTING_TABLES);

  const { generation, finished } = await runner.startRebuild();
  t.equal(generation, 2);
  // Listened to before stopping: stop() settles it at once.
  const outcome = t.rejects(finished, /stopped/, 'the rebuild says it was stopped');
  await within('stop() during a rebuild', 5000, runner.stop());
  await within('the rebuild to settle', 1000, outcome);
  t.match(await runner.status(), { state: 'stopped', generation: 1, position: last });
  const rows = await generations(pool);
  t.match(rows[0], { generation: 1, state: 'live', checkpoint: last }, 'the live generation stays live');
  t.equal(rows[1]?.state, 'building', 'the half-built generation is kept, to resume');
  t.same(await snapshot(pool, 'reporting_g1', REPORTING_TABLES), before, 'the live rows are unchanged');
  await t.rejects(runner.caughtUp(last + 1), /stopped/, 'a later wait on a stopped runner fails at once');
});

t.test('a rebuild stopped midway resumes from its checkpoint at the next start and finishes', async (t) => {
  const { pool, publish, start } = await reportingFixture(t, 'stpmid');
  const last = await publishSome(publish);
  const slow = { on: false };
  const projection = slowable(slow);
  const first = await start({ projection, batchSize: 5 });
  await first.caughtUp(last);
  const before = await snapshot(pool, 'reporting_g1', REPORTING_TABLES);

  slow.on = true;
  const { finished } = await first.startRebuild();
  finished.catch(() => {});
  const midway = await eventually('the rebuild to be midway', async () => {
    const { rebuild } = await first.status();
    return rebuild && rebuild.position >= 20 && rebuild.position < last && rebuild.position;
  });
  const started = Date.now();
  await within('stop() midway through a rebuild', 5000, first.stop());
  t.ok(Date.now() - started < 2000, `stop() returned in ${Date.now() - started} ms`);
  const rows = await generations(pool);
  t.match(rows[0], { generation: 1, state: 'live', checkpoint: last });
  t.equal(rows[1]?.state, 'building');
  t.ok(rows[1]!.checkpoint >= midway && rows[1]!.checkpoint < last, 'the build kept what it committed');
  t.same(await snapshot(pool, 'reporting_g1', REPORTING_TABLES), before);

  // The next start picks the build up where it stopped (the plan finds it) and makes it live.
  slow.on = false;
  const second = await start({ projection, batchSize: 5 });
  await eventually('generation 2 to go live', async () => (await second.status()).generation === 2);
  await second.caughtUp(last);
  t.same(await snapshot(pool, 'reporting_g2', REPORTING_TABLES), before, 'the resumed build is whole');
  await within('stop() once running', 5000, second.stop());
});

t.test('stop() returns promptly while the runner fails and retries', async (t) => {
  const { publish, start } = await reportingFixture(t, 'stpfail');
  await publishSome(publish);
  const failing: PgProjection<ReceivedIntegrationEvent> = {
    ...reportingProjection,
    apply: () => [{ text: 'SELECT 1 / 0' }],
  };
  const runner = await start({ projection: failing, retryDelayMs: 60_000 });
  await eventually('the runner to fail', async () => (await runner.status()).state === 'failed');
  const waiting = t.rejects(runner.caughtUp(undefined, { timeoutMs: 60_000 }), /stopped/);
  await within('stop() while failing', 5000, runner.stop());
  await within('caughtUp to settle', 1000, waiting);
});

t.test('stop() returns promptly while a switch waits for a long report to release the views', async (t) => {
  const { pool, publish, start } = await reportingFixture(t, 'stplock');
  const last = await publishSome(publish);
  const runner = await start({ lockTimeoutMs: 60_000, retryDelayMs: 50, retireGraceMs: 60_000 });
  await runner.caughtUp(last);
  const report = await pool.connect();
  t.teardown(() => report.release());
  await report.query('BEGIN');
  await report.query('SELECT count(*) FROM reporting.agency_status');
  const { finished } = await runner.startRebuild();
  finished.catch(() => {});
  // The build catches up and its switch then queues behind the report's lock.
  await eventually('the switch to wait for the lock', async () => {
    const { rows } = await pool.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'DROP VIEW%'",
    );
    return rows[0].n > 0;
  });
  await within('stop() while the switch waits for a lock', 5000, runner.stop());
  await report.query('COMMIT');
  const rows = await generations(pool);
  t.match(rows[0], { generation: 1, state: 'live' }, 'the switch did not happen: generation 1 is live');
  t.match(
    rows[1],
    { generation: 2, state: 'building', checkpoint: last },
    'generation 2 waits for the next start',
  );

  const next = await start();
  await eventually('generation 2 to go live', async () => (await next.status()).generation === 2);
});

t.test('stop() cuts a retired generation’s grace period short and drops it', async (t) => {
  const { pool, publish, start } = await reportingFixture(t, 'stpdrop');
  await publish(ComplaintLodged, lodging());
  const runner = await start({ retireGraceMs: 60_000 });
  await runner.caughtUp();
  const { finished } = await runner.startRebuild();
  finished.catch(() => {});
  await eventually('generation 2 to go live', async () => (await runner.status()).generation === 2);
  await within('stop() with a drop pending', 5000, runner.stop());
  await t.resolves(finished, 'the rebuild, waiting for its drop, finishes with it');
  t.match(await generations(pool), [
    { generation: 1, state: 'dropped' },
    { generation: 2, state: 'live' },
  ]);
});

t.test('stop() does not wait for a drop queued behind a reader; the next start drops it', async (t) => {
  const { pool, publish, start } = await reportingFixture(t, 'stpdlk');
  await publish(ComplaintLodged, lodging());
  const runner = await start({ retireGraceMs: 60_000, lockTimeoutMs: 60_000 });
  await runner.caughtUp();
  const { finished } = await runner.startRebuild();
  finished.catch(() => {});
  await eventually('generation 2 to go live', async () => (await runner.status()).generation === 2);
  // A reader still on the retired generation's tables, addressed directly.
  const report = await pool.connect();
  t.teardown(() => report.release());
  await report.query('BEGIN');
  await report.query('SELECT count(*) FROM reporting_g1.complaint');
  await within('stop() with a drop behind a lock', 5000, runner.stop());
  t.match(await generations(pool), [
    { generation: 1, state: 'retired' },
    { generation: 2, state: 'live' },
  ]);
  const during = await report.query('SELECT count(*)::int AS n FROM reporting_g1.complaint');
  t.same(during.rows, [{ n: 1 }], 'the reader read on');
  await report.query('COMMIT');

  const next = await start();
  await next.caughtUp();
  await eventually(
    'generation 1 to be dropped',
    async () => (await generations(pool))[0]?.state === 'dropped',
  );
});
