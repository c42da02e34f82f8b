import { randomUUID } from 'node:crypto';
import { AgencyApplicationRecorded, AgencyLicensed, ComplaintLodged } from '@kazi/contracts';
import t from 'tap';
import { createPool, type Pool } from './database.ts';
import { eventually, lodging, REPORTING_TABLES, reportingFixture, snapshot } from './reporting.fixture.ts';
import { reportingProjection } from './reportingProjection.ts';

const schemaExists = async (pool: Pool, schema: string) =>
  (await pool.query('SELECT to_regnamespace($1) IS NOT NULL AS found', [schema])).rows[0].found as boolean;

/** 60 agencies licensed and 60 complaints: 180 messages, so a rebuild in batches of 5 takes a while. */
async function publishMany(
  publish: Awaited<ReturnType<typeof reportingFixture>>['publish'],
): Promise<number> {
  let last = 0;
  for (let i = 0; i < 60; i++) {
    const agencyId = randomUUID();
    const base = { agencyId, name: `Agency ${i}`, registrationNumber: `PVT-${i}` };
    await publish(AgencyApplicationRecorded, { ...base, at: '2026-01-05T08:00:00.000Z', county: 'Nairobi' });
    await publish(AgencyLicensed, {
      ...base,
      at: '2026-02-01T08:00:00.000Z',
      licenceNumber: `RA/${i}`,
      validFrom: '2026-02-01',
      validUntil: '2027-01-31',
    });
    last = await publish(ComplaintLodged, lodging({ agencyId, country: i % 2 ? 'SA' : 'QA' }));
  }
  return last;
}

t.test(
  'a rebuild fills a new schema while readers see the old one whole, then switches at once',
  async (t) => {
    const { pool, url, publish, start } = await reportingFixture(t, 'rbsw');
    const last = await publishMany(publish);
    const runner = await start({ batchSize: 5, retireGraceMs: 200 });
    await runner.caughtUp(last);
    const before = await snapshot(pool, 'reporting_g1', REPORTING_TABLES);

    // A BI tool reading the views all through the rebuild, on connections of its own.
    const reader = createPool(url, { max: 2 });
    t.teardown(() => reader.end());
    const seen: Array<{ licensed: number; complaints: number; generation: number }> = [];
    let reading = true;
    const reads = (async () => {
      while (reading) {
        const { rows } = await reader.query(
          `SELECT (SELECT count(*)::int FROM reporting.agency_status WHERE status = 'licensed' AND valid_to IS NULL) AS licensed,
                (SELECT count(*)::int FROM reporting.complaint) AS complaints,
                (SELECT generation FROM reporting.freshness) AS generation`,
        );
        seen.push(rows[0]);
      }
    })();

    const { generation, finished } = await runner.startRebuild();
    t.equal(generation, 2);
    t.match(await runner.status(), { state: 'rebuilding', generation: 1, rebuild: { generation: 2 } });
    await finished;
    reading = false;
    await reads;

    t.ok(seen.length > 1, `the reader kept reading (${seen.length} reads)`);
    t.ok(
      seen.every((s) => s.licensed === 60 && s.complaints === 60),
      'every read saw a whole model: never a half-built one',
    );
    const generations = seen.map((s) => s.generation);
    t.same(generations, [...generations].sort(), 'readers move from generation 1 to 2, never back');
    t.equal(generations.at(-1), 2);
    t.match(await runner.status(), { state: 'running', generation: 2, position: last, lag: 0 });
    t.same(
      await snapshot(pool, 'reporting_g2', REPORTING_TABLES),
      before,
      'the same facts (complaint keys too: the replay numbers them in the same order)',
    );
    t.notOk(await schemaExists(pool, 'reporting_g1'), 'the old schema is dropped after its grace period');

    // The rebuilt generation keeps up with new events.
    const next = await publish(ComplaintLodged, lodging());
    await runner.caughtUp(next);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM reporting.complaint');
    t.equal(rows[0].n, 61);
  },
);

t.test('a new projection version rebuilds by itself; the old code, still running, stands down', async (t) => {
  const { pool, publish, start } = await reportingFixture(t, 'rbver');
  await publishMany(publish);
  const old = await start();
  await old.caughtUp();
  const version = reportingProjection.version;
  const v2 = await start({ projection: { ...reportingProjection, version: version + 1 }, batchSize: 20 });
  await v2.caughtUp(undefined, { timeoutMs: 60_000 });
  t.match(await v2.status(), { version: version + 1, generation: 2, state: 'running' });
  await eventually('generation 1 to be dropped', async () => !(await schemaExists(pool, 'reporting_g1')));
  const { rows } = await pool.query(
    "SELECT generation, version, state FROM oversight.projection_generation WHERE projection = 'reporting' ORDER BY generation",
  );
  t.same(rows, [
    { generation: 1, version, state: 'dropped' },
    { generation: 2, version: version + 1, state: 'live' },
  ]);
  // The old code's next batch finds its generation retired; it must not take the model back.
  const next = await publish(ComplaintLodged, lodging());
  await v2.caughtUp(next);
  await t.resolveMatch(
    (async () => {
      for (;;) {
        const status = await old.status();
        if (status.state === 'failed') return status;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })(),
    { state: 'failed', lastError: new RegExp(`older than version ${version + 1}`) },
  );
  const live = await pool.query(
    "SELECT count(*)::int AS n FROM oversight.projection_generation WHERE state = 'live'",
  );
  t.equal(live.rows[0].n, 1);
});

t.test(
  'a generation retired but not dropped (a crash after the switch) is dropped at the next start',
  async (t) => {
    const { pool, publish, start } = await reportingFixture(t, 'rbcr');
    await publish(ComplaintLodged, lodging());
    const first = await start();
    await first.caughtUp();
    t.equal(await first.rebuild(), 2);
    await first.stop();
    // What a crash between the switch and the drop leaves: generation 1 retired, its schema still there.
    await pool.query(
      "UPDATE oversight.projection_generation SET state = 'retired' WHERE projection = 'reporting' AND generation = 1",
    );
    await pool.query('CREATE SCHEMA reporting_g1; CREATE TABLE reporting_g1.complaint (x int)');
    const second = await start();
    await second.caughtUp();
    await eventually(
      'the leftover schema to be dropped',
      async () => !(await schemaExists(pool, 'reporting_g1')),
    );
    const { rows } = await pool.query(
      "SELECT state FROM oversight.projection_generation WHERE projection = 'reporting' AND generation = 1",
    );
    t.same(rows, [{ state: 'dropped' }]);
  },
);
