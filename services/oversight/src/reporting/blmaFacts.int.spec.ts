import { randomUUID } from 'node:crypto';
import {
  AgreementAmended,
  AgreementExpired,
  AgreementInForce,
  AgreementRecorded,
  AgreementReviewed,
  AgreementSigned,
  AgreementTerminated,
  AgreementUnderReview,
  CaseClosed,
  CaseOpened,
  CaseUpdated,
  CommitteeActionDone,
  CommitteeActionOverdue,
  CommitteeMeetingHeld,
  EmployerVetted,
  RepatriationStageChanged,
} from '@kazi/contracts';
import t from 'tap';
import type { Pool } from './database.ts';
import { REPORTING_TABLES, reportingFixture, snapshot } from './reporting.fixture.ts';

type Publish = Awaited<ReturnType<typeof reportingFixture>>['publish'];

/** Saudi Arabia's domestic workers' agreement: signed 2017, recorded in 2026, amended, reviewed, expired. */
async function publishAgreement(publish: Publish, agreementId = randomUUID()) {
  const agreement = { agreementId, partnerCountry: 'SA' };
  const domesticWork = { isco: '9111', label: 'Domestic cleaners and helpers' };
  await publish(AgreementRecorded, {
    ...agreement,
    at: '2026-01-10T08:00:00.000Z',
    title: 'Agreement on the recruitment of domestic workers',
    kind: 'bilateral-labour-agreement',
    sectors: [domesticWork],
    provisionKinds: ['passport-retention-prohibited', 'wage-protection'],
  });
  await publish(AgreementSigned, { ...agreement, at: '2026-01-10T09:00:00.000Z', date: '2017-05-01' });
  await publish(AgreementInForce, {
    ...agreement,
    at: '2026-01-10T10:00:00.000Z',
    date: '2017-06-01',
    reviewDue: '2026-03-01',
    expiry: '2027-05-31',
    provisionKinds: ['passport-retention-prohibited', 'wage-protection'],
    sectors: [domesticWork],
  });
  await publish(AgreementAmended, {
    ...agreement,
    at: '2026-02-01T10:00:00.000Z',
    amendment: 1,
    date: '2024-03-01',
    provisionKinds: ['wage-protection', 'maximum-hours'],
    sectors: [domesticWork, { isco: '5322', label: 'Home-based personal care workers' }],
  });
  await publish(AgreementUnderReview, {
    ...agreement,
    at: '2026-03-01T00:00:00.000Z',
    reviewDue: '2026-03-01',
    date: '2026-03-01',
  });
  await publish(AgreementReviewed, {
    ...agreement,
    at: '2026-03-15T10:00:00.000Z',
    date: '2026-03-15',
    recommendation: 'renew',
    status: 'in-force',
    nextReviewDue: '2028-03-01',
    renewedUntil: '2029-05-31',
  });
  await publish(CommitteeMeetingHeld, {
    ...agreement,
    at: '2026-04-02T10:00:00.000Z',
    meetingId: 'meeting-1',
    date: '2026-04-01',
    institutions: [
      { institution: 'State Department for Labour', country: 'KE' },
      { institution: 'Ministry of Human Resources', country: 'SA' },
    ],
    actions: [
      { actionId: `${agreementId}-a1`, owner: 'NEA', due: '2026-05-01' },
      { actionId: `${agreementId}-a2`, owner: 'MHRSD', due: '2026-06-01' },
    ],
  });
  const action = { ...agreement, meetingId: 'meeting-1' };
  await publish(CommitteeActionOverdue, {
    ...action,
    at: '2026-05-02T00:00:00.000Z',
    actionId: `${agreementId}-a1`,
    owner: 'NEA',
    due: '2026-05-01',
  });
  await publish(CommitteeActionDone, {
    ...action,
    at: '2026-05-20T10:00:00.000Z',
    actionId: `${agreementId}-a1`,
    date: '2026-05-19',
    wasOverdue: true,
  });
  await publish(CommitteeActionDone, {
    ...action,
    at: '2026-05-25T10:00:00.000Z',
    actionId: `${agreementId}-a2`,
    date: '2026-05-25',
    wasOverdue: false,
  });
  return publish(AgreementExpired, {
    ...agreement,
    at: '2029-06-01T00:00:00.000Z',
    date: '2029-06-01',
    expiry: '2029-05-31',
    cause: 'clock',
  });
}

/** The provision kinds in force on `day`, as the log stood at `at` (now when omitted). */
async function provisionsOn(pool: Pool, agreementId: string, day: string, at?: string) {
  const { rows } = await pool.query(
    `SELECT provision_kind FROM reporting.agreement_provision
     WHERE agreement_id = $1 AND in_force_from <= $2 AND (in_force_to IS NULL OR in_force_to > $2)
       AND ${at ? 'valid_from <= $3 AND (valid_to IS NULL OR valid_to > $3)' : 'valid_to IS NULL'}
     ORDER BY provision_kind`,
    at ? [agreementId, day, at] : [agreementId, day],
  );
  return rows.map((r) => r.provision_kind);
}

