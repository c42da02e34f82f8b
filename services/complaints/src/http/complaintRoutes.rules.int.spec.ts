import { randomBytes } from 'node:crypto';
import t from 'tap';
import {
  assertProblem,
  complaintBody,
  type Response,
  startComplaintsTestSystem,
  TODAY,
} from './complaintsTestSystem.fixture.ts';

/**
 * The complaints' rules over HTTP: lodging (reference, PIN, severity), Idempotency-Key, the agency as the
 * registry knows it, the status machine, the overdue sweep and erasure. One system for the whole file; the
 * subtests run in order and the clock only moves forward (the overdue test moves it weeks ahead).
 */
const ctx = await startComplaintsTestSystem(t, 'cmprul');
const { call, tokens, lodge, act, clock } = ctx;

const YEAR = TODAY.slice(0, 4);
const REFERENCE = new RegExp(`^NEA-${YEAR}-\\d{6}$`);
const HOUR = 3_600_000;
const plusHours = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * HOUR).toISOString();
const now = () => clock.now().toISOString();
const tag = () => randomBytes(3).toString('hex');

const get = (id: string, tok = tokens.officer) => call('GET', `/complaints/${id}`, { token: tok });
const post = (id: string, route: string, body: Record<string, unknown>, tok = tokens.officer) =>
  call('POST', `/complaints/${id}/${route}`, { token: tok, body });
const queue = (query: string) => call('GET', `/complaints?${query}`, { token: tokens.officer });
const lodgeRaw = (body: Record<string, unknown>, key?: string, tok = tokens.hotline) =>
  call('POST', '/complaints', {
    token: tok,
    body,
    ...(key === undefined ? {} : { headers: { 'idempotency-key': key } }),
  });
const ids = (r: Response): string[] => (r.body?.items ?? []).map((i: { id: string }) => i.id);

t.test('lodging: 201 with id, reference NEA-<year>-<6 digits>, tracking PIN and severity', async (t) => {
  const body = complaintBody();
  const r = await lodgeRaw(body);
  t.equal(r.status, 201, 'lodged', { body: r.text });
  t.match(r.body, {
    id: String,
    reference: REFERENCE,
    trackingPin: String,
    severity: 'high',
    status: 'lodged',
  });
  t.equal(r.body.version, 1, 'version 1');
  t.ok(String(r.body.trackingPin).length >= 6, 'the PIN has at least 6 characters');
  t.equal(r.headers.location, `/complaints/${r.body.id}`, 'Location names the complaint');
  t.equal(r.headers.etag, '"1"', 'ETag carries the version');

  const record = await get(r.body.id);
  t.equal(record.status, 200);
  t.equal(record.body.reference, r.body.reference, 'the record has the reference');
  t.equal(record.body.status, 'lodged');
  t.equal(record.body.channel, 'hotline');
  t.equal(record.body.complainant.fullName, (body.complainant as { fullName: string }).fullName);
  t.notOk(JSON.stringify(record.body).includes(r.body.trackingPin), 'the PIN is not in the record');

  const severities: Array<[string, string[], string, number]> = [
    ['physical abuse', ['physical-abuse'], 'critical', 24],
    ['sexual abuse', ['sexual-abuse'], 'critical', 24],
    ['confinement', ['confinement'], 'critical', 24],
    ['a death', ['death'], 'critical', 24],
    [
      'document confiscation with contract substitution (trafficking signs)',
      ['document-confiscation', 'contract-substitution'],
      'critical',
      24,
    ],
    ['withheld wages', ['withheld-wages'], 'high', 72],
    ['excessive hours alone', ['excessive-hours'], 'normal', 168],
  ];
  const pins = new Set<string>([r.body.trackingPin]);
  for (const [what, categories, severity, hours] of severities) {
    const c = await lodge({ categories });
    t.equal(c.severity, severity, `${what}: ${severity}`);
    const rec = await get(c.id);
    t.equal(rec.body.severity, severity, `${what}: the record says ${severity}`);
    t.equal(rec.body.respondBy, plusHours(rec.body.lodgedAt, hours), `${what}: respond within ${hours} h`);
    pins.add(c.trackingPin);
  }
  t.equal(pins.size, severities.length + 1, 'every complaint has its own PIN');

  const byOfficer = await lodge({}, { token: tokens.officer });
  t.equal(
    (await get(byOfficer.id)).body.channel,
    'nea-officer',
    'an officer lodges too (channel nea-officer)',
  );
});

