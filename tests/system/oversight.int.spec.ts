import { licenceApplicationBody, VETTING_CHECK_NAMES, vettingCheckBody } from '@kazi/agency-registry/testing';
import { closureBody, repatriationBody } from '@kazi/attache-cases/testing';
import {
  agreementBody,
  committeeMeetingBody,
  entryIntoForceBody,
  signatureBody,
} from '@kazi/blma-records/testing';
import { complaintBody } from '@kazi/complaints/testing';
import { startWholeTestSystem } from '@kazi/system/testing';
import type { Response } from '@kazi/testing';
import t from 'tap';

/**
 * Issue 13's whole-system test: the oversight module fed only by the integration events of the other four
 * services, every one driven over HTTP as its users drive it. Two agencies are licensed (one later
 * suspended), complaints name them in Saudi Arabia and Qatar, one is resolved and two are referred to the
 * attaché in Riyadh, a worker is repatriated and her case closed, an agreement with Saudi Arabia enters into
 * force and its committee's action goes overdue by the clock. Then every oversight route must tell that
 * same story.
 */

// The agreement clock runs when the test says so (the exposed sweep), never by a timer mid-test.
const s = await startWholeTestSystem(t, { label: 'sysovs' });
const { call, tokens, clock, expectStatus, caughtUp } = s;

/** Moves the harness' clock to an instant (UTC); every service stamps its events with it. */
const at = (instant: string) => clock.set(new Date(instant));