t.test(
  'an agreement signed, in force, amended, reviewed and expired: provisions in force on any day',
  async (t) => {
    const { pool, publish, start } = await reportingFixture(t, 'repbl');
    const agreementId = randomUUID();
    await publishAgreement(publish, agreementId);
    const runner = await start();
    await runner.caughtUp();

    const record = await pool.query(
      `SELECT partner_country, kind, recorded_on::text, signed_on::text, in_force_on::text, ended_on::text
     FROM reporting.agreement`,
    );
    t.same(record.rows, [
      {
        partner_country: 'SA',
        kind: 'bilateral-labour-agreement',
        recorded_on: '2026-01-10',
        signed_on: '2017-05-01',
        in_force_on: '2017-06-01',
        ended_on: '2029-06-01',
      },
    ]);

    t.same(await provisionsOn(pool, agreementId, '2017-05-31'), [], 'signed, not yet in force');
    t.same(
      await provisionsOn(pool, agreementId, '2020-01-01'),
      ['passport-retention-prohibited', 'wage-protection'],
      'the terms it entered into force with',
    );
    t.same(
      await provisionsOn(pool, agreementId, '2024-03-01'),
      ['maximum-hours', 'wage-protection'],
      'the amended terms from the amendment day',
    );
    t.same(await provisionsOn(pool, agreementId, '2029-06-01'), [], 'none from the first day after expiry');
    t.same(
      await provisionsOn(pool, agreementId, '2025-01-01', '2026-01-20T00:00:00Z'),
      ['passport-retention-prohibited', 'wage-protection'],
      'as the log stood before the amendment was recorded, the original terms still stood in 2025',
    );
    t.same(
      await provisionsOn(pool, agreementId, '2030-01-01', '2029-01-01T00:00:00Z'),
      ['maximum-hours', 'wage-protection'],
      'as the log stood before the expiry, nothing had ended them',
    );
    const sectors = await pool.query(
      `SELECT isco, occupation_group FROM reporting.agreement_sector
     WHERE valid_to IS NULL AND in_force_from <= '2025-01-01' AND (in_force_to IS NULL OR in_force_to > '2025-01-01')
     ORDER BY isco`,
    );
    t.same(sectors.rows, [
      { isco: '5322', occupation_group: '5' },
      { isco: '9111', occupation_group: '9' },
    ]);

    const statusAt = async (at: string) =>
      (
        await pool.query(
          `SELECT status, change, effective_on::text, amendment, recommendation, review_due::text, expiry::text
         FROM reporting.agreement_status WHERE agreement_id = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2)`,
          [agreementId, at],
        )
      ).rows;
    t.same(await statusAt('2026-01-10T07:59:59Z'), [], 'before it was recorded');
    t.match(await statusAt('2026-01-15T00:00:00Z'), [
      { status: 'in-force', effective_on: '2017-06-01', amendment: null },
    ]);
    t.match(await statusAt('2026-03-10T00:00:00Z'), [
      {
        status: 'under-review',
        change: 'under-review',
        amendment: 1,
        review_due: '2026-03-01',
        expiry: '2027-05-31',
      },
    ]);
    t.same(await statusAt('2026-04-01T00:00:00Z'), [
      {
        status: 'in-force',
        change: 'reviewed',
        effective_on: '2026-03-15',
        amendment: 1,
        recommendation: 'renew',
        review_due: '2028-03-01',
        expiry: '2029-05-31',
      },
    ]);
    t.match(await statusAt('2029-06-01T00:00:00Z'), [{ status: 'expired', effective_on: '2029-06-01' }]);

    const onDay = await pool.query(
      `SELECT status FROM reporting.agreement_status WHERE agreement_id = $1
     AND effective_on <= $2 AND (effective_until IS NULL OR effective_until > $2)`,
      [agreementId, '2018-01-01'],
    );
    t.same(onDay.rows, [{ status: 'in-force' }], 'the status on a day, by the days changes took effect');

    const meetings = await pool.query(
      'SELECT held_on::text, institution_countries, actions FROM reporting.committee_meeting',
    );
    t.same(meetings.rows, [{ held_on: '2026-04-01', institution_countries: ['KE', 'SA'], actions: 2 }]);
    const actionsAt = async (at: string) =>
      (
        await pool.query(
          `SELECT action_id, status, done_on::text, was_overdue FROM reporting.committee_action_status
         WHERE agreement_id = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2) ORDER BY action_id`,
          [agreementId, at],
        )
      ).rows.map((r) => [r.action_id.slice(-2), r.status, r.done_on, r.was_overdue]);
    t.same(await actionsAt('2026-04-01T00:00:00Z'), [], 'before the meeting');
    t.same(await actionsAt('2026-04-03T00:00:00Z'), [
      ['a1', 'open', null, null],
      ['a2', 'open', null, null],
    ]);
    t.same(
      await actionsAt('2026-05-10T00:00:00Z'),
      [
        ['a1', 'overdue', null, null],
        ['a2', 'open', null, null],
      ],
      'overdue committee actions then',
    );
    t.same(await actionsAt('2026-06-01T00:00:00Z'), [
      ['a1', 'done', '2026-05-19', true],
      ['a2', 'done', '2026-05-25', false],
    ]);
  },
);