t.test('50 concurrent lodgings get 50 different references and PINs', async (t) => {
  const responses = await Promise.all(Array.from({ length: 50 }, () => lodgeRaw(complaintBody())));
  t.same(
    responses.map((r) => r.status),
    Array(50).fill(201),
    'all 201',
  );
  const references = responses.map((r) => r.body.reference as string);
  t.ok(
    references.every((ref) => REFERENCE.test(ref)),
    'every reference is NEA-<year>-<6 digits>',
  );
  t.equal(new Set(references).size, 50, 'no reference is given twice');
  t.equal(new Set(responses.map((r) => r.body.id)).size, 50, 'fifty ids');
  const pins = responses.map((r) => r.body.trackingPin as string);
  t.ok(
    pins.every((p) => typeof p === 'string' && p.length >= 6),
    'every PIN has at least 6 characters',
  );
  t.equal(new Set(pins).size, 50, 'fifty different PINs');
});

t.test('Idempotency-Key: a repeat returns the first response; another body is a 422', async (t) => {
  const key = `hotline-call-${tag()}`;
  const body = complaintBody();
  const first = await lodgeRaw(body, key);
  t.equal(first.status, 201, 'first lodging', { body: first.text });
  t.notOk(first.headers['idempotent-replayed'], 'the first response is not a replay');

  const again = await lodgeRaw(body, key);
  t.equal(again.status, 201, 'the repeat answers 201');
  t.equal(again.headers['idempotent-replayed'], 'true', 'marked idempotent-replayed');
  t.equal(again.body.id, first.body.id, 'same id');
  t.equal(again.body.reference, first.body.reference, 'same reference');
  t.equal(again.body.trackingPin, first.body.trackingPin, 'same tracking PIN');
  t.same(again.body, first.body, 'the same body');

  const reordered = Object.fromEntries(Object.entries(body).reverse());
  const sameBodyOtherOrder = await lodgeRaw(reordered, key);
  t.equal(sameBodyOtherOrder.body.id, first.body.id, 'the same body with keys in another order is a repeat');

  const different = await lodgeRaw({ ...body, narrative: 'A different story' }, key);
  assertProblem(t, different, 422, 'idempotency-key-reused', 'the same key with another body');
  const record = await get(first.body.id);
  t.equal(record.body.version, 1, 'the complaint was not touched by the repeats');

  // Thirty at once with one key and one body: one complaint.
  const concurrentKey = `hotline-retry-${tag()}`;
  const concurrentBody = complaintBody({ location: { country: 'OM', city: 'Muscat' } });
  const racing = await Promise.all(Array.from({ length: 30 }, () => lodgeRaw(concurrentBody, concurrentKey)));
  t.same(
    racing.map((r) => r.status),
    Array(30).fill(201),
    'all thirty answer 201',
    { bodies: racing.filter((r) => r.status !== 201).map((r) => r.text) },
  );
  t.equal(new Set(racing.map((r) => r.body.id)).size, 1, 'with one id');
  t.equal(new Set(racing.map((r) => r.body.reference)).size, 1, 'one reference');
  t.equal(new Set(racing.map((r) => r.body.trackingPin)).size, 1, 'one PIN');
  t.equal(
    racing.filter((r) => r.headers['idempotent-replayed'] === 'true').length,
    29,
    'twenty-nine are replays',
  );
  await ctx.caughtUp();
  const inOman = await queue('country=OM&limit=200');
  t.same(ids(inOman), [racing[0]!.body.id], 'exactly one complaint is in the queue');

  // Keys are per caller: the same key from another hotline account is another request.
  const sharedKey = `shared-${tag()}`;
  const sharedBody = complaintBody({ location: { country: 'BH', city: 'Manama' } });
  const one = await lodgeRaw(sharedBody, sharedKey, tokens.hotline);
  const two = await lodgeRaw(sharedBody, sharedKey, tokens.hotline2);
  t.equal(one.status, 201);
  t.equal(two.status, 201);
  t.not(two.body.id, one.body.id, 'two hotline accounts with one key lodge two complaints');
  t.notOk(two.headers['idempotent-replayed'], 'the second account gets no replay');
  await ctx.caughtUp();
  const inBahrain = await queue('country=BH&limit=200');
  t.same([...ids(inBahrain)].sort(), [one.body.id, two.body.id].sort(), 'both are in the queue');
});

