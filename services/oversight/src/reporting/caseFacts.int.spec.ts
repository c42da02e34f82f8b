import { randomUUID } from 'node:crypto';
import {
  CaseClosed,
  CaseOpened,
  CaseUpdated,
  CaseWorkerDetailsCorrected,
  ComplaintLodged,
  EmployerVetted,
  RepatriationStageChanged,
} from '@kazi/contracts';
import t from 'tap';
import { identifier } from './database.ts';
import { lodging, reportingFixture } from './reporting.fixture.ts';

/** Rows valid at `asOf` ($2): the one WHERE clause every as-of question uses. */
const AS_OF = 'valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2)';

t.test(
  'a case from a complaint: opened, sheltered, wages recovered, repatriated safely, closed — as of any time',
  async (t) => {
    const { pool, publish, start } = await reportingFixture(t, 'repcs');
    const agencyId = randomUUID();
    const employerId = randomUUID();
    const lodged = lodging({ agencyId, country: 'SA' });
    await publish(ComplaintLodged, lodged);
    const caseId = randomUUID();
    const onCase = { caseId };
    await publish(CaseOpened, {
      ...onCase,
      at: '2026-03-05T07:00:00.000Z',
      caseType: 'rescue-shelter',
      country: 'SA',
      complaintId: lodged.complaintId,
      sex: 'female',
      ageBand: '25-34',
      occupation: '9111',
      employerId,
    });
    await publish(CaseUpdated, { ...onCase, at: '2026-03-06T10:00:00.000Z', action: 'shelter-admission' });
    await publish(CaseUpdated, { ...onCase, at: '2026-03-20T10:00:00.000Z', action: 'wages-recovered' });
    await publish(CaseUpdated, { ...onCase, at: '2026-04-01T10:00:00.000Z', action: 'shelter-discharge' });
    await publish(RepatriationStageChanged, {
      ...onCase,
      at: '2026-04-01T11:00:00.000Z',
      stage: 'planned',
      date: '2026-04-01',
      sex: 'female',
      ageBand: '25-34',
    });
    await publish(RepatriationStageChanged, {
      ...onCase,
      at: '2026-04-08T11:00:00.000Z',
      stage: 'documents-ready',
      date: '2026-04-07',
    });
    await publish(RepatriationStageChanged, {
      ...onCase,
      at: '2026-04-10T11:00:00.000Z',
      stage: 'departed',
      date: '2026-04-10',
    });
    // Recorded two days after the day it happened, with the age band the attaché corrected meanwhile.
    await publish(RepatriationStageChanged, {
      ...onCase,
      at: '2026-04-13T09:00:00.000Z',
      stage: 'arrived',
      date: '2026-04-11',
      safeAndDignified: true,
      sex: 'female',
      ageBand: '35-44',
    });
    await publish(CaseClosed, {
      ...onCase,
      at: '2026-04-20T09:00:00.000Z',
      outcome: 'worker-returned',
      complaintId: lodged.complaintId,
    });
    const runner = await start();
    await runner.caughtUp();

    const complaint = await pool.query('SELECT complaint_key FROM reporting.complaint');
    const cases = await pool.query(
      `SELECT case_key, case_type, country, complaint_key, agency_id, sex, age_band, occupation,
              occupation_group, employer_id, opened_on::text, opened_quarter, closed_on::text, outcome
       FROM reporting.attache_case`,
    );
    t.equal(cases.rows.length, 1);
    const key = cases.rows[0].case_key;
    t.same(cases.rows[0], {
      case_key: key,
      case_type: 'rescue-shelter',
      country: 'SA',
      complaint_key: complaint.rows[0].complaint_key,
      agency_id: agencyId,
      sex: 'female',
      age_band: '25-34',
      occupation: '9111',
      occupation_group: '9',
      employer_id: employerId,
      opened_on: '2026-03-05',
      opened_quarter: '2026-Q1',
      closed_on: '2026-04-20',
      outcome: 'worker-returned',
    });

    const statusAt = async (at: string) =>
      (
        await pool.query(
          `SELECT status, outcome FROM reporting.attache_case_status WHERE case_key = $1 AND ${AS_OF}`,
          [key, at],
        )
      ).rows;
    t.same(await statusAt('2026-03-05T06:59:59Z'), [], 'before it opened: nothing');
    t.same(await statusAt('2026-04-20T08:59:59Z'), [{ status: 'open', outcome: null }], 'open until closed');
    t.same(await statusAt('2026-04-20T09:00:00Z'), [{ status: 'closed', outcome: 'worker-returned' }]);

    const openInMission = async (at: string) =>
      (
        await pool.query(
          `SELECT count(*)::int AS n FROM reporting.attache_case c JOIN reporting.attache_case_status s
           USING (case_key) WHERE c.country = $1 AND s.status = 'open'
           AND s.valid_from <= $2 AND (s.valid_to IS NULL OR s.valid_to > $2)`,
          ['SA', at],
        )
      ).rows[0].n;
    t.equal(await openInMission('2026-04-01T00:00:00Z'), 1, "the mission's caseload then");
    t.equal(await openInMission('2026-05-01T00:00:00Z'), 0, 'and after the closure');

    const inShelter = async (at: string) =>
      (
        await pool.query(
          `SELECT count(*)::int AS n FROM reporting.shelter_stay WHERE country = $1 AND ${AS_OF}`,
          ['SA', at],
        )
      ).rows[0].n;
    t.equal(await inShelter('2026-03-06T09:59:59Z'), 0, 'before the admission');
    t.equal(await inShelter('2026-03-15T00:00:00Z'), 1, 'shelter occupancy while admitted');
    t.equal(await inShelter('2026-04-01T10:00:00Z'), 0, 'discharged');

    const actions = await pool.query(
      'SELECT action, on_day::text FROM reporting.attache_case_action WHERE case_key = $1 ORDER BY at',
      [key],
    );
    t.same(actions.rows, [
      { action: 'shelter-admission', on_day: '2026-03-06' },
      { action: 'wages-recovered', on_day: '2026-03-20' },
      { action: 'shelter-discharge', on_day: '2026-04-01' },
    ]);

    const stageAt = async (at: string) =>
      (
        await pool.query(
          `SELECT stage, stage_on::text FROM reporting.repatriation_stage WHERE case_key = $1 AND ${AS_OF}`,
          [key, at],
        )
      ).rows;
    t.same(await stageAt('2026-04-01T10:59:59Z'), [], 'nothing planned yet');
    t.same(await stageAt('2026-04-09T00:00:00Z'), [{ stage: 'documents-ready', stage_on: '2026-04-07' }]);
    t.same(
      await stageAt('2026-04-12T00:00:00Z'),
      [{ stage: 'departed', stage_on: '2026-04-10' }],
      'in progress as the log stood before the arrival was recorded',
    );
    t.same(await stageAt('2026-04-13T09:00:00Z'), [{ stage: 'arrived', stage_on: '2026-04-11' }]);

    const repatriated = await pool.query(
      `SELECT country, sex, age_band, remains, planned_on::text, arrived_on::text, arrived_quarter,
              safe_and_dignified FROM reporting.repatriation`,
    );
    t.same(
      repatriated.rows,
      [
        {
          country: 'SA',
          sex: 'female',
          age_band: '35-44',
          remains: false,
          planned_on: '2026-04-01',
          arrived_on: '2026-04-11',
          arrived_quarter: '2026-Q2',
          safe_and_dignified: true,
        },
      ],
      'indicator 30.4.1: arrived safely and with dignity, with the corrected age band',
    );
  },
);