async function eventually<T>(what: string, read: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A POST that must succeed: 201 where it creates a record (`created`), 200 where it changes one. */
async function post(
  url: string,
  token: string,
  body: Record<string, unknown>,
  what: string,
  created = false,
) {
  const r = await call('POST', url, { token, body });
  expectStatus(r, created ? 201 : 200, what);
  return r.body;
}

/** An agency applied for, vetted by an officer and licensed by the director; returns its id and version. */
async function licensedAgency(name: string): Promise<{ id: string; version: number }> {
  const created = await post(
    '/agencies',
    tokens.officer,
    licenceApplicationBody({ name }),
    `apply ${name}`,
    true,
  );
  let version: number = created.version;
  for (const check of VETTING_CHECK_NAMES)
    version = (
      await post(`/agencies/${created.id}/vetting-checks`, tokens.officer, vettingCheckBody(check), check)
    ).version;
  const approved = await post(
    `/agencies/${created.id}/approval`,
    tokens.director,
    { expectedVersion: version },
    `license ${name}`,
  );
  return { id: created.id, version: approved.version };
}

/** A complaint lodged by the hotline naming `agencyId`, by a worker of `sex` in `country`. */
async function lodge(
  agencyId: string,
  sex: 'female' | 'male',
  country: 'SA' | 'QA',
  categories: string[],
): Promise<{ id: string; version: number }> {
  const base = complaintBody();
  const body = complaintBody({
    complainant: { ...base.complainant, sex },
    location: { country, city: country === 'SA' ? 'Riyadh' : 'Doha' },
    agencyId,
    categories,
  });
  const r = await post('/complaints', tokens.hotline, body, `lodge against ${agencyId}`, true);
  return { id: r.id, version: r.version };
}

type IndicatorRow = {
  indicator: string;
  sex?: string | null;
  country?: string | null;
  count: number | string;
};
const table = (rows: IndicatorRow[]) => rows.map((r) => `${r.indicator} ${r.sex} ${r.country} ${r.count}`);

t.test('every oversight route answers consistently with what the four services were told', async (t) => {
  // 1 March: two agencies licensed; an agreement with Saudi Arabia in force since 1 February, its joint
  // committee meeting today with an action due on 3 March.
  at('2026-03-01T06:00:00.000Z');
  const careful = await licensedAgency('Careful Recruiters Ltd');
  const risky = await licensedAgency('Risky Recruiters Ltd');
  const agreement = await post(
    '/blmas',
    tokens.mol,
    agreementBody({
      partnerCountry: 'SA',
      title: 'Agreement on the employment of Kenyan domestic workers in Saudi Arabia',
      sectors: [{ isco: '9111', label: 'Domestic housekeepers' }],
      provisions: [
        { kind: 'wage-protection', text: 'Wages are paid monthly into an account in the worker’s name.' },
        { kind: 'passport-retention-prohibited', text: 'The employer shall not keep the worker’s passport.' },
      ],
    }),
    'record the agreement',
    true,
  );
  const agreementId: string = agreement.id;
  await post(`/blmas/${agreementId}/signature`, tokens.mol, signatureBody(1, '2026-01-20'), 'sign');
  await post(
    `/blmas/${agreementId}/entry-into-force`,
    tokens.mol,
    entryIntoForceBody(2, '2026-02-01'),
    'enter into force',
  );
  const meeting = await post(
    `/blmas/${agreementId}/committee-meetings`,
    tokens.mol,
    committeeMeetingBody('2026-03-01', {
      decisions: [
        {
          action: 'Share the list of licensed agencies',
          owner: 'National Employment Authority',
          due: '2026-03-03',
        },
      ],
    }),
    'the committee meets',
    true,
  );
  t.ok(meeting, 'the meeting is recorded');
  // The complaints service learns of the agencies from the registry's events before it is told of them.
  await caughtUp();

  // Complaints against both agencies, in Saudi Arabia and Qatar, by women and men.
  at('2026-03-01T09:00:00.000Z');
  const referredSa = await lodge(risky.id, 'female', 'SA', ['withheld-wages', 'document-confiscation']);
  const resolvedSa = await lodge(risky.id, 'male', 'SA', ['withheld-wages']);
  await lodge(careful.id, 'female', 'QA', ['document-confiscation']);
  await lodge(careful.id, 'male', 'QA', ['withheld-wages']);

  // 2 March: the risky agency is suspended; on 3 March it is named in another complaint.
  at('2026-03-02T08:00:00.000Z');
  await post(
    `/agencies/${risky.id}/suspension`,
    tokens.director,
    { reason: 'fees charged to workers', expectedVersion: risky.version },
    'suspend',
  );
  await caughtUp();
  at('2026-03-03T08:00:00.000Z');
  const afterSuspension = await lodge(risky.id, 'female', 'SA', ['document-confiscation']);

  // Triage; two Saudi complaints referred to the labour attaché (each opens a case in Riyadh's mission).
  const triage = async (c: { id: string; version: number }) => {
    const r = await post(
      `/complaints/${c.id}/triage`,
      tokens.officer,
      { reason: 'checked with the caller', expectedVersion: c.version },
      'triage',
    );
    c.version = r.version;
  };
  for (const c of [referredSa, resolvedSa, afterSuspension]) await triage(c);
  for (const c of [referredSa, afterSuspension]) {
    const r = await post(
      `/complaints/${c.id}/referral`,
      tokens.officer,
      { to: 'labour-attache', note: 'Please visit the household.', expectedVersion: c.version },
      'refer',
    );
    c.version = r.version;
  }
  // Each referral opens a case in Riyadh's mission; wait for both while it is still 3 March, so the cases
  // are opened (and stamped) on the day of the referral.
  const caseOf = (complaintId: string) =>
    eventually(`the case of ${complaintId}`, async () => {
      const r = await call('GET', `/cases?complaintId=${complaintId}`, { token: tokens.attache });
      return r.status === 200 && r.body.items.length > 0 ? (r.body.items[0].id as string) : undefined;
    });
  const repatriatedCase = await caseOf(referredSa.id);
  const openCase = await caseOf(afterSuspension.id);

  // 4 March, 08:00: the man's complaint is resolved in his favour.
  at('2026-03-04T08:00:00.000Z');
  await post(
    `/complaints/${resolvedSa.id}/resolution`,
    tokens.officer,
    {
      outcome: 'resolved-in-favour',
      remedy: { kind: 'wages-recovered' },
      expectedVersion: resolvedSa.version,
    },
    'resolve',
  );

  // 5 March: the first worker is repatriated to arrival (safely, with dignity) and her case closed.
  at('2026-03-05T08:00:00.000Z');
  let version: number = (await call('GET', `/cases/${repatriatedCase}`, { token: tokens.attache })).body
    .version;
  for (const stage of ['planned', 'documents-ready', 'departed', 'arrived'] as const) {
    const r: Response = await call('POST', `/cases/${repatriatedCase}/repatriation`, {
      token: tokens.attache,
      body: repatriationBody(version, stage),
    });
    expectStatus(r, 200, `repatriation ${stage}`);
    version = r.body.version;
  }
  await post(
    `/cases/${repatriatedCase}/closure`,
    tokens.attache,
    closureBody(version, 'worker-returned'),
    'close',
  );

  // The committee's action, due on 3 March, is overdue by the clock on 5 March.
  await caughtUp();
  const swept = await s.system.modules.blmaRecords.sweep();
  t.equal(swept.actionsOverdue, 1, 'the agreement clock flags the overdue action');
  await caughtUp();

  t.test('the suspended agency’s scorecard', async (t) => {
    const r = await call('GET', `/oversight/agencies/${risky.id}/scorecard`, { token: tokens.director });
    t.equal(r.status, 200, { body: r.text });
    const card = r.body;
    t.equal(card.complaints.total, 3, 'three complaints name it');
    t.same(card.complaints.lodgedWithoutLicence, { count: 1, complaintIds: [afterSuspension.id] });
    t.same(
      card.complaints.byCategoryAndStatus,
      [
        { category: 'document-confiscation', status: 'referred', count: 2 },
        { category: 'withheld-wages', status: 'referred', count: 1 },
        { category: 'withheld-wages', status: 'resolved', count: 1 },
      ],
      'two referred to the attaché, one resolved',
    );
    t.same(
      card.licenceHistory.map((h: { status: string; from: string; to: string | null }) => [
        h.status,
        h.from,
        h.to,
      ]),
      [
        ['applied', '2026-03-01T06:00:00.000Z', '2026-03-01T06:00:00.000Z'],
        ['licensed', '2026-03-01T06:00:00.000Z', '2026-03-02T08:00:00.000Z'],
        ['suspended', '2026-03-02T08:00:00.000Z', null],
      ],
      'applied and licensed on 1 March, suspended on 2 March',
    );
    t.same(card.cases, { open: 1, closed: 1 }, 'the two cases opened from its complaints');
    t.same(card.repatriations, { inProgress: 0, arrived: 1, safeAndDignified: 1 });
    const reasons = card.risk.reasons as Array<{
      rule: string;
      weight: number;
      points: number;
      evidence: Record<string, unknown>;
    }>;
    const byRule = Object.fromEntries(reasons.map((reason) => [reason.rule, reason]));
    t.match(byRule['recruiting-without-licence'], {
      weight: 8,
      points: 8,
      evidence: { count: 1, complaintIds: [afterSuspension.id] },
    });
    t.match(byRule['complaints-per-licensed-year'], { weight: 2, evidence: { complaints: 3 } });
    t.equal(
      card.risk.score,
      Math.round(reasons.reduce((sum, reason) => sum + reason.points, 0) * 100) / 100,
      'the score is the sum of its reasons',
    );

    const analyst = await call('GET', `/oversight/agencies/${risky.id}/scorecard`, { token: tokens.analyst });
    t.equal(analyst.status, 200);
    for (const id of [referredSa.id, resolvedSa.id, afterSuspension.id, repatriatedCase, openCase])
      t.notOk(analyst.text.includes(id), `no id that leads to a person reaches an analyst (${id})`);
  });

  t.test('the watchlist ranks the suspended agency first', async (t) => {
    const r = await call('GET', '/oversight/watchlist', { token: tokens.director });
    t.equal(r.status, 200, { body: r.text });
    t.same(
      r.body.items.map((e: { agencyId: string }) => e.agencyId),
      [risky.id, careful.id],
    );
    t.ok(r.body.items[0].score > r.body.items[1].score, 'by its higher score');
    t.match(r.body.items[0].topReasons, [{}, { rule: 'recruiting-without-licence', evidence: { count: 1 } }]);
    t.notOk(
      r.body.items[1].topReasons.some(
        (reason: { rule: string }) => reason.rule === 'recruiting-without-licence',
      ),
      'the agency still licensed is not said to recruit without one',
    );
    const carefulCard = await call('GET', `/oversight/agencies/${careful.id}/scorecard`, {
      token: tokens.director,
    });
    t.match(carefulCard.body, {
      complaints: { total: 2, lodgedWithoutLicence: { count: 0 } },
      cases: { open: 0, closed: 0 },
      licenceHistory: [{ status: 'applied' }, { status: 'licensed', to: null }],
    });
  });

  t.test("Saudi Arabia's caseload, and Qatar's attaché refused", async (t) => {
    const r = await call('GET', '/oversight/missions/SA/caseload', { token: tokens.attache });
    t.equal(r.status, 200, { body: r.text });
    t.same(
      r.body,
      {
        country: 'SA',
        openCases: { total: 1, byTypeAndAge: [{ type: 'labour-dispute', age: '0-7 days', count: 1 }] },
        overdueActions: { casesWithoutActionFor14Days: 0, committeeActionsOverdue: 1 },
        shelterOccupancy: 0,
        repatriationsInProgress: { total: 0, byStage: [] },
      },
      'the case still open; the repatriated worker is home; the committee action overdue',
    );
    const doha = await call('GET', '/oversight/missions/SA/caseload', { token: tokens.attacheQa });
    t.equal(doha.status, 403, "the attaché in Doha may not read Saudi Arabia's caseload");
    const qatar = await call('GET', '/oversight/missions/QA/caseload', { token: tokens.attacheQa });
    t.match(qatar.body, { country: 'QA', openCases: { total: 0 } }, 'no cases were opened in Qatar');
  });

  t.test('BLMA implementation for Saudi Arabia', async (t) => {
    const r = await call('GET', '/oversight/blmas/implementation', { token: tokens.director });
    t.equal(r.status, 200, { body: r.text });
    t.equal(r.body.items.length, 1, 'one agreement in force');
    t.match(r.body.items[0], {
      agreementId,
      partnerCountry: 'SA',
      status: 'in-force',
      inForceSince: '2026-02-01',
      complaints: { total: 3, byQuarter: [{ quarter: '2026-Q1', count: 3 }] },
      casesOpened: 2,
      workersRepatriated: 1,
      committeeActionsOverdue: 1,
    });
    const byProvision = Object.fromEntries(
      r.body.items[0].complaints.byProvision.map((p: { provision: string }) => [p.provision, p]),
    );
    t.match(byProvision['wage-protection'], { category: 'withheld-wages', inTerms: true, count: 2 });
    t.match(byProvision['passport-retention-prohibited'], {
      category: 'document-confiscation',
      inTerms: true,
      count: 2,
    });
    t.match(byProvision['maximum-hours'], { inTerms: false, count: 0 });
    t.same(r.body.items[0].provisions, ['wage-protection', 'passport-retention-prohibited']);
  });

  t.test('indicators by sex × country, before and after the resolution', async (t) => {
    const query = 'from=2026-01-01&to=2026-03-31&by=sex,country';
    // What every answer of this period holds besides complaints: two cases opened in Riyadh on 3 March
    // (both workers women), two agencies licensed and one suspended, the agreement in force with SA.
    const rest = (closed: number, repatriated: string[]) => [
      'cases-opened female SA 2',
      `cases-closed female SA ${closed}`,
      'cases-opened female all 2',
      `cases-closed female all ${closed}`,
      'cases-opened all all 2',
      `cases-closed all all ${closed}`,
      ...repatriated,
      'agencies-licensed null null 2',
      'agencies-suspended null null 1',
      'agencies-revoked null null 0',
      'blmas-in-force null SA 1',
      'blmas-reviewed null SA 0',
      'blmas-in-force null all 1',
      'blmas-reviewed null all 0',
    ];
    const complaints = (resolvedMen: number) => [
      'complaints-lodged female QA 1',
      'complaints-resolved female QA 0',
      'complaints-lodged female SA 2',
      'complaints-resolved female SA 0',
      'complaints-lodged female all 3',
      'complaints-resolved female all 0',
      'complaints-lodged male QA 1',
      'complaints-resolved male QA 0',
      'complaints-lodged male SA 1',
      `complaints-resolved male SA ${resolvedMen}`,
      'complaints-lodged male all 2',
      `complaints-resolved male all ${resolvedMen}`,
      'complaints-lodged all all 5',
      `complaints-resolved all all ${resolvedMen}`,
    ];
    const notYetRepatriated = ['workers-repatriated all all 0', 'workers-repatriated-safely all all 0'];

    const before = await call('GET', `/oversight/indicators?${query}&asOf=2026-03-04T07:59:59Z`, {
      token: tokens.director,
    });
    t.equal(before.status, 200, { body: before.text });
    t.match(before.body, { from: '2026-01-01', to: '2026-03-31', by: ['sex', 'country'], truncated: false });
    t.same(
      table(before.body.rows),
      [...complaints(0), ...rest(0, notYetRepatriated)],
      'a second before the resolution: nothing resolved yet',
    );
    const after = await call('GET', `/oversight/indicators?${query}&asOf=2026-03-04T08:00:01Z`, {
      token: tokens.director,
    });
    t.same(
      table(after.body.rows),
      [...complaints(1), ...rest(0, notYetRepatriated)],
      "a second after: the man's complaint in Saudi Arabia is resolved, and nothing else changed",
    );
    const endOfFifth = await call('GET', `/oversight/indicators?${query}&asOf=2026-03-05`, {
      token: tokens.director,
    });
    t.same(
      table(endOfFifth.body.rows),
      [
        ...complaints(1),
        ...rest(1, [
          'workers-repatriated female SA 1',
          'workers-repatriated-safely female SA 1',
          'workers-repatriated female all 1',
          'workers-repatriated-safely female all 1',
          'workers-repatriated all all 1',
          'workers-repatriated-safely all all 1',
        ]),
      ],
      'by the end of 5 March: her case closed and she is home, safely and with dignity',
    );

    const csv = await call('GET', `/oversight/indicators.csv?${query}&asOf=2026-03-05`, {
      token: tokens.director,
    });
    t.equal(csv.status, 200);
    t.match(String(csv.headers['content-type']), /^text\/csv; charset=utf-8/);
    // The same table as CSV: counts of people's complaints, cases and returns under 5 read "<5" even for
    // NEA; agencies and agreements are no persons, so theirs are exact; they have no sex or country cell.
    const aboutPeople = /^(complaints|cases|workers)-/;
    const blank = (v: string) => (v === 'null' ? '' : v);
    const expected = table(endOfFifth.body.rows).map((line) => {
      const [indicator, sex, country, count] = line.split(' ') as [string, string, string, string];
      const small = aboutPeople.test(indicator) && count !== '0' && Number(count) < 5;
      return `${indicator},${blank(sex)},${blank(country)},${small ? '<5' : count}`;
    });
    t.equal(csv.text, ['indicator,sex,country,count', ...expected, ''].join('\r\n'), 'RFC 4180, CRLF');
  });

  t.test('the projections status', async (t) => {
    const r = await call('GET', '/oversight/projections', { token: tokens.director });
    t.equal(r.status, 200, { body: r.text });
    t.match(r.body.items, [{ name: 'reporting', state: 'running', lag: 0 }]);
  });
});
