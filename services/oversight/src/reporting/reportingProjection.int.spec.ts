import { randomUUID } from 'node:crypto';
import {
  AgencyApplicationRecorded,
  AgencyApplicationRejected,
  AgencyLicenceExpired,
  AgencyLicenceRenewed,
  AgencyLicensed,
  AgencyReinstated,
  AgencyRevoked,
  AgencySuspended,
  ComplainantDataErased,
  ComplaintClosed,
  ComplaintLodged,
  ComplaintReferred,
  ComplaintReopened,
  ComplaintResolved,
  ComplaintResponseOverdue,
  ComplaintTriaged,
  ComplaintWithdrawn,
} from '@kazi/contracts';
import t from 'tap';
import { lodging, reportingFixture } from './reporting.fixture.ts';

/** Rows valid at `asOf`: the one WHERE clause every as-of question uses. */
const AS_OF = 'valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2)';

t.test(
  'an agency licensed, suspended, reinstated and revoked: a status interval per change, as of any time',
  async (t) => {
    const { pool, publish, start } = await reportingFixture(t, 'repag');
    const agencyId = randomUUID();
    const agency = { agencyId };
    await publish(AgencyApplicationRecorded, {
      ...agency,
      at: '2026-01-05T08:00:00.000Z',
      name: 'Pamoja Recruiters Ltd',
      registrationNumber: 'PVT-2026-001',
      county: 'Nairobi',
    });
    await publish(AgencyLicensed, {
      ...agency,
      at: '2026-02-01T08:00:00.000Z',
      name: 'Pamoja Recruiters Ltd',
      registrationNumber: 'PVT-2026-001',
      licenceNumber: 'RA/2026/001',
      validFrom: '2026-02-01',
      validUntil: '2027-01-31',
    });
    await publish(AgencySuspended, {
      ...agency,
      at: '2026-04-10T08:00:00.000Z',
      reason: 'fees',
      until: '2026-05-10',
    });
    await publish(AgencyReinstated, { ...agency, at: '2026-05-10T08:00:00.000Z' });
    await publish(AgencyRevoked, { ...agency, at: '2026-09-01T08:00:00.000Z', reason: 'trafficking' });
    const runner = await start();
    await runner.caughtUp();

    const { rows } = await pool.query(
      `SELECT status, change, licence_number, suspended_until::text, valid_from, valid_to
     FROM reporting.agency_status WHERE agency_id = $1 ORDER BY valid_from`,
      [agencyId],
    );
    t.same(
      rows.map((r) => [r.change, r.status, r.licence_number, r.suspended_until]),
      [
        ['applied', 'applied', null, null],
        ['licensed', 'licensed', 'RA/2026/001', null],
        ['suspended', 'suspended', 'RA/2026/001', '2026-05-10'],
        ['reinstated', 'licensed', 'RA/2026/001', null],
        ['revoked', 'revoked', 'RA/2026/001', null],
      ],
      'one row per licence change; the licence number is carried along',
    );
    for (let i = 0; i < rows.length - 1; i++) {
      t.same(rows[i].valid_to, rows[i + 1].valid_from, `interval ${i} ends where the next begins`);
    }
    t.equal(rows.at(-1).valid_to, null, 'the revocation still holds');

    const statusAt = async (at: string) =>
      (
        await pool.query(`SELECT status FROM reporting.agency_status WHERE agency_id = $1 AND ${AS_OF}`, [
          agencyId,
          at,
        ])
      ).rows.map((r) => r.status);
    t.same(await statusAt('2026-01-01T00:00:00Z'), [], 'before it applied: nothing');
    t.same(await statusAt('2026-04-10T07:59:59Z'), ['licensed'], 'just before the suspension');
    t.same(await statusAt('2026-04-10T08:00:00Z'), ['suspended'], 'at the suspension');
    t.same(await statusAt('2026-06-01T00:00:00Z'), ['licensed'], 'after the reinstatement');
    t.same(await statusAt('2027-01-01T00:00:00Z'), ['revoked']);

    const dimension = await pool.query(
      'SELECT registration_number, county, applied_on::text FROM reporting.agency',
    );
    t.same(dimension.rows, [
      { registration_number: 'PVT-2026-001', county: 'Nairobi', applied_on: '2026-01-05' },
    ]);
  },
);

