import {
  AgencyApplicationRecorded,
  AgencyLicensed,
  AgencySuspended,
  ComplaintResolved,
} from '@kazi/contracts';
import t from 'tap';
import { startOversightTestSystem } from './oversightTestSystem.fixture.ts';

t.test(
  'indicators by sex × quarter, as the log stood before and after a resolution and a suspension',
  async (t) => {
    const system = await startOversightTestSystem(t);
    const { publish, lodge, tokens, call } = system;
    const firstOfFebruary = [];
    for (let i = 0; i < 5; i++) firstOfFebruary.push(await lodge({ at: '2026-02-02T09:00:00.000Z' }));
    await lodge({ at: '2026-02-18T09:00:00.000Z' });
    await lodge({ at: '2026-02-02T10:00:00.000Z', sex: 'male' });
    await lodge({ at: '2025-11-03T09:00:00.000Z' });
    await lodge({ at: '2025-11-04T09:00:00.000Z' });
    // Outside the period: lodged before it.
    await lodge({ at: '2025-09-30T09:00:00.000Z' });
    await publish(ComplaintResolved, {
      complaintId: firstOfFebruary[0] as string,
      at: '2026-02-20T09:00:00.000Z',
      outcome: 'wages-paid',
    });
    const agencyId = 'agency-indicators';
    await publish(AgencyApplicationRecorded, {
      agencyId,
      at: '2026-01-02T09:00:00.000Z',
      name: 'Indicator Agency',
      registrationNumber: 'PVT-1',
      county: 'Mombasa',
    });
    await publish(AgencyLicensed, {
      agencyId,
      at: '2026-01-05T09:00:00.000Z',
      name: 'Indicator Agency',
      registrationNumber: 'PVT-1',
      licenceNumber: 'NEA/PRA/2026/0009',
      validFrom: '2026-01-05',
      validUntil: '2027-01-04',
    });
    await publish(AgencySuspended, { agencyId, at: '2026-02-20T12:00:00.000Z', reason: 'unpaid levy' });
    await system.caughtUp();

    const query = 'from=2025-10-01&to=2026-03-31&by=sex,quarter';
    type Row = { indicator: string; sex?: string | null; quarter?: string | null; count: number | string };
    const table = (rows: Row[]) => rows.map((r) => `${r.indicator} ${r.sex} ${r.quarter} ${r.count}`);

    const before = await call('GET', `/oversight/indicators?${query}&asOf=2026-02-15T00:00:00Z`, {
      token: tokens.officer,
    });
    t.equal(before.status, 200, { body: before.text });
    t.match(before.body, {
      from: '2025-10-01',
      to: '2026-03-31',
      by: ['sex', 'quarter'],
      asOf: '2026-02-15T00:00:00Z',
      truncated: false,
    });
    t.same(
      table(before.body.rows),
      [
        'complaints-lodged female 2025-Q4 2',
        'complaints-resolved female 2025-Q4 0',
        'complaints-lodged female 2026-Q1 5',
        'complaints-resolved female 2026-Q1 0',
        'complaints-lodged female all 7',
        'complaints-resolved female all 0',
        'complaints-lodged male 2026-Q1 1',
        'complaints-resolved male 2026-Q1 0',
        'complaints-lodged male all 1',
        'complaints-resolved male all 0',
        'complaints-lodged all all 8',
        'complaints-resolved all all 0',
        'cases-opened all all 0',
        'cases-closed all all 0',
        'workers-repatriated all all 0',
        'workers-repatriated-safely all all 0',
        'agencies-licensed null 2026-Q1 1',
        'agencies-suspended null 2026-Q1 0',
        'agencies-revoked null 2026-Q1 0',
        'agencies-licensed null all 1',
        'agencies-suspended null all 0',
        'agencies-revoked null all 0',
        'blmas-in-force null null 0',
        'blmas-reviewed null null 0',
      ],
      'as of 15 February: the lodging of the 18th, the resolution and the suspension of the 20th are not there yet',
    );

    const after = await call('GET', `/oversight/indicators?${query}&asOf=2026-02-25`, {
      token: tokens.officer,
    });
    t.same(
      table(after.body.rows),
      [
        'complaints-lodged female 2025-Q4 2',
        'complaints-resolved female 2025-Q4 0',
        'complaints-lodged female 2026-Q1 6',
        'complaints-resolved female 2026-Q1 1',
        'complaints-lodged female all 8',
        'complaints-resolved female all 1',
        'complaints-lodged male 2026-Q1 1',
        'complaints-resolved male 2026-Q1 0',
        'complaints-lodged male all 1',
        'complaints-resolved male all 0',
        'complaints-lodged all all 9',
        'complaints-resolved all all 1',
        'cases-opened all all 0',
        'cases-closed all all 0',
        'workers-repatriated all all 0',
        'workers-repatriated-safely all all 0',
        'agencies-licensed null 2026-Q1 1',
        'agencies-suspended null 2026-Q1 1',
        'agencies-revoked null 2026-Q1 0',
        'agencies-licensed null all 1',
        'agencies-suspended null all 1',
        'agencies-revoked null all 0',
        'blmas-in-force null null 0',
        'blmas-reviewed null null 0',
      ],
      'as of the end of 25 February (a day means its end in Nairobi)',
    );

    const analyst = await call('GET', `/oversight/indicators?${query}&asOf=2026-02-25`, {
      token: tokens.analyst,
    });
    t.same(
      table(analyst.body.rows).slice(0, 6),
      [
        'complaints-lodged female 2025-Q4 <5',
        'complaints-resolved female 2025-Q4 0',
        'complaints-lodged female 2026-Q1 6',
        'complaints-resolved female 2026-Q1 <5',
        'complaints-lodged female all 8',
        'complaints-resolved female all <5',
      ],
      'analysts see counts under 5 as "<5"',
    );

    const totals = await call('GET', '/oversight/indicators?from=2026-01-01&to=2026-03-31', {
      token: tokens.director,
    });
    t.same(
      table(totals.body.rows),
      [
        'complaints-lodged undefined undefined 7',
        'complaints-resolved undefined undefined 1',
        'cases-opened undefined undefined 0',
        'cases-closed undefined undefined 0',
        'workers-repatriated undefined undefined 0',
        'workers-repatriated-safely undefined undefined 0',
        'agencies-licensed undefined undefined 1',
        'agencies-suspended undefined undefined 1',
        'agencies-revoked undefined undefined 0',
        'blmas-in-force undefined undefined 0',
        'blmas-reviewed undefined undefined 0',
      ],
      'without `by`, one total per indicator (asOf defaults to now)',
    );

    const csv = await call('GET', `/oversight/indicators.csv?${query}&asOf=2026-02-25`, {
      token: tokens.officer,
    });
    t.equal(csv.status, 200);
    t.match(String(csv.headers['content-type']), /^text\/csv; charset=utf-8/);
    t.equal(
      csv.text,
      [
        'indicator,sex,quarter,count',
        'complaints-lodged,female,2025-Q4,<5',
        'complaints-resolved,female,2025-Q4,0',
        'complaints-lodged,female,2026-Q1,6',
        'complaints-resolved,female,2026-Q1,<5',
        'complaints-lodged,female,all,8',
        'complaints-resolved,female,all,<5',
        'complaints-lodged,male,2026-Q1,<5',
        'complaints-resolved,male,2026-Q1,0',
        'complaints-lodged,male,all,<5',
        'complaints-resolved,male,all,0',
        'complaints-lodged,all,all,9',
        'complaints-resolved,all,all,<5',
        'cases-opened,all,all,0',
        'cases-closed,all,all,0',
        'workers-repatriated,all,all,0',
        'workers-repatriated-safely,all,all,0',
        'agencies-licensed,,2026-Q1,1',
        'agencies-suspended,,2026-Q1,1',
        'agencies-revoked,,2026-Q1,0',
        'agencies-licensed,,all,1',
        'agencies-suspended,,all,1',
        'agencies-revoked,,all,0',
        'blmas-in-force,,,0',
        'blmas-reviewed,,,0',
        '',
      ].join('\r\n'),
      'RFC 4180: a header row, CRLF line ends, small counts suppressed even for NEA',
    );
  },
);

t.test('the suppression threshold is configuration', async (t) => {
  const system = await startOversightTestSystem(t, { env: { SUPPRESSION_THRESHOLD: '3' } });
  await system.lodge({ at: '2026-02-02T09:00:00.000Z' });
  await system.lodge({ at: '2026-02-02T09:00:00.000Z' });
  await system.lodge({ at: '2026-02-02T09:00:00.000Z', sex: 'male' });
  await system.caughtUp();
  const r = await system.call('GET', '/oversight/indicators?from=2026-01-01&to=2026-03-31&by=sex', {
    token: system.tokens.analyst,
  });
  t.same(
    r.body.rows.filter((row: { indicator: string }) => row.indicator === 'complaints-lodged'),
    [
      { indicator: 'complaints-lodged', sex: 'female', count: '<3' },
      { indicator: 'complaints-lodged', sex: 'male', count: '<3' },
      { indicator: 'complaints-lodged', sex: 'all', count: 3 },
    ],
  );
});
