import { randomUUID } from 'node:crypto';
import {
  AgencyApplicationRecorded,
  AgencyRevoked,
  AgencySuspended,
  CaseOpened,
  ComplaintResolved,
  ComplaintResponseOverdue,
  ComplaintTriaged,
  RepatriationStageChanged,
} from '@kazi/contracts';
import { assertProblem } from '@kazi/testing';
import t from 'tap';
import { startOversightTestSystem } from './oversightTestSystem.fixture.ts';

t.test(
  "an agency's scorecard counts its complaints and gives each point of its risk a rule, weight and evidence",
  async (t) => {
    const system = await startOversightTestSystem(t);
    const { publish, lodge, tokens, call } = system;
    const agencyId = await system.licensedAgency('11111111-1111-4111-8111-111111111111');
    const critical = await lodge({ agencyId, severity: 'critical' });
    // Referred to the attaché in Riyadh: a case opened from it, and the worker's repatriation planned.
    await publish(CaseOpened, {
      caseId: 'case-from-critical',
      at: '2026-02-03T07:00:00.000Z',
      caseType: 'repatriation',
      country: 'SA',
      complaintId: critical,
      sex: 'female',
    });
    await publish(RepatriationStageChanged, {
      caseId: 'case-from-critical',
      at: '2026-02-04T07:00:00.000Z',
      stage: 'planned',
      date: '2026-02-04',
    });
    const trafficked = await lodge({ agencyId, categories: ['confinement'] });
    await publish(ComplaintTriaged, {
      complaintId: trafficked,
      at: '2026-02-03T09:00:00.000Z',
      categories: ['confinement', 'document-confiscation'],
      indicators: ['restriction-of-movement'],
      traffickingSuspected: true,
      severity: 'high',
    });
    const resolved = await lodge({ agencyId });
    await publish(ComplaintResolved, {
      complaintId: resolved,
      at: '2026-02-20T09:00:00.000Z',
      outcome: 'wages-paid',
    });
    const overdue = await lodge({ agencyId });
    await publish(ComplaintResponseOverdue, {
      complaintId: overdue,
      at: '2026-02-09T09:00:00.000Z',
      respondBy: '2026-02-09T09:00:00.000Z',
      severity: 'high',
    });
    await publish(AgencySuspended, {
      agencyId,
      at: '2026-02-10T09:00:00.000Z',
      reason: 'inspection findings',
    });
    const whileSuspended = await lodge({ agencyId, at: '2026-02-15T09:00:00.000Z' });
    await system.caughtUp();

    const r = await call('GET', `/oversight/agencies/${agencyId}/scorecard`, { token: tokens.officer });
    t.equal(r.status, 200, 'NEA reads the scorecard', { body: r.text });
    const card = r.body;
    t.equal(card.complaints.total, 5);
    t.same(card.cases, { open: 1, closed: 0 }, 'the case opened from a complaint against the agency');
    t.same(card.repatriations, { inProgress: 1, arrived: 0, safeAndDignified: 0 });
    t.same(card.complaints.openCritical, { count: 1, complaintIds: [critical] });
    t.same(card.complaints.traffickingSuspected, { count: 1, complaintIds: [trafficked] });
    t.same(card.complaints.overdueResponses, { count: 1, complaintIds: [overdue] });
    t.same(card.complaints.lodgedWithoutLicence, { count: 1, complaintIds: [whileSuspended] });
    t.same(
      card.complaints.byCategoryAndStatus,
      [
        { category: 'confinement', status: 'triaged', count: 1 },
        { category: 'document-confiscation', status: 'triaged', count: 1 },
        { category: 'withheld-wages', status: 'lodged', count: 3 },
        { category: 'withheld-wages', status: 'resolved', count: 1 },
      ],
      'by the categories each complaint has now and its status now',
    );
    t.same(
      card.licenceHistory.map((h: { status: string; from: string; to: string | null }) => [
        h.status,
        h.from,
        h.to,
      ]),
      [
        ['applied', '2025-01-02T09:00:00.000Z', '2025-01-10T09:00:00.000Z'],
        ['licensed', '2025-01-10T09:00:00.000Z', '2026-02-10T09:00:00.000Z'],
        ['suspended', '2026-02-10T09:00:00.000Z', null],
      ],
    );

    const reasons = card.risk.reasons as Array<{
      rule: string;
      weight: number;
      points: number;
      evidence: Record<string, unknown>;
    }>;
    t.same(
      reasons.map((reason) => reason.rule),
      [
        'open-critical-complaints',
        'complaints-per-licensed-year',
        'recruiting-without-licence',
        'forced-labour-indicators',
        'overdue-responses',
      ],
      'largest first',
    );
    const byRule = Object.fromEntries(reasons.map((reason) => [reason.rule, reason]));
    t.match(byRule['open-critical-complaints'], {
      weight: 10,
      points: 10,
      evidence: { count: 1, complaintIds: [critical] },
    });
    t.match(byRule['forced-labour-indicators'], {
      weight: 5,
      points: 5,
      evidence: { count: 1, traffickingSuspected: 1, complaintIds: [trafficked] },
    });
    t.match(byRule['recruiting-without-licence'], {
      weight: 8,
      points: 8,
      evidence: { count: 1, complaintIds: [whileSuspended] },
    });
    t.match(byRule['overdue-responses'], {
      weight: 3,
      points: 3,
      evidence: { count: 1, complaintIds: [overdue] },
    });
    // Licensed from 2025-01-10 to the suspension on 2026-02-10: 1.08 years, 5 complaints.
    t.match(byRule['complaints-per-licensed-year'], {
      weight: 2,
      points: 9.26,
      evidence: { complaints: 5, licensedYears: 1.08, perLicensedYear: 4.63 },
    });
    t.equal(card.risk.score, 35.26, 'the score is the sum of its reasons');

    // Analysts get the same picture without ids, small counts as "<5".
    const a = await call('GET', `/oversight/agencies/${agencyId}/scorecard`, { token: tokens.analyst });
    t.equal(a.status, 200);
    t.equal(a.body.complaints.total, 5);
    t.same(a.body.complaints.openCritical, { count: '<5' });
    t.notOk(a.text.includes(critical), 'no complaint id reaches an analyst');
    t.same(a.body.risk.reasons[0].evidence, { count: '<5' });
    t.equal(a.body.risk.score, 35.26);

    assertProblem(
      t,
      await call('GET', `/oversight/agencies/${randomUUID()}/scorecard`, { token: tokens.officer }),
      404,
    );
    // Not an agency id at all (a NUL once reached PostgreSQL as a 500): a 400 naming the id.
    const malformed = await call('GET', '/oversight/agencies/%00/scorecard', { token: tokens.officer });
    assertProblem(t, malformed, 400);
    t.match(malformed.body.errors, [{ path: 'params.id' }]);
  },
);

