import { randomBytes } from 'node:crypto';
import t, { type Test } from 'tap';
import { assertProblem, type Response, startComplaintsTestSystem } from './complaintsTestSystem.fixture.ts';

/**
 * The read side over HTTP: the officers' queue (order, default statuses, filters, paging), the full record
 * and who may open its personal data, and the public status look-up by reference and PIN (with its rate
 * limit). The queue is a projection: tests wait with caughtUp(), never sleep. One system for the file; the
 * rate-limit test starts a second one of its own.
 */
const ctx = await startComplaintsTestSystem(t, 'cmprd');
const { call, tokens, lodge, act, clock } = ctx;

const HOUR = 3_600_000;
const plusHours = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * HOUR).toISOString();
const today = () => clock.now().toISOString().slice(0, 10);

interface Summary {
  id: string;
  status: string;
  severity: string;
  respondBy: string;
  country: string;
  agencyId: string | null;
  personalData: string;
}

const queue = (query = '', tok = tokens.officer) => call('GET', `/complaints?${query}`, { token: tok });
const items = (r: Response): Summary[] => r.body?.items ?? [];
const ids = (r: Response): string[] => items(r).map((i) => i.id);
/** The given complaints in the order a queue response lists them. */
const orderOf = (r: Response, mine: string[]) => ids(r).filter((id) => mine.includes(id));
const sorted = (list: string[]) => [...list].sort();
const RANK: Record<string, number> = { critical: 0, high: 1, normal: 2 };