t.test('a repatriation abandoned and planned again is one repatriation with every stage', async (t) => {
  const { pool, publish, start } = await reportingFixture(t, 'repab');
  const caseId = randomUUID();
  await publish(CaseOpened, {
    caseId,
    at: '2026-05-01T07:00:00.000Z',
    caseType: 'repatriation',
    country: 'QA',
    sex: 'male',
  });
  const stages = [
    ['planned', '2026-05-02'],
    ['abandoned', '2026-05-05'],
    ['planned', '2026-06-01'],
    ['documents-ready', '2026-06-03'],
  ] as const;
  for (const [i, [stage, date]] of stages.entries()) {
    await publish(RepatriationStageChanged, { caseId, at: `${date}T1${i}:00:00.000Z`, stage, date });
  }
  const runner = await start();
  await runner.caughtUp();
  const rows = await pool.query(
    'SELECT stage, valid_to IS NULL AS current FROM reporting.repatriation_stage ORDER BY valid_from',
  );
  t.same(
    rows.rows.map((r) => [r.stage, r.current]),
    [
      ['planned', false],
      ['abandoned', false],
      ['planned', false],
      ['documents-ready', true],
    ],
  );
  const repatriation = await pool.query(
    'SELECT sex, age_band, planned_on::text, arrived_on, safe_and_dignified FROM reporting.repatriation',
  );
  t.same(repatriation.rows, [
    { sex: 'male', age_band: null, planned_on: '2026-05-02', arrived_on: null, safe_and_dignified: null },
  ]);
  const abandonedAt = await pool.query(
    `SELECT stage FROM reporting.repatriation_stage WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to > $1)`,
    ['2026-05-20T00:00:00Z'],
  );
  t.same(abandonedAt.rows, [{ stage: 'abandoned' }], 'not in progress between the two plans');
});