t.test('an agreement terminated while negotiated never had terms in force', async (t) => {
  const { pool, publish, start } = await reportingFixture(t, 'repbt');
  const agreement = { agreementId: randomUUID(), partnerCountry: 'DE' };
  await publish(AgreementRecorded, {
    ...agreement,
    at: '2026-01-10T08:00:00.000Z',
    title: 'Skilled workers partnership',
    kind: 'partnership',
    sectors: [{ isco: '2221', label: 'Nursing professionals' }],
    provisionKinds: ['recruitment-fees'],
  });
  await publish(AgreementTerminated, {
    ...agreement,
    at: '2026-02-10T08:00:00.000Z',
    date: '2026-02-10',
    previousStatus: 'negotiating',
  });
  const runner = await start();
  await runner.caughtUp();
  const statuses = await pool.query(
    'SELECT status, effective_on::text, valid_to IS NULL AS current FROM reporting.agreement_status ORDER BY valid_from',
  );
  t.same(statuses.rows, [
    { status: 'negotiating', effective_on: null, current: false },
    { status: 'terminated', effective_on: '2026-02-10', current: true },
  ]);
  const terms = await pool.query('SELECT count(*)::int AS n FROM reporting.agreement_terms');
  t.equal(terms.rows[0].n, 0);
  const everything = await pool.query(
    `SELECT string_agg(t::text, ' ') AS all FROM (
       SELECT to_jsonb(r) AS t FROM reporting_g1.agreement r
       UNION ALL SELECT to_jsonb(r) FROM reporting_g1.agreement_status r) rows`,
  );
  t.notMatch(everything.rows[0].all, 'Skilled workers partnership', 'codes and dates, not the title');
});

t.test('redelivery of case, employer and agreement events changes nothing', async (t) => {
  const { pool, publish, start } = await reportingFixture(t, 'repre');
  const caseId = randomUUID();
  await publish(CaseOpened, {
    caseId,
    at: '2026-03-05T07:00:00.000Z',
    caseType: 'rescue-shelter',
    country: 'AE',
    sex: 'female',
    ageBand: '18-24',
  });
  await publish(CaseUpdated, { caseId, at: '2026-03-06T07:00:00.000Z', action: 'shelter-admission' });
  await publish(CaseUpdated, { caseId, at: '2026-03-07T07:00:00.000Z', action: 'shelter-discharge' });
  await publish(RepatriationStageChanged, {
    caseId,
    at: '2026-03-08T07:00:00.000Z',
    stage: 'planned',
    date: '2026-03-08',
  });
  await publish(RepatriationStageChanged, {
    caseId,
    at: '2026-03-09T07:00:00.000Z',
    stage: 'arrived',
    date: '2026-03-09',
    safeAndDignified: false,
  });
  await publish(CaseClosed, { caseId, at: '2026-03-10T07:00:00.000Z', outcome: 'worker-returned' });
  await publish(EmployerVetted, {
    employerId: randomUUID(),
    at: '2026-03-01T08:00:00.000Z',
    name: 'Desert Homes LLC',
    country: 'AE',
    outcome: 'flagged',
  });
  const last = await publishAgreement(publish);
  const first = await start();
  await first.caughtUp();
  const before = await snapshot(pool, 'reporting_g1', REPORTING_TABLES);
  for (const table of [
    'attache_case',
    'attache_case_status',
    'attache_case_action',
    'shelter_stay',
    'repatriation',
    'repatriation_stage',
    'employer_status',
    'agreement',
    'agreement_status',
    'agreement_terms',
    'committee_meeting',
    'committee_action_status',
  ])
    t.ok(before[table]?.length, `${table} has rows`);
  await first.stop();

  const again = await start({ readFrom: 0 });
  const replica = await start({ readFrom: 0 });
  await again.caughtUp(last);
  await replica.caughtUp(last);
  t.same(await snapshot(pool, 'reporting_g1', REPORTING_TABLES), before, 'the same rows, none twice');
});