t.test('the agency: unknown, licensed, suspended, revoked, or only named', async (t) => {
  const unknown = await lodgeRaw(
    complaintBody({ agencyId: `no-such-agency-${tag()}`, location: { country: 'KW' } }),
  );
  assertProblem(t, unknown, 422, 'unknown-agency', 'an agencyId the registry does not know');
  await ctx.caughtUp();
  t.same(ids(await queue('country=KW&limit=200')), [], 'nothing was stored');

  const licensed = await ctx.licensedAgency();
  const againstLicensed = await lodge({ agencyId: licensed.id });
  const rec = await get(againstLicensed.id);
  t.same(rec.body.flags, [], 'a licensed agency raises no flag');
  t.equal(rec.body.agency.agencyId, licensed.id);
  t.equal(rec.body.agency.statusAtLodging, 'licensed', 'statusAtLodging licensed');
  t.equal(rec.body.agency.agencyName, licensed.name, 'the agency name from the registry');

  // Suspended by the director in the registry; the complaints service learns it through events.
  const suspended = await ctx.licensedAgency(`Baraka Manpower ${tag()} Ltd`);
  const suspension = await call('POST', `/agencies/${suspended.id}/suspension`, {
    token: tokens.director,
    body: { reason: 'complaints of withheld wages under investigation', expectedVersion: suspended.version },
  });
  t.equal(suspension.status, 200, 'suspended in the registry', { body: suspension.text });
  await ctx.agencyKnownAs(suspended.id, 'suspended');
  const againstSuspended = await lodge({ agencyId: suspended.id });
  const srec = await get(againstSuspended.id);
  t.same(
    srec.body.flags,
    [{ kind: 'agency-not-licensed', agencyStatus: 'suspended' }],
    'a suspended agency: flagged agency-not-licensed (suspended)',
  );
  t.equal(srec.body.agency.statusAtLodging, 'suspended');
  t.same(srec.body.flags, [{ kind: 'agency-not-licensed', agencyStatus: 'suspended' }]);

  const revoked = await ctx.licensedAgency(`Upendo Manpower ${tag()} Ltd`);
  const revocation = await call('POST', `/agencies/${revoked.id}/revocation`, {
    token: tokens.director,
    body: { reason: 'fraudulent job offers', expectedVersion: revoked.version },
  });
  t.equal(revocation.status, 200, 'revoked in the registry', { body: revocation.text });
  await ctx.agencyKnownAs(revoked.id, 'revoked');
  const againstRevoked = await lodge({ agencyId: revoked.id });
  const rrec = await get(againstRevoked.id);
  t.same(
    rrec.body.flags,
    [{ kind: 'agency-not-licensed', agencyStatus: 'revoked' }],
    'a revoked agency: flagged agency-not-licensed (revoked)',
  );
  t.equal(rrec.body.agency.statusAtLodging, 'revoked');

  // A caller who knows only a name: flagged, with the registry's likely agencies as candidates.
  const named = await lodge({ agencyName: 'Al Safa Recruitment' });
  const nrec = await get(named.id);
  t.same(nrec.body.flags, [{ kind: 'agency-not-identified' }], 'a name only: agency-not-identified');
  t.equal(nrec.body.agency.agencyId, null, 'no agency id');
  t.equal(nrec.body.agency.agencyName, 'Al Safa Recruitment', 'the name as the caller gave it');
  t.match(
    nrec.body.agency.candidates.find((c: { agencyId: string }) => c.agencyId === licensed.id),
    { agencyId: licensed.id, name: licensed.name, status: 'licensed', score: Number },
    'the candidates include the licensed Al-Safa agency',
  );
  t.notOk(
    nrec.body.agency.candidates.some((c: { agencyId: string }) => c.agencyId === suspended.id),
    'an agency sharing no distinctive word is not',
  );
});