t.test("an employer's vetting over time, by id and country, without its name", async (t) => {
  const { pool, publish, start } = await reportingFixture(t, 'repem');
  const employerId = randomUUID();
  const employer = { employerId, name: 'Abdullah Al-Harbi', country: 'SA' };
  await publish(EmployerVetted, { ...employer, at: '2026-02-01T08:00:00.000Z', outcome: 'flagged' });
  await publish(EmployerVetted, { ...employer, at: '2026-03-01T08:00:00.000Z', outcome: 'blacklisted' });
  await publish(EmployerVetted, { ...employer, at: '2026-09-01T08:00:00.000Z', outcome: 'cleared' });
  const runner = await start();
  await runner.caughtUp();
  const statusAt = async (at: string) =>
    (
      await pool.query(
        `SELECT status, country FROM reporting.employer_status WHERE employer_id = $1 AND ${AS_OF}`,
        [employerId, at],
      )
    ).rows;
  t.same(await statusAt('2026-01-01T00:00:00Z'), []);
  t.same(await statusAt('2026-02-15T00:00:00Z'), [{ status: 'flagged', country: 'SA' }]);
  t.same(await statusAt('2026-06-01T00:00:00Z'), [{ status: 'blacklisted', country: 'SA' }]);
  t.same(await statusAt('2026-10-01T00:00:00Z'), [{ status: 'cleared', country: 'SA' }]);
  const everything = await pool.query(
    "SELECT string_agg(to_jsonb(e)::text, ' ') AS all FROM reporting_g1.employer_status e",
  );
  t.notMatch(everything.rows[0].all, 'Al-Harbi', 'an employer may be a private person: no name is kept');
});