/** Follows nextCursor from the first page to the last; fails on anything but 200. */
async function walk(t: Test, query: string, limit: number): Promise<{ ids: string[]; pages: number }> {
  const found: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const r: Response = await queue(
      `${query}${query ? '&' : ''}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (r.status !== 200) throw new Error(`${query}: ${r.status} ${r.text}`);
    t.ok(items(r).length <= limit, `${query || 'default'}: a page holds at most ${limit}`);
    found.push(...ids(r));
    cursor = r.body.nextCursor;
    pages += 1;
    if (pages > 500) throw new Error('the cursor never ends');
  } while (cursor);
  return { ids: found, pages };
}

const statusUrl = (reference: string, pin: string) =>
  `/public/complaints/status?reference=${encodeURIComponent(reference)}&pin=${encodeURIComponent(pin)}`;

t.test('the queue: most severe first, then nearest deadline; triage moves a complaint', async (t) => {
  const jo = { location: { country: 'JO', city: 'Amman' } };
  const normal = await lodge({ ...jo, categories: ['excessive-hours'] });
  clock.set(plusHours(clock.now().toISOString(), 0.1));
  const critical = await lodge({ ...jo, categories: ['physical-abuse'] });
  clock.set(plusHours(clock.now().toISOString(), 0.1));
  const high = await lodge({ ...jo, categories: ['withheld-wages'] });
  clock.set(plusHours(clock.now().toISOString(), 1));
  const critical2 = await lodge({ ...jo, categories: ['confinement'] });
  t.same(
    [normal, critical, high, critical2].map((c) => c.severity),
    ['normal', 'critical', 'high', 'critical'],
  );
  const mine = [normal.id, critical.id, high.id, critical2.id];
  await ctx.caughtUp();

  const expected = [critical.id, critical2.id, high.id, normal.id];
  const all = await queue('limit=200');
  t.equal(all.status, 200, { body: all.text });
  t.same(orderOf(all, mine), expected, 'critical (earlier deadline), critical, high, normal');
  t.same(ids(await queue('country=JO')), expected, 'the same order for the country alone');
  const list = items(all);
  t.ok(
    list.every((s, i) => {
      const prev = list[i - 1];
      if (!prev) return true;
      const [a, b] = [RANK[prev.severity]!, RANK[s.severity]!];
      return a < b || (a === b && Date.parse(prev.respondBy) <= Date.parse(s.respondBy));
    }),
    'the whole queue is by severity, then deadline',
  );
  const summary = list.find((s) => s.id === critical.id);
  t.match(
    summary,
    { id: critical.id, reference: critical.reference, status: 'lodged', severity: 'critical', country: 'JO' },
    'a queue item summarises the complaint',
  );
  t.notOk(
    JSON.stringify(all.body).includes(String(critical.body.narrative)),
    'no personal data in the queue',
  );

  // The normal one is raised to critical: its deadline (24 h from its lodging) is now the nearest.
  const raised = await act(normal.id, 'triage', 1, {
    severity: 'critical',
    reason: 'threatened with violence',
  });
  t.equal(raised, 2);
  await ctx.caughtUp();
  t.same(
    ids(await queue('country=JO')),
    [normal.id, critical.id, critical2.id, high.id],
    'a triage that raises severity moves the complaint up',
  );
  t.same(
    orderOf(await queue('limit=200'), mine),
    [normal.id, critical.id, critical2.id, high.id],
    'in the whole queue too',
  );
});

t.test('the default queue holds open complaints; ?status= shows the others', async (t) => {
  const ye = { location: { country: 'YE' } };
  const open = await lodge(ye);
  const closed = await lodge(ye);
  let v = await act(closed.id, 'triage', 1, { reason: 'confirmed' });
  v = await act(closed.id, 'resolution', v, { outcome: 'resolved-in-favour' });
  await act(closed.id, 'closure', v);
  const withdrawn = await lodge(ye);
  await act(withdrawn.id, 'withdrawal', undefined, { reason: 'caller asked' }, tokens.hotline);
  const referred = await lodge(ye);
  await act(referred.id, 'referral', undefined, { to: 'police' });
  const resolved = await lodge(ye);
  v = await act(resolved.id, 'triage', 1, { reason: 'confirmed' });
  await act(resolved.id, 'resolution', v, { outcome: 'partially-resolved' });
  const reopened = await lodge(ye);
  v = await act(reopened.id, 'triage', 1, { reason: 'confirmed' });
  v = await act(reopened.id, 'resolution', v, { outcome: 'not-substantiated' });
  await act(reopened.id, 'reopening', v, { reason: 'new evidence' });
  await ctx.caughtUp();

  const mine = [open.id, closed.id, withdrawn.id, referred.id, resolved.id, reopened.id];
  const byDefault = await queue('limit=200');
  t.same(
    sorted(orderOf(byDefault, mine)),
    sorted([open.id, referred.id, reopened.id]),
    'by default: lodged, referred and reopened ones; not closed, withdrawn or resolved',
  );
  t.ok(
    items(byDefault).every((s) =>
      ['lodged', 'triaged', 'assigned', 'referred', 'reopened'].includes(s.status),
    ),
    'only open statuses by default',
  );
  t.same(
    sorted(ids(await queue('country=YE'))),
    sorted([open.id, referred.id, reopened.id]),
    'also by country',
  );

  for (const [status, c] of [
    ['closed', closed],
    ['withdrawn', withdrawn],
    ['resolved', resolved],
    ['referred', referred],
    ['reopened', reopened],
    ['lodged', open],
  ] as const) {
    const r = await queue(`status=${status}&limit=200`);
    t.ok(ids(r).includes(c.id), `?status=${status} shows it`);
    t.ok(
      items(r).every((s) => s.status === status),
      `?status=${status} shows only ${status} complaints`,
    );
    t.same(ids(await queue(`status=${status}&country=YE`)), [c.id], `?status=${status}&country=YE: just it`);
  }
});

t.test('filters status, severity, agencyId and country combine', async (t) => {
  const agency = await ctx.licensedAgency();
  const other = await ctx.licensedAgency(`Amani Manpower ${randomBytes(3).toString('hex')} Ltd`);
  const ae = { country: 'AE', city: 'Dubai' };
  const a1 = await lodge({ location: ae, agencyId: agency.id, categories: ['sexual-abuse'] });
  const a2 = await lodge({ location: ae, agencyId: agency.id, categories: ['withheld-wages'] });
  const a3 = await lodge({ location: ae, categories: ['withheld-wages'] });
  const a4 = await lodge({ location: { country: 'LB' }, agencyId: agency.id, categories: ['stranded'] });
  const a5 = await lodge({ location: ae, agencyId: agency.id, categories: ['recruitment-fees'] });
  await act(a5.id, 'triage', 1, { reason: 'fees of KES 120,000 confirmed' });
  const a6 = await lodge({ location: ae, agencyId: other.id, categories: ['excessive-hours'] });
  await ctx.caughtUp();

  const cases: Array<[string, string[]]> = [
    [`agencyId=${agency.id}`, [a1.id, a2.id, a4.id, a5.id]],
    ['country=AE', [a1.id, a2.id, a3.id, a5.id, a6.id]],
    [`agencyId=${agency.id}&country=AE`, [a1.id, a2.id, a5.id]],
    [`agencyId=${agency.id}&country=AE&severity=high`, [a2.id, a5.id]],
    [`agencyId=${agency.id}&country=AE&severity=high&status=triaged`, [a5.id]],
    [`agencyId=${agency.id}&country=AE&severity=high&status=lodged`, [a2.id]],
    [`agencyId=${agency.id}&severity=critical`, [a1.id]],
    ['country=AE&severity=normal', [a6.id]],
    ['country=AE&status=triaged', [a5.id]],
    [`agencyId=${agency.id}&country=LB`, [a4.id]],
    [`agencyId=${other.id}&country=LB`, []],
    [`agencyId=${agency.id}&status=closed`, []],
  ];
  for (const [query, expected] of cases) {
    const r = await queue(query);
    t.equal(r.status, 200, `${query}: 200`, { body: r.text });
    t.same(sorted(ids(r)), sorted(expected), `${query}: exactly the matching complaints`);
  }

  const mine = [a1.id, a2.id, a3.id, a4.id, a5.id, a6.id];
  const high = await queue('severity=high&limit=200');
  t.same(sorted(orderOf(high, mine)), sorted([a2.id, a3.id, a4.id, a5.id]), '?severity=high alone');
  t.ok(
    items(high).every((s) => s.severity === 'high'),
    'and only high ones',
  );
  const triaged = await queue('status=triaged&severity=high&limit=200');
  t.same(orderOf(triaged, mine), [a5.id], '?status=triaged&severity=high');
  t.ok(
    items(triaged).every((s) => s.status === 'triaged' && s.severity === 'high'),
    'and only such',
  );

  const unknownStatus = await queue('status=pending');
  t.equal(unknownStatus.status, 400, 'an unknown status is a 400');
  t.equal((await queue('', tokens.analyst)).status, 200, 'analysts read the queue');
  t.equal((await queue('', tokens.hotline)).status, 403, 'the hotline does not');
});

t.test('paging with limit and nextCursor walks every item exactly once', async (t) => {
  // A few more, with equal deadlines (lodged at the same instant) to test ties.
  for (let i = 0; i < 5; i++) await lodge({ location: { country: 'LB' }, categories: ['stranded'] });
  await ctx.caughtUp();
  for (const query of [
    '',
    'severity=high',
    'status=lodged',
    'status=closed',
    'country=AE',
    'country=LB',
    'country=AE&severity=high',
  ]) {
    const whole = await queue(`${query}${query ? '&' : ''}limit=200`);
    t.equal(whole.body.nextCursor, null, `${query || 'default'}: one page of 200 holds them all`);
    const expected = ids(whole);
    t.ok(expected.length > 0, `${query || 'default'}: something to page through`);
    for (const limit of [1, 2, 3]) {
      const walked = await walk(t, query, limit);
      t.same(walked.ids, expected, `${query || 'default'} by ${limit}: every item once, in queue order`);
      t.equal(new Set(walked.ids).size, walked.ids.length, `${query || 'default'} by ${limit}: no repeats`);
    }
  }
  const bogus = await queue('cursor=not-a-cursor');
  assertProblem(t, bogus, 400, undefined, 'a cursor the API did not give');
});

t.test('GET /complaints/:id: the full record, personal data for those allowed', async (t) => {
  const c = await lodge({ location: { country: 'SA', city: 'Riyadh' } });
  const complainant = c.body.complainant as { fullName: string; phone: string; nationalId: string };
  const read = (tok: string) => call('GET', `/complaints/${c.id}`, { token: tok });

  for (const [who, tok] of [
    ['an officer', tokens.officer],
    ['another officer', tokens.officer2],
    ['the director', tokens.director],
    ['the hotline account that lodged it', tokens.hotline],
  ] as const) {
    const r = await read(tok);
    t.equal(r.status, 200, `${who}: 200`, { body: r.text });
    t.equal(r.body.complainant.fullName, complainant.fullName, `${who}: sees the name`);
    t.equal(r.body.complainant.phone, complainant.phone, `${who}: the phone`);
    t.equal(r.body.complainant.nationalId, complainant.nationalId, `${who}: the national id`);
    t.equal(r.body.complainant.dateOfBirth, '1996-04-12', `${who}: the date of birth`);
    t.equal(r.body.narrative, c.body.narrative, `${who}: the narrative`);
    t.equal(r.body.personalData, 'held');
    t.equal(r.body.version, 1, `${who}: version 1`);
    t.equal(r.headers.etag, '"1"', `${who}: ETag "1"`);
  }

  assertProblem(t, await read(tokens.hotline2), 403, undefined, 'another hotline account');
  assertProblem(t, await read(tokens.attache), 403, undefined, 'the attaché before any referral');
  assertProblem(t, await read(tokens.analyst), 403, undefined, 'an analyst');

  const v = await act(c.id, 'referral', undefined, {
    to: 'labour-attache',
    note: 'Riyadh mission to contact the employer',
  });
  const v2 = await act(c.id, 'notes', v, { text: 'Officer called the caller back' });
  await act(c.id, 'notes', v2, { text: 'The caller says she is at the shelter now' }, tokens.hotline);
  const byAttache = await read(tokens.attache);
  t.equal(byAttache.status, 200, "the attaché of the referral's mission (SA)", { body: byAttache.text });
  t.equal(byAttache.body.complainant.fullName, complainant.fullName, 'sees the name');
  t.equal(byAttache.body.narrative, c.body.narrative, 'and the narrative');
  // Issue 9: officers' notes are NEA's own; the caller's follow-ups help the attaché.
  t.same(
    byAttache.body.notes.map((n: { text: string }) => n.text),
    ['The caller says she is at the shelter now'],
    "and the caller's follow-ups, not the officers' notes",
  );
  t.match(byAttache.body.referrals, [{ to: 'labour-attache', country: 'SA' }]);
  t.equal(byAttache.body.version, 4, 'version 4');
  t.equal(byAttache.headers.etag, '"4"', 'ETag "4"');
  assertProblem(t, await read(tokens.attacheQa), 403, undefined, 'the attaché of another mission');

  const police = await lodge({ location: { country: 'SA' } });
  await act(police.id, 'referral', undefined, { to: 'police' });
  assertProblem(
    t,
    await call('GET', `/complaints/${police.id}`, { token: tokens.attache }),
    403,
    undefined,
    'the attaché, for a complaint referred to the police only',
  );

  const missing = await call('GET', '/complaints/0b6b1f5e-5c1e-4c57-9a7e-3b1f2f6a9d11', {
    token: tokens.officer,
  });
  assertProblem(t, missing, 404, undefined, 'an unknown id');
});

t.test('the public status: reference and PIN → status and date of the last update only', async (t) => {
  const c = await lodge({ location: { country: 'KW' } });
  await ctx.caughtUp();

  const ok = await call('GET', statusUrl(c.reference, c.trackingPin));
  t.equal(ok.status, 200, { body: ok.text });
  t.same(Object.keys(ok.body).sort(), ['lastUpdated', 'reference', 'status'], 'exactly three fields');
  t.same(ok.body, { reference: c.reference, status: 'lodged', lastUpdated: today() });
  t.match(ok.body.lastUpdated, /^\d{4}-\d{2}-\d{2}$/, 'lastUpdated is a date');

  const lower = await call('GET', statusUrl(c.reference, c.trackingPin.toLowerCase()));
  t.equal(lower.status, 200, 'the PIN in lower case works');
  t.same(lower.body, ok.body);
  const spaced = `${c.trackingPin.slice(0, 4)} ${c.trackingPin.slice(4)}`;
  t.equal(
    (await call('GET', statusUrl(c.reference, spaced))).status,
    200,
    'the PIN read back with a space works',
  );
  t.equal(
    (await call('GET', statusUrl(c.reference, `${c.trackingPin.slice(0, 5)}-${c.trackingPin.slice(5)}`)))
      .status,
    200,
    'the PIN in two groups of five, hyphenated, works',
  );
  const lowerRef = await call('GET', statusUrl(c.reference.toLowerCase(), c.trackingPin));
  t.equal(lowerRef.status, 200, 'the reference in lower case works');
  t.equal(lowerRef.body.reference, c.reference, 'and is answered as issued');

  const flip = (ch: string) => (ch === 'A' ? 'B' : 'A');
  const wrongPin = `${flip(c.trackingPin[0]!)}${c.trackingPin.slice(1)}`;
  const wrong = await call('GET', statusUrl(c.reference, wrongPin));
  const unknown = await call('GET', statusUrl('NEA-2026-999999', c.trackingPin));
  assertProblem(t, wrong, 404, undefined, 'a wrong PIN');
  assertProblem(t, unknown, 404, undefined, 'an unknown reference');
  t.equal(wrong.body.type, unknown.body.type, 'the same type');
  t.equal(wrong.body.title, unknown.body.title, 'the same title');
  t.equal(wrong.body.status, unknown.body.status, 'the same status');
  t.same(Object.keys(wrong.body).sort(), Object.keys(unknown.body).sort(), 'the same fields');
  t.notOk(wrong.text.includes('lodged'), 'a wrong PIN reveals nothing of the complaint');

  const otherComplaint = await lodge({ location: { country: 'KW' } });
  await ctx.caughtUp();
  assertProblem(
    t,
    await call('GET', statusUrl(c.reference, otherComplaint.trackingPin)),
    404,
    undefined,
    "another complaint's PIN",
  );

  // The status follows the lifecycle; the date follows the last change.
  const steps: Array<[string, Record<string, unknown>, string]> = [
    ['triage', { reason: 'confirmed' }, 'triaged'],
    ['assignment', { assignee: 'officer-2' }, 'assigned'],
    ['referral', { to: 'labour-attache' }, 'referred'],
    ['resolution', { outcome: 'resolved-in-favour' }, 'resolved'],
    ['closure', {}, 'closed'],
    ['reopening', { reason: 'the caller rang again' }, 'reopened'],
    ['withdrawal', { reason: 'the caller is home' }, 'withdrawn'],
  ];
  let version = 1;
  for (const [route, body, status] of steps) {
    clock.set(plusHours(clock.now().toISOString(), 24));
    version = await act(c.id, route, version, body);
    const r = await call('GET', statusUrl(c.reference, c.trackingPin));
    t.same(
      r.body,
      { reference: c.reference, status, lastUpdated: today() },
      `after ${route}: ${status}, today`,
    );
  }

  // A note is an update too (the caller sees that something happened), but not a change of status.
  clock.set(plusHours(clock.now().toISOString(), 24));
  await act(c.id, 'notes', undefined, { text: 'Caller thanked the officer' });
  const afterNote = await call('GET', statusUrl(c.reference, c.trackingPin));
  t.equal(afterNote.body.status, 'withdrawn', 'a note does not change the status');

  const bad = await call('GET', '/public/complaints/status?reference=12345&pin=ABCDEFGH');
  t.equal(bad.status, 400, 'a malformed reference is a 400');
  const noPin = await call('GET', `/public/complaints/status?reference=${c.reference}`);
  t.equal(noPin.status, 400, 'no PIN is a 400');
});

t.test('the public status is rate limited per address', async (t) => {
  const limited = await startComplaintsTestSystem(t, 'rl', { STATUS_RATE_LIMIT_PER_MINUTE: '3' });
  const c = await limited.lodge();
  await limited.caughtUp();
  const url = statusUrl(c.reference, c.trackingPin);
  const first3 = [];
  for (let i = 0; i < 3; i++) first3.push(await limited.call('GET', url));
  t.same(
    first3.map((r) => r.status),
    [200, 200, 200],
    'three look-ups a minute are answered',
  );
  const fourth = await limited.call('GET', url);
  assertProblem(t, fourth, 429, 'rate-limited', 'the fourth within the minute');
  const wrong = await limited.call('GET', statusUrl(c.reference, 'ZZZZZZZZ'));
  t.equal(wrong.status, 429, 'guessing is limited too');

  const elsewhere = await limited.system.app.inject({ method: 'GET', url, remoteAddress: '10.1.2.3' });
  t.equal(elsewhere.statusCode, 200, 'another address has its own allowance');
});