t.test('impossible transitions are 409s naming the rule', async (t) => {
  const fresh = await lodge();
  assertProblem(
    t,
    await post(fresh.id, 'closure', { expectedVersion: 1 }),
    409,
    'closure-requires-resolution',
    'closure before resolution',
  );
  assertProblem(
    t,
    await post(fresh.id, 'resolution', { outcome: 'resolved-in-favour', expectedVersion: 1 }),
    409,
    'invalid-transition',
    'resolution of a just-lodged complaint',
  );
  assertProblem(
    t,
    await post(fresh.id, 'reopening', { reason: 'caller called again', expectedVersion: 1 }),
    409,
    'invalid-transition',
    'reopening an open complaint',
  );
  t.equal((await get(fresh.id)).body.version, 1, 'refusals change nothing');

  const closed = await lodge();
  let v = await act(closed.id, 'triage', 1, { reason: 'confirmed on call-back' });
  v = await act(closed.id, 'resolution', v, { outcome: 'not-substantiated' });
  v = await act(closed.id, 'closure', v);
  assertProblem(
    t,
    await post(closed.id, 'withdrawal', { reason: 'caller asked', expectedVersion: v }),
    409,
    'invalid-transition',
    'withdrawal of a closed complaint',
  );
  assertProblem(
    t,
    await post(closed.id, 'closure', { expectedVersion: v }),
    409,
    'invalid-transition',
    'closing a closed complaint',
  );

  const referred = await lodge();
  const r1 = await post(referred.id, 'referral', { to: 'labour-attache', note: 'employer in Riyadh' });
  t.equal(r1.status, 200, 'the first referral', { body: r1.text });
  assertProblem(
    t,
    await post(referred.id, 'referral', { to: 'labour-attache' }),
    409,
    'already-referred',
    'the same referral twice',
  );
  const police = await post(referred.id, 'referral', { to: 'police' });
  t.equal(police.status, 200, 'a different referral is fine');

  const erased = await lodge();
  const e1 = await post(erased.id, 'erasure', { reason: 'the data subject asked' }, tokens.director);
  t.equal(e1.status, 200, 'erased', { body: e1.text });
  assertProblem(
    t,
    await post(erased.id, 'erasure', { reason: 'asked again' }, tokens.director),
    409,
    'complainant-data-already-erased',
    'a second erasure',
  );
  assertProblem(
    t,
    await post(erased.id, 'notes', { text: 'caller says she is safe now' }),
    409,
    'complainant-data-erased',
    'an officer note after erasure',
  );
  assertProblem(
    t,
    await post(erased.id, 'notes', { text: 'caller rang again' }, tokens.hotline),
    409,
    'complainant-data-erased',
    'a hotline note after erasure',
  );
  t.equal((await get(erased.id)).body.notes.length, 0, 'no note was recorded');
});

t.test(
  'notes and an assignment sent at once without a version all land; a stale version is a 409',
  async (t) => {
    const c = await lodge();
    // Each only adds to the record, so a write conflict between them is decided again, not refused.
    const texts = [
      'the caller rang at 9',
      'the caller rang at 10',
      'her sister called',
      'the agency replied',
    ];
    const answers = await Promise.all([
      ...texts.map((text) => post(c.id, 'notes', { text }, tokens.hotline)),
      post(c.id, 'assignment', { assignee: 'officer-7' }),
    ]);
    t.same(
      answers.map((r) => r.status),
      [200, 200, 200, 200, 200],
      'all five answered 200',
      { bodies: answers.map((r) => r.text) },
    );
    const record = await get(c.id);
    t.equal(record.body.version, 6, 'five changes after the lodging');
    t.same(
      record.body.notes.map((n: { text: string }) => n.text).sort(),
      [...texts].sort(),
      'every note is recorded once',
    );
    t.equal(record.body.assignee, 'officer-7', 'the assignment is recorded');
    // Whoever names the version they saw is told the record moved on, additive or not.
    assertProblem(
      t,
      await post(c.id, 'notes', { text: 'based on version 1', expectedVersion: 1 }, tokens.hotline),
      409,
      'stale-version',
      'a note with a stale version',
    );
  },
);

