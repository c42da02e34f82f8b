import { randomUUID } from 'node:crypto';
import {
  AgencyApplicationRecorded,
  AgencyLicensed,
  AgencyReinstated,
  AgencyRevoked,
  AgencySuspended,
  CaseClosed,
  CaseOpened,
  CaseWorkerDetailsCorrected,
  ComplaintClosed,
  ComplaintLodged,
  ComplaintReferred,
  ComplaintReopened,
  ComplaintResolved,
  ComplaintTriaged,
  ComplaintWithdrawn,
  RepatriationStageChanged,
} from '@kazi/contracts';
import t from 'tap';
import { identifier } from '../reporting/index.ts';
import { lodging, reportingFixture } from '../reporting/reporting.fixture.ts';
import { DIMENSIONS, type Dimension, type IndicatorQuery, indicators } from './indicators.ts';
import { ReportingReader } from './reportingReader.ts';
import { exactCells } from './suppression.ts';

/** A small deterministic generator (mulberry32): the same history on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const HOUR = 3_600_000;
/** 2026-01-10 00:00 in Nairobi (UTC+3): the history runs over the ten weeks from there (into March). */
const START = Date.parse('2026-01-09T21:00:00.000Z');
const DAYS = 70;

t.test(
  'the indicators summed from the daily aggregates equal those counted from the facts, for every period, breakdown and asOf',
  async (t) => {
    const { pool, publish, start } = await reportingFixture(t, 'repind');
    const next = random(13);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
    const iso = (ms: number) => new Date(ms).toISOString();
    const sexes = ['female', 'male', 'unspecified'] as const;
    // Each event with the instant it reaches the stream: never before its record's earlier events, even
    // when its own `at` is earlier (a publisher's clock behind).
    const events: { sent: number; order: number; send: () => Promise<unknown> }[] = [];
    const instants: number[] = [];
    let order = 0;
    let sent = 0;
    const add = (at: number, send: () => Promise<unknown>, first = false) => {
      sent = first ? at : Math.max(sent, at);
      events.push({ sent, order: order++, send });
      instants.push(at);
    };

    // Complaints: lodged over the days (some a minute either side of Nairobi's midnight), then triaged,
    // referred, resolved, reopened, resolved again, closed or withdrawn, often several times on one day.
    for (let i = 0; i < 90; i++) {
      const complaintId = randomUUID();
      let at = START + Math.floor(next() * DAYS * 24) * HOUR + (i % 7 === 0 ? -60_000 : 0);
      const lodged = lodging({
        complaintId,
        at: iso(at),
        sex: pick(['female', 'male'] as const),
        ageBand: pick(['18-24', '25-34', '35-44']),
        country: pick(['SA', 'QA', 'LB']),
      });
      add(at, () => publish(ComplaintLodged, lodged), true);
      const steps = Math.floor(next() * 7);
      for (let s = 0; s < steps; s++) {
        // Mostly hours later, sometimes the same instant, and now and then a publisher's clock behind.
        const gap = pick([0, 1, 2, 5, 20, 30, 50, 300, 700]) * HOUR;
        at += next() < 0.1 ? -2 * HOUR : gap;
        const when = iso(at);
        const change = pick([
          'triaged',
          'referred',
          'resolved',
          'resolved',
          'closed',
          'reopened',
          'withdrawn',
        ]);
        const on = { complaintId, at: when };
        const respondBy = iso(at + 72 * HOUR);
        add(at, () => {
          switch (change) {
            case 'triaged':
              return publish(ComplaintTriaged, {
                ...on,
                categories: ['withheld-wages'],
                indicators: [],
                traffickingSuspected: false,
                severity: 'high',
              });
            case 'referred':
              return publish(ComplaintReferred, {
                ...on,
                reference: 'NEA-2026-000001',
                to: 'labour-attache',
                country: 'SA',
                categories: ['withheld-wages'],
                severity: 'high',
              });
            case 'resolved':
              return publish(ComplaintResolved, { ...on, outcome: 'wages-paid' });
            case 'closed':
              return publish(ComplaintClosed, on);
            case 'reopened':
              return publish(ComplaintReopened, { ...on, respondBy });
            default:
              return publish(ComplaintWithdrawn, on);
          }
        });
      }
    }

    // Cases: opened with or without an age band and occupation, the worker's details corrected (before
    // and after the closure, some a correction of the sex alone), closed.
    for (let i = 0; i < 60; i++) {
      const caseId = randomUUID();
      let at = START + Math.floor(next() * DAYS * 24) * HOUR + (i % 5 === 0 ? 60_000 : 0);
      const opened = {
        caseId,
        at: iso(at),
        caseType: 'labour-dispute' as const,
        country: pick(['SA', 'QA']),
        sex: pick(sexes),
        ...(next() < 0.7 ? { ageBand: pick(['25-34', '35-44']) } : {}),
        ...(next() < 0.6 ? { occupation: pick(['9111', '5322', '7112']) } : {}),
      };
      add(at, () => publish(CaseOpened, opened), true);
      let closed = false;
      const steps = Math.floor(next() * 5);
      for (let s = 0; s < steps; s++) {
        at += pick([0, 1, 3, 24, 40, 400]) * HOUR;
        const on = { caseId, at: iso(at) };
        if (!closed && next() < 0.35) {
          closed = true;
          add(at, () => publish(CaseClosed, { ...on, outcome: 'resolved' }));
        } else {
          const corrected = {
            ...on,
            sex: pick(sexes),
            ...(next() < 0.5 ? { ageBand: pick(['18-24', '25-34', '45-54']) } : {}),
            ...(next() < 0.5 ? { occupation: pick(['9111', '6111', '2221']) } : {}),
          };
          add(at, () => publish(CaseWorkerDetailsCorrected, corrected));
        }
      }
      // Half the workers are repatriated: planned, departed, arrived (the day of arrival up to two days
      // before it is recorded, now and then across a month's end; the sex and age band a stage carries;
      // the remains of a deceased worker now and then), some arrivals recorded a second time with other
      // details (the row's update moves the count), some abandoned and planned again first.
      if (next() < 0.5) {
        const remains = next() < 0.15;
        const stage = (
          stage: 'planned' | 'departed' | 'arrived' | 'abandoned',
          extra: Record<string, unknown> = {},
        ) => {
          at += pick([0, 5, 30, 200]) * HOUR;
          const on = { caseId, at: iso(at) };
          const date = iso(at - pick([0, 0, 1, 2]) * 24 * HOUR).slice(0, 10);
          add(at, () =>
            publish(RepatriationStageChanged, {
              ...on,
              stage,
              date,
              ...(remains ? { remains: true as const } : {}),
              ...extra,
            }),
          );
        };
        stage('planned');
        if (next() < 0.2) {
          stage('abandoned');
          stage('planned');
        }
        stage('departed');
        const arrival = () => ({
          safeAndDignified: next() < 0.8,
          ...(next() < 0.7 ? { sex: pick(sexes) } : {}),
          ...(next() < 0.5 ? { ageBand: pick(['18-24', '25-34']) } : {}),
        });
        stage('arrived', arrival());
        if (next() < 0.25) stage('arrived', arrival());
      }
    }

    // Agencies: applied, licensed, suspended, reinstated, revoked over the weeks (never taken back).
    for (let i = 0; i < 25; i++) {
      const agencyId = randomUUID();
      const named = { agencyId, name: `Agency ${i}`, registrationNumber: `PVT-${i}` };
      let at = START + Math.floor(next() * DAYS * 24) * HOUR;
      const applied = { ...named, at: iso(at), county: 'Nairobi' };
      add(at, () => publish(AgencyApplicationRecorded, applied), true);
      const steps = Math.floor(next() * 5);
      for (let s = 0; s < steps; s++) {
        at += pick([0, 2, 30, 300]) * HOUR;
        const on = { agencyId, at: iso(at) };
        const validFrom = on.at.slice(0, 10);
        const change = pick(['licensed', 'suspended', 'reinstated', 'revoked']);
        add(at, () => {
          switch (change) {
            case 'licensed':
              return publish(AgencyLicensed, {
                ...on,
                ...named,
                licenceNumber: `NEA/PRA/2026/${i}`,
                validFrom,
                validUntil: '2027-12-31',
              });
            case 'suspended':
              return publish(AgencySuspended, { ...on, reason: 'unpaid levy' });
            case 'reinstated':
              return publish(AgencyReinstated, on);
            default:
              return publish(AgencyRevoked, { ...on, reason: 'fraud' });
          }
        });
      }
    }

    // In the order they reach the stream (ties in the order made). Half before the projection starts
    // (large batches, a record's changes meeting in one), half after (one batch closes the intervals of
    // an earlier one).
    events.sort((a, b) => a.sent - b.sent || a.order - b.order);
    const half = Math.floor(events.length / 2);
    for (const event of events.slice(0, half)) await event.send();
    const runner = await start();
    await runner.caughtUp();
    // A lodging and a case's opening stamped late on 31 January (Nairobi), published after February's
    // changes were applied (a publisher's clock behind): recorded in a month before the latest the
    // aggregates hold, whose month-end must count them too.
    const lateAt = Date.parse('2026-01-31T20:30:00.000Z');
    instants.push(lateAt, lateAt + HOUR);
    const lateComplaint = lodging({ at: iso(lateAt), sex: 'male', ageBand: '18-24', country: 'QA' });
    await publish(ComplaintLodged, lateComplaint);
    const resolvedLate = { complaintId: lateComplaint.complaintId, at: iso(lateAt + HOUR), outcome: 'paid' };
    await publish(ComplaintResolved, resolvedLate);
    const lateCase = { caseId: randomUUID(), at: iso(lateAt), caseType: 'welfare-check' as const };
    await publish(CaseOpened, { ...lateCase, country: 'QA', sex: 'male' });
    await publish(CaseClosed, { caseId: lateCase.caseId, at: iso(lateAt + HOUR), outcome: 'resolved' });
    await runner.caughtUp();
    for (const event of events.slice(half)) await event.send();
    await runner.caughtUp();

    const live = await runner.liveSchema();
    t.ok(live, 'a live generation');
    const reader = new ReportingReader(pool, async () => live);
    const schema = identifier(live as string);
    const [counts] = (
      await pool.query(
        `SELECT (SELECT count(DISTINCT as_of_month) FROM ${schema}.complaint_monthly)::int AS complaint_months,
           (SELECT count(*) FROM ${schema}.complaint_daily)::int AS complaint_days,
           (SELECT count(*) FROM ${schema}.attache_case_daily)::int AS case_days,
           (SELECT count(*) FROM ${schema}.attache_case_status WHERE change = 'details-corrected')::int AS corrections,
           (SELECT count(DISTINCT recorded_month) FROM ${schema}.repatriation_monthly WHERE repatriated > 0)::int AS repatriation_months`,
      )
    ).rows as {
      complaint_months: number;
      complaint_days: number;
      case_days: number;
      corrections: number;
      repatriation_months: number;
    }[];
    t.ok((counts?.complaint_months ?? 0) >= 3, 'month-ends of several months');
    t.ok((counts?.complaint_days ?? 0) > 0 && (counts?.case_days ?? 0) > 0, 'aggregates written');
    t.ok((counts?.corrections ?? 0) > 0, 'details corrected');
    t.ok((counts?.repatriation_months ?? 0) >= 2, 'repatriations recorded in several months');

    // asOf: before everything, at and just after event instants, a day's first and last instant, after all.
    const asOfs = new Set<string>([iso(START - HOUR), iso(Date.parse('2027-01-01T00:00:00.000Z'))]);
    for (let day = 0; day <= DAYS + 3; day += 3) {
      asOfs.add(iso(START + day * 24 * HOUR));
      asOfs.add(iso(START + day * 24 * HOUR - 1));
    }
    // Months' first instants in Nairobi, and the one before.
    for (const month of ['2026-02-01', '2026-03-01', '2026-04-01']) {
      const first = Date.parse(`${month}T00:00:00.000+03:00`);
      asOfs.add(iso(first));
      asOfs.add(iso(first - 1));
      asOfs.add(iso(first + 5 * HOUR));
    }
    for (let i = 0; i < 40; i++) {
      const instant = pick(instants);
      asOfs.add(iso(instant));
      asOfs.add(iso(instant + 1));
      asOfs.add(iso(instant - 1));
    }
    const day = (n: number) => iso(START + n * 24 * HOUR + 12 * HOUR).slice(0, 10);
    const periods: [string, string][] = [
      ['2025-01-01', '2027-12-31'],
      [day(0), day(0)],
      [day(2), day(5)],
      [day(7), day(30)],
      [day(-3), day(1)],
      ['2026-02-01', '2026-02-28'],
      ['2026-01-15', '2026-03-31'],
      ['2026-01-01', '2026-03-10'],
      ['2026-01-31', '2026-02-01'],
      // Whole quarters summed by quarter, the months either side by month.
      ['2025-12-01', '2026-04-30'],
      ['2025-12-10', '2026-06-30'],
    ];
    const breakdowns: Dimension[][] = [
      [],
      ['sex'],
      ['quarter'],
      ['sex', 'country', 'quarter'],
      [...DIMENSIONS],
    ];
    let compared = 0;
    let nonEmpty = 0;
    for (const asOf of asOfs) {
      const [from, to] = pick(periods);
      const by = pick(breakdowns);
      const query: IndicatorQuery = { from, to, by, asOf };
      const aggregated = await indicators(reader, query, exactCells);
      const facts = await indicators(reader, query, exactCells, 'facts');
      t.same(aggregated, facts, `from ${from} to ${to} by ${by.join(',') || '-'} as of ${asOf}`);
      compared++;
      if (facts.rows.some((row) => typeof row.count === 'number' && row.count > 0)) nonEmpty++;
    }
    // Every breakdown over every period as of now, and as of a day's last instant inside the history.
    for (const asOf of [
      iso(Date.now()),
      iso(START + 24 * 24 * HOUR - 1),
      iso(START + 40 * 24 * HOUR + 5 * HOUR),
    ])
      for (const [from, to] of periods)
        for (const by of breakdowns) {
          const query: IndicatorQuery = { from, to, by, asOf };
          t.same(
            await indicators(reader, query, exactCells),
            await indicators(reader, query, exactCells, 'facts'),
            `from ${from} to ${to} by ${by.join(',') || '-'} as of ${asOf}`,
          );
          compared++;
        }
    t.ok(
      nonEmpty > compared / 10,
      `answers with counts: ${nonEmpty} of the random ones (${compared} compared)`,
    );
  },
);

