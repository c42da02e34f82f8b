import { randomUUID } from 'node:crypto';
import { AgencyApplicationRecorded, ComplaintLodged } from '@kazi/contracts';
import t from 'tap';
import type { Pool } from './database.ts';
import { splitSchema } from './pgProjection.ts';
import { lodging, reportingFixture } from './reporting.fixture.ts';
import { reportingProjection } from './reportingProjection.ts';

/** Each index of a schema with its definition, the schema's name taken out so two generations compare. */
async function indexes(pool: Pool, schema: string): Promise<Record<string, string>> {
  const { rows } = await pool.query<{ name: string; definition: string }>(
    'SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE schemaname = $1',
    [schema],
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.definition.replaceAll(`${schema}.`, '')]));
}

t.test(
  'a rebuild fills its generation without the secondary indexes and has them all at its switch',
  async (t) => {
    const { deferred } = splitSchema(reportingProjection.schemaSql);
    t.ok(deferred.length > 10, `${deferred.length} secondary indexes wait for the switch`);
    t.notOk(
      deferred.some((index) => index.name === 'agreement_terms_by_agreement'),
      'an index marked "while building" is not one of them',
    );

    const { pool, publish, start } = await reportingFixture(t, 'rbidx');
    let last = 0;
    for (let i = 0; i < 40; i++) {
      const agencyId = randomUUID();
      await publish(AgencyApplicationRecorded, {
        agencyId,
        name: `Agency ${i}`,
        registrationNumber: `PVT-${i}`,
        at: '2026-01-05T08:00:00.000Z',
        county: 'Nairobi',
      });
      last = await publish(ComplaintLodged, lodging({ agencyId }));
    }
    const runner = await start({ batchSize: 2 });
    await runner.caughtUp(last);
    const first = await indexes(pool, 'reporting_g1');
    t.ok(
      deferred.every((index) => index.name in first),
      'the first generation, live from the start, has every index',
    );

    const { generation, finished } = await runner.startRebuild();
    t.equal(generation, 2);
    const building = await indexes(pool, 'reporting_g2');
    t.notOk(
      deferred.some((index) => index.name in building),
      'while it builds, the new generation has none of the secondary indexes',
    );
    t.ok('complaint_status_current' in building, 'its unique indexes are there from the start');
    await finished;
    t.match(await runner.status(), { state: 'running', generation: 2, position: last });
    t.same(
      await indexes(pool, 'reporting_g2'),
      first,
      'live, it has the same indexes as the generation before',
    );
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM reporting.complaint');
    t.equal(rows[0].n, 40);
    const analysed = await pool.query<{ name: string }>(
      `SELECT relname AS name FROM pg_stat_user_tables
       WHERE schemaname = 'reporting_g2' AND last_analyze IS NULL AND last_autoanalyze IS NULL`,
    );
    t.same(analysed.rows, [], 'every table of the new generation has statistics at its switch');
  },
);
