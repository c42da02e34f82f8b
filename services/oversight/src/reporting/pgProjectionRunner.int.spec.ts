import { randomUUID } from 'node:crypto';
import {
  AgencyApplicationRecorded,
  AgencyLicensed,
  AgencySuspended,
  ComplaintLodged,
  ComplaintTriaged,
} from '@kazi/contracts';
import { listDeadLetters, type ReceivedIntegrationEvent } from '@kazi/messaging';
import { jetstreamManager } from '@nats-io/jetstream';
import t from 'tap';
import type { Pool } from './database.ts';
import type { PgProjection } from './pgProjection.ts';
import { eventually, lodging, REPORTING_TABLES, reportingFixture, snapshot } from './reporting.fixture.ts';
import { reportingProjection } from './reportingProjection.ts';

const checkpointOf = async (pool: Pool) =>
  (
    await pool.query(
      "SELECT checkpoint FROM oversight.projection_generation WHERE projection = 'reporting' AND state = 'live'",
    )
  ).rows[0]?.checkpoint;

/** Publishes an agency's application, licence and suspension, and a complaint naming it, triaged. */
async function publishHistory(publish: Awaited<ReturnType<typeof reportingFixture>>['publish']) {
  const agencyId = randomUUID();
  await publish(AgencyApplicationRecorded, {
    agencyId,
    at: '2026-01-05T08:00:00.000Z',
    name: 'Pamoja Recruiters Ltd',
    registrationNumber: 'PVT-2026-001',
    county: 'Nairobi',
  });
  await publish(AgencyLicensed, {
    agencyId,
    at: '2026-02-01T08:00:00.000Z',
    name: 'Pamoja Recruiters Ltd',
    registrationNumber: 'PVT-2026-001',
    licenceNumber: 'RA/2026/001',
    validFrom: '2026-02-01',
    validUntil: '2027-01-31',
  });
  const lodged = lodging({ agencyId });
  await publish(ComplaintLodged, lodged);
  await publish(ComplaintTriaged, {
    complaintId: lodged.complaintId,
    at: '2026-03-03T09:00:00.000Z',
    categories: ['withheld-wages', 'confinement'],
    indicators: ['restriction-of-movement'],
    traffickingSuspected: false,
    severity: 'critical',
  });
  return (await publish(AgencySuspended, {
    agencyId,
    at: '2026-04-01T08:00:00.000Z',
    reason: 'fees',
  })) as number;
}

t.test('redelivery changes nothing: the same messages applied again, or by a second replica', async (t) => {
  const { pool, publish, start } = await reportingFixture(t, 'runrd');
  const last = await publishHistory(publish);
  const first = await start();
  await first.caughtUp();
  const before = await snapshot(pool, 'reporting_g1', REPORTING_TABLES);
  t.equal(before.agency_status!.length, 3, 'applied, licensed, suspended');
  t.equal(before.complaint_status!.length, 2);
  await first.stop();

  // Everything from the first message delivered again, to this replica and to a second one at once.
  const again = await start({ readFrom: 0 });
  const replica = await start({ readFrom: 0 });
  await again.caughtUp(last);
  await replica.caughtUp(last);
  t.same(await snapshot(pool, 'reporting_g1', REPORTING_TABLES), before, 'the same rows, none twice');
  t.equal(await checkpointOf(pool), last);

  const more = lodging();
  const next = await publish(ComplaintLodged, more);
  await again.caughtUp(next);
  await replica.caughtUp(next);
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM reporting.complaint WHERE country = $1', [
    'SA',
  ]);
  t.equal(rows[0].n, 2, 'a new event is applied once although two replicas run');
});

t.test('a batch and its checkpoint commit together: a failure mid-batch leaves neither', async (t) => {
  const { pool, publish, start } = await reportingFixture(t, 'runat');
  const last = await publishHistory(publish);
  let failing = true;
  // A batch holding the complaint's triage (the 4th message) fails inside the transaction, after the
  // agency's, the lodging's and the triage's statements ran.
  const flaky: PgProjection<ReceivedIntegrationEvent> = {
    ...reportingProjection,
    apply(events) {
      const statements = reportingProjection.apply(events);
      return failing && events.some((event) => event.envelope.type === ComplaintTriaged.type)
        ? [...statements, { text: 'SELECT 1 / 0' }]
        : statements;
    },
  };
  const runner = await start({ projection: flaky, batchSize: 100 });
  const failed = await eventually('the runner to report the failure', async () => {
    const status = await runner.status();
    return status.state === 'failed' && status;
  });
  t.match(failed.lastError, /division by zero/);
  t.equal(failed.position, 0, 'the checkpoint did not move');
  t.equal(failed.lag, last, 'every message is still to apply');
  const nothing = await snapshot(pool, 'reporting_g1', REPORTING_TABLES);
  t.same(
    Object.values(nothing).map((rows) => rows.length),
    REPORTING_TABLES.map(() => 0),
    'no row of the batch was kept, not even those before the failing statement',
  );

  failing = false;
  await runner.caughtUp(last);
  const status = await runner.status();
  t.match(status, { state: 'running', position: last, lag: 0 });
  const applied = await snapshot(pool, 'reporting_g1', REPORTING_TABLES);
  t.equal(applied.agency_status!.length, 3, 'once fixed, the batch is applied whole, once');
  t.equal(applied.complaint_status!.length, 2);
});