t.test(
  'a complaint lodged, triaged, resolved, reopened and closed: status and categories as of any time',
  async (t) => {
    const { pool, publish, start } = await reportingFixture(t, 'repco');
    const agencyId = randomUUID();
    const lodged = lodging({
      agencyId,
      // 22:30 UTC on 31 March is 01:30 on 1 April in Nairobi: a second-quarter complaint.
      at: '2026-03-31T22:30:00.000Z',
      categories: ['withheld-wages'],
      indicators: [],
      severity: 'normal',
      respondBy: '2026-04-07T22:30:00.000Z',
    });
    const { complaintId } = lodged;
    await publish(ComplaintLodged, lodged);
    await publish(ComplaintTriaged, {
      complaintId,
      at: '2026-04-02T10:00:00.000Z',
      categories: ['withheld-wages', 'document-confiscation'],
      indicators: ['withholding-of-wages', 'retention-of-identity-documents'],
      traffickingSuspected: true,
      severity: 'critical',
    });
    await publish(ComplaintResponseOverdue, {
      complaintId,
      at: '2026-04-08T00:00:00.000Z',
      respondBy: '2026-04-07T22:30:00.000Z',
      severity: 'critical',
    });
    await publish(ComplaintResolved, {
      complaintId,
      at: '2026-05-15T10:00:00.000Z',
      outcome: 'resolved-in-favour',
      remedy: { kind: 'wages-recovered', amount: 1200, currency: 'SAR' },
    });
    await publish(ComplaintReopened, {
      complaintId,
      at: '2026-06-01T10:00:00.000Z',
      respondBy: '2026-06-08T10:00:00.000Z',
    });
    await publish(ComplaintClosed, { complaintId, at: '2026-07-01T10:00:00.000Z' });
    await publish(ComplainantDataErased, { complaintId, at: '2026-07-02T10:00:00.000Z' });
    const runner = await start();
    await runner.caughtUp();

    const facts = await pool.query(
      `SELECT complaint_key, lodged_on::text, lodged_quarter, channel, sex, age_band, country, agency_id,
            agency_unmatched FROM reporting.complaint`,
    );
    t.equal(facts.rows.length, 1);
    const key = facts.rows[0].complaint_key;
    t.match(facts.rows[0], {
      lodged_on: '2026-04-01',
      lodged_quarter: '2026-Q2',
      channel: 'hotline',
      sex: 'female',
      age_band: '25-34',
      country: 'SA',
      agency_id: agencyId,
      agency_unmatched: false,
    });

    const statusAt = async (at: string) =>
      (
        await pool.query(
          `SELECT status, severity, trafficking_suspected, outcome, remedy_kind, remedy_amount::float AS amount
         FROM reporting.complaint_status WHERE complaint_key = $1 AND ${AS_OF}`,
          [key, at],
        )
      ).rows;
    t.same(await statusAt('2026-04-01T12:00:00Z'), [
      {
        status: 'lodged',
        severity: 'normal',
        trafficking_suspected: false,
        outcome: null,
        remedy_kind: null,
        amount: null,
      },
    ]);
    t.same(await statusAt('2026-05-01T00:00:00Z'), [
      {
        status: 'triaged',
        severity: 'critical',
        trafficking_suspected: true,
        outcome: null,
        remedy_kind: null,
        amount: null,
      },
    ]);
    t.same(await statusAt('2026-05-20T00:00:00Z'), [
      {
        status: 'resolved',
        severity: 'critical',
        trafficking_suspected: true,
        outcome: 'resolved-in-favour',
        remedy_kind: 'wages-recovered',
        amount: 1200,
      },
    ]);
    t.same(
      await statusAt('2026-06-15T00:00:00Z'),
      [
        {
          status: 'reopened',
          severity: 'critical',
          trafficking_suspected: true,
          outcome: null,
          remedy_kind: null,
          amount: null,
        },
      ],
      'a reopening clears the outcome',
    );
    t.same(
      (await statusAt('2026-08-01T00:00:00Z')).map((r) => r.status),
      ['closed'],
      'the erasure changed nothing: the store holds nothing personal',
    );

    const categoriesAt = async (at: string) =>
      (
        await pool.query(
          `SELECT category FROM reporting.complaint_category WHERE complaint_key = $1 AND ${AS_OF} ORDER BY category`,
          [key, at],
        )
      ).rows.map((r) => r.category);
    t.same(await categoriesAt('2026-04-01T12:00:00Z'), ['withheld-wages']);
    t.same(await categoriesAt('2026-04-03T00:00:00Z'), ['document-confiscation', 'withheld-wages']);

    const breaches = await pool.query(
      'SELECT complaint_key, severity FROM reporting.complaint_deadline_breach',
    );
    t.same(breaches.rows, [{ complaint_key: key, severity: 'critical' }]);
  },
);