t.test('a case counts by the worker details the log held at asOf: corrected, then closed', async (t) => {
  const { pool, publish, start } = await reportingFixture(t, 'repindc');
  const caseId = randomUUID();
  await publish(CaseOpened, {
    caseId,
    at: '2026-03-02T09:00:00.000Z',
    caseType: 'welfare-check',
    country: 'QA',
    sex: 'unspecified',
  });
  await publish(CaseWorkerDetailsCorrected, {
    caseId,
    at: '2026-03-04T09:00:00.000Z',
    sex: 'female',
    ageBand: '25-34',
    occupation: '9111',
  });
  await publish(CaseClosed, { caseId, at: '2026-03-06T09:00:00.000Z', outcome: 'resolved' });
  // The sex alone corrected: the age band and occupation carry over.
  await publish(CaseWorkerDetailsCorrected, { caseId, at: '2026-03-08T09:00:00.000Z', sex: 'male' });
  const runner = await start();
  await runner.caughtUp();

  const schema = identifier((await runner.liveSchema()) as string);
  const { rows } = await pool.query(
    `SELECT st.status, st.change, st.sex, st.age_band, st.occupation, st.valid_from, st.valid_to
     FROM ${schema}.attache_case_status st ORDER BY st.valid_from`,
  );
  t.same(
    rows.map((r) => [r.status, r.change, r.sex, r.age_band, r.occupation, r.valid_to?.toISOString() ?? null]),
    [
      ['open', 'opened', 'unspecified', null, null, '2026-03-04T09:00:00.000Z'],
      ['open', 'details-corrected', 'female', '25-34', '9111', '2026-03-06T09:00:00.000Z'],
      ['closed', 'closed', 'female', '25-34', '9111', '2026-03-08T09:00:00.000Z'],
      ['closed', 'details-corrected', 'male', '25-34', '9111', null],
    ],
    'one interval per correction, carrying the status; a closure carrying the details',
  );

  const live = await runner.liveSchema();
  const reader = new ReportingReader(pool, async () => live);
  const answer = async (asOf: string) =>
    (
      await indicators(
        reader,
        { from: '2026-01-01', to: '2026-12-31', by: ['sex', 'ageBand', 'occupation'], asOf },
        exactCells,
      )
    ).rows
      .filter(
        (row) =>
          row.indicator.startsWith('cases-') &&
          [row.sex, row.ageBand, row.occupation].every((value) => value !== 'all') &&
          row.count !== 0,
      )
      .map((row) => `${row.indicator} ${row.sex} ${row.ageBand} ${row.occupation} ${row.count}`);
  t.same(await answer('2026-03-03T00:00:00Z'), ['cases-opened unspecified unknown unknown 1']);
  t.same(await answer('2026-03-05T00:00:00Z'), ['cases-opened female 25-34 9 1']);
  t.same(await answer('2026-03-07T00:00:00Z'), [
    'cases-opened female 25-34 9 1',
    'cases-closed female 25-34 9 1',
  ]);
  t.same(await answer('2026-03-09T00:00:00Z'), [
    'cases-opened male 25-34 9 1',
    'cases-closed male 25-34 9 1',
  ]);
});