t.test('status shows position, lag and state; a stopped runner reports what is left to apply', async (t) => {
  const { publish, start } = await reportingFixture(t, 'runst');
  const runner = await start();
  await runner.caughtUp();
  t.match(await runner.status(), {
    name: 'reporting',
    version: reportingProjection.version,
    generation: 1,
    position: 0,
    lag: 0,
    state: 'running',
  });
  const last = await publishHistory(publish);
  await runner.caughtUp(last);
  t.match(await runner.status(), { position: last, headPosition: last, lag: 0, secondsBehind: 0 });
  await runner.stop();
  await publish(ComplaintLodged, lodging());
  const head = await publish(ComplaintLodged, lodging());
  t.match(await runner.status(), { state: 'stopped', position: last, headPosition: head, lag: 2 });
});

t.test('events it has no handler for are passed over; an invalid one goes to the dead letters', async (t) => {
  const { nc, ns, pool, publish, publishInvalid, start } = await reportingFixture(t, 'runun');
  // A type no handler knows, as a service's newer event would be (every event of the catalogue has one).
  const newer = { ...ComplaintLodged, type: 'ke.nea.complaints.complaint-escalated.v1' };
  await publishInvalid(newer, { complaintId: 'c-0', at: '2026-03-01T08:00:00.000Z' });
  const bad = await publishInvalid(ComplaintLodged, { complaintId: 'c-1', at: 'yesterday' });
  const good = await publish(ComplaintLodged, lodging());
  const runner = await start();
  await runner.caughtUp(good);
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM reporting.complaint');
  t.equal(rows[0].n, 1, 'the valid lodging after them is applied');
  t.match(await runner.status(), { state: 'running', position: good, lag: 0 });
  const letters = await listDeadLetters(nc, ns, 'oversight-reporting');
  t.equal(letters.length, 1, 'only the invalid message is a dead letter');
  t.equal(letters[0]?.originalStreamSeq, bad);
});

t.test('a projection whose consumer vanished on the server resumes on its own', async (t) => {
  const { nc, ns, publish, start } = await reportingFixture(t, 'runvn');
  await publishHistory(publish);
  const runner = await start({ stallCheckMs: 300 });
  await runner.caughtUp();
  const jsm = await jetstreamManager(nc);
  const stream = `${ns.toUpperCase()}_INTEGRATION`;
  for await (const consumer of jsm.consumers.list(stream)) await jsm.consumers.delete(stream, consumer.name);
  const head = await publish(ComplaintLodged, lodging());
  // Left to nats.js, the silent consumer is noticed by missed heartbeats ~45 s later.
  await runner.caughtUp(head, { timeoutMs: 20_000 });
  t.match(await runner.status(), { position: head, lag: 0, state: 'running' });
});

t.test(
  'a long report holding the views delays the switch, never the report; the switch then goes through',
  async (t) => {
    const { pool, publish, start } = await reportingFixture(t, 'runlk');
    const last = await publishHistory(publish);
    const runner = await start({ lockTimeoutMs: 100, retryDelayMs: 50 });
    await runner.caughtUp(last);
    // A BI tool's long report: a transaction that has read a view and is still open.
    const report = await pool.connect();
    t.teardown(() => report.release());
    await report.query('BEGIN');
    const before = await report.query('SELECT count(*)::int AS n FROM reporting.agency_status');
    const { finished } = await runner.startRebuild();
    await new Promise((resolve) => setTimeout(resolve, 500));
    t.match(
      await runner.status(),
      { generation: 1, state: 'rebuilding' },
      'still generation 1 while the report runs',
    );
    const during = await report.query('SELECT count(*)::int AS n FROM reporting.agency_status');
    t.same(during.rows, before.rows, 'the report reads on, undisturbed');
    await report.query('COMMIT');
    await finished;
    t.match(await runner.status(), { generation: 2, state: 'running', position: last });
  },
);