t.test('the store keeps no reference, no agency name in words and no free text', async (t) => {
  const { pool, publish, start } = await reportingFixture(t, 'reppd');
  const lodged = lodging({ reference: 'NEA-2026-004242', agencyName: 'Juma Wanjiku Agents' });
  await publish(ComplaintLodged, lodged);
  await publish(AgencyApplicationRecorded, {
    agencyId: randomUUID(),
    at: '2026-01-05T08:00:00.000Z',
    name: 'Baraka Manpower',
    registrationNumber: 'PVT-2026-002',
    county: 'Mombasa',
  });
  const runner = await start();
  await runner.caughtUp();
  const { rows } = await pool.query(
    `SELECT string_agg(t::text, ' ') AS everything FROM (
       SELECT to_jsonb(a) AS t FROM reporting_g1.agency a
       UNION ALL SELECT to_jsonb(c) FROM reporting_g1.complaint c
       UNION ALL SELECT to_jsonb(s) FROM reporting_g1.complaint_status s) rows`,
  );
  const everything: string = rows[0].everything;
  t.notMatch(everything, 'NEA-2026-004242', 'no complaint reference');
  t.notMatch(everything, 'Juma Wanjiku', 'not the agency named in words (it may be a person)');
  t.match(everything, 'Baraka Manpower', "the agency's registered name: a company's, for the watchlist");
  t.match(everything, '"agency_unmatched": true', 'only that an unmatched agency was named');
  const viewColumns = await pool.query(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = 'reporting' AND table_name = 'complaint'`,
  );
  t.notOk(
    viewColumns.rows.some((r) => r.column_name === 'complaint_id'),
    "the views show a complaint's generation-local key, not the id an officer could look the complainant up by",
  );
});

t.test('a publisher clock running behind never makes an interval run backwards', async (t) => {
  const { pool, publish, start } = await reportingFixture(t, 'repck');
  const lodged = lodging({ at: '2026-03-02T09:00:00.000Z' });
  await publish(ComplaintLodged, lodged);
  await publish(ComplaintClosed, { complaintId: lodged.complaintId, at: '2026-03-02T08:59:00.000Z' });
  const runner = await start();
  await runner.caughtUp();
  const { rows } = await pool.query(
    'SELECT status, valid_from, valid_to FROM reporting.complaint_status ORDER BY valid_from, valid_to NULLS LAST',
  );
  t.same(
    rows.map((r) => r.status),
    ['lodged', 'closed'],
  );
  t.same(rows[0].valid_to, rows[0].valid_from, 'the lodged interval is empty, not negative');
  t.same(rows[1].valid_from, rows[0].valid_from);
});

t.test('the reader role reads the reporting views and nothing else', async (t) => {
  const { pool, publish, start } = await reportingFixture(t, 'reprd');
  await publish(ComplaintLodged, lodging());
  const runner = await start();
  await runner.caughtUp();
  const client = await pool.connect();
  t.teardown(() => client.release());
  await client.query('SET ROLE kazi_reporting_reader');
  const seen = await client.query(
    'SELECT count(*)::int AS n FROM reporting.complaint JOIN reporting.country ON code = country',
  );
  t.equal(seen.rows[0].n, 1, 'the views, dimensions included');
  for (const table of [
    'reporting_g1.complaint',
    'oversight.projection_generation',
    'reporting_ref.country',
  ]) {
    await t.rejects(client.query(`SELECT 1 FROM ${table} LIMIT 1`), { code: '42501' }, `not ${table}`);
  }
  await t.rejects(client.query('DELETE FROM reporting.complaint'), { code: '42501' }, 'no writes');
  await client.query('RESET ROLE');
});

t.test('rejections, renewals, expiries, referrals and withdrawals each start their interval', async (t) => {
  const { pool, publish, start } = await reportingFixture(t, 'repmo');
  const [rejected, renewed] = [randomUUID(), randomUUID()];
  const applied = { at: '2026-01-05T08:00:00.000Z', name: 'Agency', county: 'Kisumu' };
  await publish(AgencyApplicationRecorded, { ...applied, agencyId: rejected, registrationNumber: 'PVT-1' });
  await publish(AgencyApplicationRejected, {
    agencyId: rejected,
    at: '2026-01-20T08:00:00.000Z',
    reason: 'x',
  });
  await publish(AgencyApplicationRecorded, { ...applied, agencyId: renewed, registrationNumber: 'PVT-2' });
  await publish(AgencyLicensed, {
    agencyId: renewed,
    at: '2026-02-01T08:00:00.000Z',
    name: 'Agency',
    registrationNumber: 'PVT-2',
    licenceNumber: 'RA/2',
    validFrom: '2026-02-01',
    validUntil: '2027-01-31',
  });
  await publish(AgencyLicenceRenewed, {
    agencyId: renewed,
    at: '2027-01-15T08:00:00.000Z',
    licenceNumber: 'RA/2',
    validUntil: '2028-01-31',
  });
  await publish(AgencyLicenceExpired, {
    agencyId: renewed,
    at: '2028-02-01T00:00:00.000Z',
    licenceNumber: 'RA/2',
    validUntil: '2028-01-31',
  });
  const [referred, withdrawn] = [lodging(), lodging()];
  await publish(ComplaintLodged, referred);
  await publish(ComplaintReferred, {
    complaintId: referred.complaintId,
    at: '2026-03-03T09:00:00.000Z',
    reference: referred.reference,
    to: 'labour-attache',
    country: 'SA',
    categories: ['stranded'],
    severity: 'critical',
  });
  await publish(ComplaintLodged, withdrawn);
  await publish(ComplaintWithdrawn, { complaintId: withdrawn.complaintId, at: '2026-03-04T09:00:00.000Z' });
  const runner = await start();
  await runner.caughtUp();

  const agencies = await pool.query(
    `SELECT agency_id, change, status, licence_valid_until::text AS until FROM reporting.agency_status
     ORDER BY agency_id, valid_from`,
  );
  t.same(
    agencies.rows.filter((r) => r.agency_id === rejected).map((r) => [r.change, r.status]),
    [
      ['applied', 'applied'],
      ['rejected', 'rejected'],
    ],
  );
  t.same(
    agencies.rows.filter((r) => r.agency_id === renewed).map((r) => [r.change, r.status, r.until]),
    [
      ['applied', 'applied', null],
      ['licensed', 'licensed', '2027-01-31'],
      ['renewed', 'licensed', '2028-01-31'],
      ['expired', 'expired', '2028-01-31'],
    ],
  );
  const complaints = await pool.query(
    `SELECT status, referred_to, severity, categories FROM reporting_g1.complaint_status
     WHERE valid_to IS NULL ORDER BY status`,
  );
  t.same(complaints.rows, [
    { status: 'referred', referred_to: 'labour-attache', severity: 'critical', categories: ['stranded'] },
    { status: 'withdrawn', referred_to: null, severity: 'high', categories: ['withheld-wages'] },
  ]);
});