t.test(
  'the watchlist ranks agencies by risk, pages with a cursor and shows the latest inspection',
  async (t) => {
    const system = await startOversightTestSystem(t);
    const { lodge, tokens, call } = system;
    const quiet = await system.licensedAgency('cccccccc-cccc-4ccc-8ccc-cccccccccccc');
    const some = await system.licensedAgency('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb');
    const worst = await system.licensedAgency('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
    await lodge({ agencyId: some });
    await lodge({ agencyId: worst, severity: 'critical' });
    await lodge({ agencyId: worst, severity: 'critical' });
    await system.caughtUp();

    const first = await call('GET', '/oversight/watchlist?limit=2', { token: tokens.analyst });
    t.equal(first.status, 200, 'analysts read the watchlist', { body: first.text });
    t.same(
      first.body.items.map((e: { agencyId: string }) => e.agencyId),
      [worst, some],
    );
    t.match(first.body.items[0], {
      score: 23.51,
      topReasons: [
        { rule: 'open-critical-complaints', weight: 10, points: 20, evidence: { count: '<5' } },
        { rule: 'complaints-per-licensed-year', weight: 2 },
      ],
      lastInspection: null,
    });
    t.type(first.body.nextCursor, 'string');
    const second = await call('GET', `/oversight/watchlist?limit=2&cursor=${first.body.nextCursor}`, {
      token: tokens.analyst,
    });
    t.same(
      second.body.items.map((e: { agencyId: string; score: number }) => [e.agencyId, e.score]),
      [[quiet, 0]],
    );
    t.equal(second.body.nextCursor, null, 'the end');

    // A director notes an inspection; it is an event in the agency's stream and shows on the watchlist.
    const noted = await call('POST', `/oversight/watchlist/${some}/inspections`, {
      token: tokens.director,
      body: { inspectedOn: '2026-02-26', note: 'Contracts on file; fee receipts missing.' },
    });
    t.equal(noted.status, 201, { body: noted.text });
    t.match(noted.body, {
      agencyId: some,
      version: 1,
      lastInspection: { inspectedOn: '2026-02-26', by: 'Kamau Njoroge' },
    });
    const again = await call('GET', '/oversight/watchlist', { token: tokens.officer });
    t.match(
      again.body.items.find((e: { agencyId: string }) => e.agencyId === some),
      {
        lastInspection: {
          inspectedOn: '2026-02-26',
          note: 'Contracts on file; fee receipts missing.',
          by: 'Kamau Njoroge',
        },
      },
    );
    t.match(again.body.items[0].topReasons[0].evidence, { count: 2 }, 'NEA sees exact counts');

    const future = await call('POST', `/oversight/watchlist/${some}/inspections`, {
      token: tokens.director,
      body: { inspectedOn: '2026-03-02' },
    });
    assertProblem(t, future, 422, 'inspection-in-future');
    const unknown = await call('POST', `/oversight/watchlist/${randomUUID()}/inspections`, {
      token: tokens.director,
      body: { inspectedOn: '2026-02-26' },
    });
    assertProblem(t, unknown, 404, undefined, 'an agency the registry never published');
  },
);

t.test(
  'an agency whose director directed a revoked agency: the revoked-director reason names that agency',
  async (t) => {
    const system = await startOversightTestSystem(t);
    const { publish, lodge, tokens, call } = system;
    const revoked = await system.licensedAgency('dddddddd-dddd-4ddd-8ddd-dddddddddddd');
    await publish(AgencyRevoked, { agencyId: revoked, at: '2025-09-01T09:00:00.000Z', reason: 'fees' });
    const flagged = 'eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee';
    await publish(AgencyApplicationRecorded, {
      agencyId: flagged,
      at: '2026-01-05T09:00:00.000Z',
      name: 'Phoenix Placements Ltd',
      registrationNumber: 'PVT-2026-0099',
      county: 'Mombasa',
      directorOfRevokedAgency: { revokedAgencyIds: [revoked] },
    });
    const other = await system.licensedAgency('ffffffff-ffff-4fff-8fff-ffffffffffff');
    await lodge({ agencyId: other });
    await system.caughtUp();

    for (const [who, token] of [
      ['NEA', tokens.officer],
      ['an analyst', tokens.analyst],
    ] as const) {
      const card = await call('GET', `/oversight/agencies/${flagged}/scorecard`, { token });
      t.equal(card.status, 200, `${who} reads the scorecard`, { body: card.text });
      t.same(
        card.body.risk,
        {
          score: 15,
          reasons: [
            {
              rule: 'revoked-director',
              weight: 15,
              points: 15,
              evidence: { revokedAgencies: 1, revokedAgencyIds: [revoked] },
            },
          ],
        },
        `${who}: the reason names the revoked agency (an organisation), never the director`,
      );
    }

    const list = await call('GET', '/oversight/watchlist', { token: tokens.analyst });
    t.equal(list.status, 200, { body: list.text });
    t.same(
      list.body.items.map((e: { agencyId: string; score: number }) => [e.agencyId, e.score]),
      [
        [flagged, 15],
        [other, 1.75],
        [revoked, 0],
      ],
      'the flagged agency heads the watchlist',
    );
    t.equal(
      list.body.items[0].scoredAt,
      system.clock.now().toISOString(),
      'each entry says when its score was worked out',
    );
    t.same(list.body.items[0].topReasons, [
      {
        rule: 'revoked-director',
        weight: 15,
        points: 15,
        evidence: { revokedAgencies: 1, revokedAgencyIds: [revoked] },
      },
    ]);
  },
);