t.test('the case views show keys and codes: no case or complaint id, no employer name', async (t) => {
  const { pool, publish, start } = await reportingFixture(t, 'reppc');
  const lodged = lodging();
  await publish(ComplaintLodged, lodged);
  const caseId = randomUUID();
  await publish(CaseOpened, {
    caseId,
    at: '2026-03-05T07:00:00.000Z',
    caseType: 'labour-dispute',
    country: 'SA',
    complaintId: lodged.complaintId,
    sex: 'male',
  });
  await publish(RepatriationStageChanged, {
    caseId,
    at: '2026-03-06T07:00:00.000Z',
    stage: 'planned',
    date: '2026-03-06',
  });
  await publish(CaseUpdated, { caseId, at: '2026-03-07T07:00:00.000Z', action: 'hearing' });
  const runner = await start();
  await runner.caughtUp();
  const { rows } = await pool.query(
    `SELECT string_agg(t::text, ' ') AS everything FROM (
       SELECT to_jsonb(r) AS t FROM reporting.attache_case r
       UNION ALL SELECT to_jsonb(r) FROM reporting.attache_case_status r
       UNION ALL SELECT to_jsonb(r) FROM reporting.attache_case_action r
       UNION ALL SELECT to_jsonb(r) FROM reporting.repatriation r
       UNION ALL SELECT to_jsonb(r) FROM reporting.repatriation_stage r) rows`,
  );
  t.notMatch(rows[0].everything, caseId, "not the case's id, which leads to the worker");
  t.notMatch(rows[0].everything, lodged.complaintId, "not the complaint's id either");
  t.match(rows[0].everything, '"case_type": "labour-dispute"');
  const columns = await pool.query(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'reporting' AND column_name IN ('case_id', 'complaint_id', 'name', 'title', 'owner')
       -- The dimensions' names are the standards' labels (a country's, an ISCO-08 group's).
       AND table_name NOT IN ('country', 'occupation_group')`,
  );
  t.same(
    columns.rows,
    [{ table_name: 'agency', column_name: 'name' }],
    "only the agency's registered name, a company's",
  );
});

t.test(
  "a correction of the worker's details opens an interval with the details as of then, carrying the status; the daily aggregates follow",
  async (t) => {
    const { pool, publish, start } = await reportingFixture(t, 'repcd');
    const caseId = randomUUID();
    await publish(CaseOpened, {
      caseId,
      at: '2026-03-02T09:00:00.000Z',
      caseType: 'labour-dispute',
      country: 'SA',
      sex: 'female',
      ageBand: '25-34',
      occupation: '9111',
    });
    // The sex and age band given, the occupation not: it carries over.
    await publish(CaseWorkerDetailsCorrected, {
      caseId,
      at: '2026-03-03T09:00:00.000Z',
      sex: 'male',
      ageBand: '35-44',
    });
    await publish(CaseClosed, { caseId, at: '2026-03-04T09:00:00.000Z', outcome: 'resolved' });
    // A case the store never saw opened: nothing to count it by, so nothing is written.
    await publish(CaseWorkerDetailsCorrected, {
      caseId: randomUUID(),
      at: '2026-03-03T10:00:00.000Z',
      sex: 'male',
    });
    const runner = await start();
    await runner.caughtUp();
    const schema = identifier((await runner.liveSchema()) as string);

    const intervals = await pool.query(
      `SELECT status, change, sex, age_band, occupation, valid_from, valid_to FROM ${schema}.attache_case_status
       ORDER BY valid_from`,
    );
    t.same(
      intervals.rows.map((r) => [
        r.status,
        r.change,
        r.sex,
        r.age_band,
        r.occupation,
        r.valid_from.toISOString(),
        r.valid_to?.toISOString() ?? null,
      ]),
      [
        ['open', 'opened', 'female', '25-34', '9111', '2026-03-02T09:00:00.000Z', '2026-03-03T09:00:00.000Z'],
        [
          'open',
          'details-corrected',
          'male',
          '35-44',
          '9111',
          '2026-03-03T09:00:00.000Z',
          '2026-03-04T09:00:00.000Z',
        ],
        ['closed', 'closed', 'male', '35-44', '9111', '2026-03-04T09:00:00.000Z', null],
      ],
    );
    const record = await pool.query(`SELECT sex, age_band, occupation FROM ${schema}.attache_case`);
    t.same(record.rows, [{ sex: 'female', age_band: '25-34', occupation: '9111' }], 'the record as opened');

    // Per day recorded: +1 where an interval starts, −1 where it ends (closed counts the closed ones), in
    // the month the case was opened; at the month's end, the sum. Each at grain 0 (every dimension), 1
    // (sex and country only) and 2 (the same by quarter: the month column holds the quarter's first).
    const rowsOf = async (table: string, order: string) =>
      (
        await pool.query(
          `SELECT * FROM ${schema}.${table} WHERE opened <> 0 OR closed <> 0 ORDER BY ${order}, sex, grain`,
        )
      ).rows.map((r) =>
        Object.values(r)
          .map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
          .join(' '),
      );
    t.same(await rowsOf('attache_case_daily', 'recorded_on'), [
      '2026-03-02 0 2026-03-01 SA female 25-34 9 1 0',
      '2026-03-02 1 2026-03-01 SA female * * 1 0',
      '2026-03-02 2 2026-01-01 SA female * * 1 0',
      '2026-03-03 0 2026-03-01 SA female 25-34 9 -1 0',
      '2026-03-03 1 2026-03-01 SA female * * -1 0',
      '2026-03-03 2 2026-01-01 SA female * * -1 0',
      '2026-03-03 0 2026-03-01 SA male 35-44 9 1 0',
      '2026-03-03 1 2026-03-01 SA male * * 1 0',
      '2026-03-03 2 2026-01-01 SA male * * 1 0',
      '2026-03-04 0 2026-03-01 SA male 35-44 9 0 1',
      '2026-03-04 1 2026-03-01 SA male * * 0 1',
      '2026-03-04 2 2026-01-01 SA male * * 0 1',
    ]);
    t.same(await rowsOf('attache_case_monthly', 'as_of_month'), [
      '2026-03-01 0 2026-03-01 SA male 35-44 9 1 1',
      '2026-03-01 1 2026-03-01 SA male * * 1 1',
      '2026-03-01 2 2026-01-01 SA male * * 1 1',
    ]);
  },
);