t.test(
  'the lifecycle: lodged → triaged → assigned → referred → resolved → closed → reopened → withdrawn',
  async (t) => {
    const c = await lodge();
    t.equal(c.version, 1);
    const steps: Array<[string, Record<string, unknown>, string, string, string?]> = [
      ['triage', { reason: 'wages unpaid since November, confirmed' }, 'triaged', 'triaged'],
      ['assignment', { assignee: 'officer-2' }, 'assigned', 'assigned'],
      ['referral', { to: 'labour-attache', note: 'employer in Riyadh' }, 'referred', 'referred'],
      [
        'resolution',
        { outcome: 'resolved-in-favour', remedy: { kind: 'wages-recovered', amount: 4000, currency: 'SAR' } },
        'resolved',
        'resolved',
      ],
      ['closure', {}, 'closed', 'closed'],
      ['reopening', { reason: 'the employer stopped paying again' }, 'reopened', 'reopened'],
      [
        'withdrawal',
        { reason: 'the caller settled with the employer' },
        'withdrawn',
        'withdrawn',
        tokens.hotline,
      ],
    ];
    let version = 1;
    for (const [route, body, status, historyEvent, tok] of steps) {
      if (route === 'reopening') clock.set(plusHours(now(), 72));
      const at = now();
      const r = await post(c.id, route, { ...body, expectedVersion: version }, tok ?? tokens.officer);
      t.equal(r.status, 200, `${route}: 200`, { body: r.text });
      t.equal(r.body.status, status, `${route}: status ${status}`);
      t.equal(r.body.version, version + 1, `${route}: version ${version + 1}`);
      t.equal(r.headers.etag, `"${version + 1}"`, `${route}: ETag`);
      version += 1;
      const rec = await get(c.id);
      t.equal(rec.body.status, status, `${route}: the record is ${status}`);
      t.equal(rec.body.version, version, `${route}: the record is at version ${version}`);
      t.equal(rec.headers.etag, `"${version}"`, `${route}: the record's ETag`);
      t.match(rec.body.history.at(-1), { event: historyEvent, status, at }, `${route}: in the history`);
      if (route === 'resolution') {
        t.same(
          rec.body.resolution.remedy,
          { kind: 'wages-recovered', amount: 4000, currency: 'SAR' },
          'the remedy: 4000 SAR wages recovered',
        );
        t.equal(rec.body.resolution.outcome, 'resolved-in-favour');
      }
      if (route === 'reopening') {
        t.equal(rec.body.respondBy, plusHours(at, 72), 'reopening starts a new response period (high: 72 h)');
        t.equal(rec.body.respondedAt, null, 'not yet responded in the new period');
        t.equal(rec.body.resolution, null, 'the resolution is cleared');
      }
    }
    t.same(
      (await get(c.id)).body.history.map((h: { event: string }) => h.event),
      ['lodged', 'triaged', 'assigned', 'referred', 'resolved', 'closed', 'reopened', 'withdrawn'],
      'the whole history',
    );

    // Triage overrides the rules' severity with a reason; the deadline follows from the lodging.
    const normal = await lodge({ categories: ['excessive-hours'] });
    t.equal(normal.severity, 'normal');
    const before = await get(normal.id);
    t.equal(before.body.respondBy, plusHours(before.body.lodgedAt, 168), 'normal: 168 h');
    const raised = await post(normal.id, 'triage', {
      severity: 'critical',
      reason: 'caller says the employer locks her in at night',
      expectedVersion: 1,
    });
    t.equal(raised.status, 200, { body: raised.text });
    t.equal(raised.body.severity, 'critical', 'the override sets the severity');
    const after = await get(normal.id);
    t.equal(after.body.severity, 'critical');
    t.equal(after.body.respondBy, plusHours(after.body.lodgedAt, 24), 'and the deadline: 24 h from lodging');
    t.equal(
      after.body.history.at(-1).reason,
      'caller says the employer locks her in at night',
      'with its reason',
    );
    const lowered = await post(normal.id, 'triage', {
      severity: 'normal',
      reason: 'she has left that employer',
    });
    t.equal(lowered.body.severity, 'normal', 'an override down');
    t.equal(
      (await get(normal.id)).body.respondBy,
      plusHours(after.body.lodgedAt, 168),
      'moves the deadline back',
    );
    const noReason = await post(normal.id, 'triage', { severity: 'critical' });
    t.equal(noReason.status, 400, 'triage without a reason is refused');
  },
);

t.test('overdue: a critical complaint without a response in 24 h is reported once', async (t) => {
  const sweep = async () => {
    await ctx.caughtUp();
    return ctx.system.modules.complaints.app.sweep();
  };
  // Weeks after everything lodged above: report whatever is overdue from earlier tests first.
  const t0 = '2026-04-01T08:00:00.000Z';
  clock.set(t0);
  await sweep();
  await ctx.caughtUp();
  t.same(await sweep(), { overdue: 0 }, 'after a sweep nothing is left to report');

  const late = await lodge({ categories: ['physical-abuse'] });
  const early = await lodge({ categories: ['confinement'] });
  t.equal(late.severity, 'critical');
  t.equal((await get(late.id)).body.respondBy, plusHours(t0, 24), 'a critical deadline is 24 h');

  clock.set(plusHours(t0, 1));
  await act(early.id, 'assignment', undefined, { assignee: 'officer-2' });

  clock.set(plusHours(t0, 23));
  t.same(await sweep(), { overdue: 0 }, 'before the deadline: nothing');
  t.equal((await get(late.id)).body.overdue, false, 'not overdue yet');

  clock.set(plusHours(t0, 24.5));
  t.same(await sweep(), { overdue: 1 }, 'past the deadline: the one without a response');
  t.same(await sweep(), { overdue: 0 }, 'reported once: a second sweep finds nothing');
  const overdue = await get(late.id);
  t.equal(overdue.body.overdue, true, 'the record shows overdue');
  t.equal(overdue.body.status, 'lodged', 'being overdue is not a status');
  t.equal((await get(early.id)).body.overdue, false, 'the complaint assigned in time is not overdue');
  await ctx.caughtUp();
  const summary = (await queue('severity=critical&limit=200')).body.items.find(
    (i: { id: string }) => i.id === late.id,
  );
  t.equal(summary?.overdue, true, 'the queue shows it overdue');

  await act(late.id, 'assignment', undefined, { assignee: 'officer-1' });
  t.same(await sweep(), { overdue: 0 }, 'after assignment: no report');
  t.equal((await get(late.id)).body.overdue, false, 'and no longer overdue');

  clock.set(plusHours(t0, 24 * 30));
  t.same(await sweep(), { overdue: 0 }, 'a month later: still nothing');
  t.equal(
    (await get(early.id)).body.overdue,
    false,
    'the complaint assigned before its deadline is never reported',
  );
});

t.test('erasure: personal data is gone, statistics facts and the public status remain', async (t) => {
  const agency = await ctx.licensedAgency(`Tumaini Manpower ${tag()} Ltd`);
  const key = `erase-${tag()}`;
  const c = await lodge(
    {
      agencyId: agency.id,
      location: { country: 'SA', city: 'Jeddah' },
      employer: { name: 'Al Noor Household', country: 'SA' },
    },
    { idempotencyKey: key },
  );
  const body = c.body as {
    complainant: { fullName: string; phone: string; nationalId: string };
    narrative: string;
  };
  let v = await act(
    c.id,
    'notes',
    undefined,
    { text: 'Caller says the employer took her phone' },
    tokens.hotline,
  );
  v = await act(c.id, 'triage', v, { reason: 'confirmed' });
  v = await act(c.id, 'resolution', v, {
    outcome: 'resolved-in-favour',
    remedy: { kind: 'wages-recovered', amount: 4000, currency: 'SAR' },
  });
  const before = await get(c.id);
  t.equal(before.body.complainant.fullName, body.complainant.fullName, 'before: the name is there');
  t.equal(before.body.notes[0].text, 'Caller says the employer took her phone', 'before: the note is there');

  const refusedToOfficer = await post(c.id, 'erasure', { reason: 'the data subject asked' });
  assertProblem(t, refusedToOfficer, 403, undefined, 'an officer may not erase');

  const erased = await post(
    c.id,
    'erasure',
    { reason: 'the data subject asked (DPA s. 40)', expectedVersion: v },
    tokens.director,
  );
  t.equal(erased.status, 200, 'the director erases', { body: erased.text });
  t.equal(erased.body.version, v + 1);

  const after = await get(c.id);
  t.equal(after.status, 200);
  const a = after.body;
  t.equal(a.personalData, 'erased', "personalData: 'erased'");
  t.same(
    a.complainant,
    {
      fullName: null,
      phone: null,
      dateOfBirth: null,
      nationalId: null,
      passportNumber: null,
      sex: 'female',
      ageBand: before.body.complainant.ageBand,
    },
    'the complainant: identifying fields null, sex and age band kept',
  );
  t.equal(a.narrative, null, 'the narrative is null');
  t.same(
    a.notes.map((n: { text: string | null }) => n.text),
    [null],
    'note texts are null',
  );
  t.notOk(after.text.includes(body.complainant.fullName), 'the name appears nowhere');
  t.notOk(after.text.includes(body.complainant.phone), 'the phone appears nowhere');
  t.notOk(after.text.includes(body.narrative), 'the narrative appears nowhere');
  // Issue 9: the city and the employer's name may identify her; they are erased, the countries remain.
  t.same(a.location, { country: 'SA', city: null }, 'the country remains, the city is erased');
  t.same(a.employer, { name: null, country: 'SA' }, "the employer's country remains, its name is erased");
  t.notOk(after.text.includes('Jeddah'), 'the city appears nowhere');
  t.notOk(after.text.includes('Al Noor'), "the employer's name appears nowhere");
  t.same(a.categories, before.body.categories, 'categories remain');
  t.equal(a.agency.agencyId, agency.id, 'the agency remains');
  t.equal(a.lodgedAt, before.body.lodgedAt, 'dates remain');
  t.equal(a.respondBy, before.body.respondBy);
  t.match(
    a.resolution,
    { outcome: 'resolved-in-favour', remedy: { kind: 'wages-recovered', amount: 4000, currency: 'SAR' } },
    'the outcome remains',
  );
  t.equal(a.status, 'resolved', 'the status is unchanged');
  // Issue 9: the erasure's reason is sealed under the key it destroys: who and when remain.
  t.match(a.erasure, { reason: null, by: { sub: 'director-1' } });
  t.notOk(after.text.includes('DPA s. 40'), 'the erasure reason appears nowhere');
  t.match(
    a.history.at(-1),
    { event: 'complainant-data-erased', by: { sub: 'director-1', name: 'Kamau Njoroge' } },
    'the history has the erasure with its actor',
  );

  await ctx.caughtUp();
  const summary = (await queue(`status=resolved&agencyId=${agency.id}`)).body.items;
  t.match(summary, [{ id: c.id, personalData: 'erased' }], 'the queue summary says personalData erased');

  const repeat = await lodgeRaw(c.body, key);
  t.equal(repeat.status, 201, 'the idempotent repeat still answers');
  t.equal(repeat.headers['idempotent-replayed'], 'true');
  t.equal(repeat.body.id, c.id, 'with the same id');
  t.equal(repeat.body.reference, c.reference, 'and reference');
  t.equal(repeat.body.trackingPin, null, 'but no PIN: it was sealed under the erased key');
  t.equal(repeat.body.personalData, 'erased', 'and says the personal data is erased');

  const status = await call(
    'GET',
    `/public/complaints/status?reference=${c.reference}&pin=${encodeURIComponent(c.trackingPin)}`,
  );
  t.equal(status.status, 200, 'the public status still works', { body: status.text });
  t.same(status.body, { reference: c.reference, status: 'resolved', lastUpdated: now().slice(0, 10) });
});
