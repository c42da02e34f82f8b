import { JetStreamEventStore, KvSnapshotStore } from '@kazi/eventsourcing';
import { natsFixture } from '@kazi/test-servers';
import t from 'tap';
import { officer } from '../domain/complaint/specFixtures.ts';
import { assertProblem, startComplaintsTestSystem } from './complaintsTestSystem.fixture.ts';

/**
 * Issue 9: free text that may identify a complainant is sealed in the log and the snapshots, and reads as
 * erased everywhere after erasure (also in complaints whose v1 events stored it in the clear); each role
 * sees its own view of a complaint; wrong PINs are counted per reference across client addresses.
 */
const s = await startComplaintsTestSystem(t, 'cmppriv');
const { call, tokens, act } = s;
const nc = await natsFixture(t, `${s.namespace}-reader`);
/** The log and the snapshots as stored: no upcasting, no opening. */
const rawStore = await JetStreamEventStore.create({ nc, namespace: s.namespace, context: 'complaints' });
const snapshots = await KvSnapshotStore.create({ nc, namespace: s.namespace, context: 'complaints' });
t.teardown(() => rawStore.close());

const get = (id: string, token: string) => call('GET', `/complaints/${id}`, { token });
const rawLog = async (id: string) => JSON.stringify((await rawStore.readStream(`complaint.${id}`)).events);
const snapshotOf = async (id: string, version: number) => {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const snap = await snapshots.get(`complaint.${id}`);
    if (snap && snap.version >= version) return JSON.stringify(snap);
    if (Date.now() > deadline) throw new Error(`no snapshot at version ${version} of complaint ${id}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

t.test('free text is sealed in the log and the snapshot, and reads as erased after erasure', async (t) => {
  const texts = {
    city: 'Khamis Mushait',
    employer: 'Household of Fahad Al-Qahtani',
    triage: 'Spoke to Grace, passport AK1234567',
    referral: 'Grace is held at the Al-Qahtani house',
    remedy: 'Grace was paid SAR 4000 in cash',
    reopening: 'Grace called again from Khamis',
    withdrawal: 'Grace is home in Kisumu',
    erasure: 'Grace asked under DPA s. 40',
    note: 'Grace says the employer took her phone',
  };
  const c = await s.lodge({
    location: { country: 'SA', city: texts.city },
    employer: { name: texts.employer, country: 'SA' },
  });
  let v = await act(c.id, 'triage', c.version, { reason: texts.triage });
  v = await act(c.id, 'referral', v, { to: 'labour-attache', note: texts.referral });
  v = await act(c.id, 'notes', v, { text: texts.note }, tokens.hotline);
  v = await act(c.id, 'resolution', v, {
    outcome: 'resolved-in-favour',
    remedy: { kind: 'wages-recovered', amount: 4000, currency: 'SAR', description: texts.remedy },
  });
  v = await act(c.id, 'closure', v);
  v = await act(c.id, 'reopening', v, { reason: texts.reopening });
  v = await act(c.id, 'withdrawal', v, { reason: texts.withdrawal });
  t.equal(v, 8, 'eight events: enough for a snapshot');

  const held = await get(c.id, tokens.officer);
  t.equal(held.body.location.city, texts.city, 'NEA reads the city');
  t.equal(held.body.employer.name, texts.employer, "and the employer's name");
  t.same(
    held.body.history.filter((h: { reason?: string }) => h.reason).map((h: { reason: string }) => h.reason),
    [texts.triage, texts.reopening, texts.withdrawal],
    'and the reasons',
  );
  t.equal(held.body.referrals[0].note, texts.referral, 'and the referral note');
  t.same(held.body.resolution, null, 'a reopening clears the resolution');

  const log = await rawLog(c.id);
  const snapshot = await snapshotOf(c.id, 8);
  for (const [what, text] of Object.entries(texts)) {
    t.notOk(log.includes(text), `the log holds no clear ${what}`);
    t.notOk(snapshot.includes(text), `the snapshot holds no clear ${what}`);
  }
  t.notOk(log.includes('Grace'), 'not even the first name');

  v = await act(c.id, 'erasure', undefined, { reason: texts.erasure }, tokens.director);
  const erased = await get(c.id, tokens.officer);
  t.equal(erased.status, 200);
  for (const [what, text] of Object.entries(texts))
    t.notOk(erased.text.includes(text), `after erasure the API shows no ${what}`);
  t.same(erased.body.location, { country: 'SA', city: null });
  t.same(erased.body.employer, { name: null, country: 'SA' });
  t.equal(erased.body.referrals[0].note, null);
  t.equal(erased.body.erasure.reason, null, 'the erasure reason reads as erased too');
  t.notOk(
    erased.body.history.some((h: { reason?: string }) => h.reason !== undefined),
    'no reason left in the history',
  );
  t.notOk((await rawLog(c.id)).includes(texts.erasure), 'the erasure reason is sealed in the log');

  // After erasure, what an officer types about the complaint is not kept: there is no key left for it.
  await act(c.id, 'reopening', v, { reason: 'Grace rang once more' });
  t.notOk((await rawLog(c.id)).includes('Grace rang once more'), 'a reason after erasure is not stored');
  const after = await get(c.id, tokens.officer);
  t.match(after.body.history.at(-1), { event: 'reopened', status: 'reopened' });
  t.equal(after.body.history.at(-1).reason, undefined);
});

t.test(
  'complaints whose v1 events hold clear text still read, and read as erased after erasure',
  async (t) => {
    const c = await s.lodge();
    const at = s.clock.now().toISOString();
    const respondBy = new Date(s.clock.now().getTime() + 72 * 3_600_000).toISOString();
    // As the service wrote them before free text was sealed.
    await rawStore.append(
      `complaint.${c.id}`,
      [
        {
          id: `${c.id}-v1-triage`,
          type: 'ke.nea.complaints.complaint-triaged.v1',
          data: {
            categories: ['withheld-wages'],
            indicators: ['withholding-of-wages'],
            traffickingSuspected: false,
            severity: 'high',
            previousSeverity: 'high',
            respondBy,
            reason: 'Old clear reason about Wanjiru',
            by: officer,
            at,
          },
        },
        {
          id: `${c.id}-v1-referral`,
          type: 'ke.nea.complaints.complaint-referred.v1',
          data: {
            reference: c.reference,
            categories: ['withheld-wages'],
            severity: 'high',
            to: 'labour-attache',
            country: 'SA',
            note: 'Old clear note: Wanjiru is in Dammam',
            by: officer,
            at,
          },
        },
      ],
      {
        expectedVersion: 1,
        metadata: { commandId: `${c.id}-v1`, actor: 'officer-1', correlationId: 'c', time: at },
      },
    );
    const held = await get(c.id, tokens.officer);
    t.equal(held.status, 200, { body: held.text });
    t.equal(held.body.status, 'referred', 'the v1 events count');
    t.equal(held.body.history[1].reason, 'Old clear reason about Wanjiru', 'a v1 reason still reads');
    t.equal(held.body.referrals[0].note, 'Old clear note: Wanjiru is in Dammam', 'a v1 note still reads');

    let v = await act(c.id, 'erasure', undefined, { reason: 'asked' }, tokens.director);
    const erased = await get(c.id, tokens.officer);
    t.notOk(erased.text.includes('Wanjiru'), 'after erasure the v1 texts read as erased');
    t.equal(erased.body.referrals[0].note, null);
    // Assignments still happen after erasure: enough of them for a snapshot, taken after the erasure.
    while (v < 8) v = await act(c.id, 'assignment', undefined, { assignee: `officer-${v}` });
    t.notOk((await snapshotOf(c.id, 8)).includes('Wanjiru'), 'a snapshot after erasure holds no v1 text');
  },
);

t.test('each role sees its own view of a complaint', async (t) => {
  const c = await s.lodge({
    location: { country: 'SA', city: 'Riyadh' },
    employer: { name: 'Mr Saleh', country: 'SA' },
    categories: ['withheld-wages'],
  });
  let v = await act(c.id, 'triage', c.version, {
    categories: ['withheld-wages', 'confinement'],
    traffickingSuspected: true,
    reason: 'Officer thinks this is trafficking',
  });
  v = await act(c.id, 'assignment', v, { assignee: 'Officer Kiprono' });
  v = await act(c.id, 'notes', v, { text: 'Internal: the agency was warned before' });
  v = await act(c.id, 'notes', v, { text: 'Caller: she is locked in' }, tokens.hotline);
  v = await act(c.id, 'referral', v, { to: 'labour-attache', note: 'Attaché: visit the house' });
  v = await act(c.id, 'referral', v, { to: 'police', note: 'Police: DCI file 17/2026' });
  v = await act(c.id, 'referral', v, { to: 'counter-trafficking', note: 'NRM: possible victim' });

  const nea = await get(c.id, tokens.officer);
  t.equal(nea.body.view, 'nea');
  t.equal(nea.body.assignee, 'Officer Kiprono', 'NEA sees the assignee');
  t.equal(nea.body.traffickingSuspected, true, 'the trafficking suspicion');
  t.equal(nea.body.referrals.length, 3, 'every referral');
  t.equal(nea.body.notes.length, 2, 'every note');
  t.equal(nea.body.version, v);

  const hotline = await get(c.id, tokens.hotline);
  t.equal(hotline.status, 200, { body: hotline.text });
  t.equal(hotline.body.view, 'hotline');
  t.same(
    Object.keys(hotline.body).sort(),
    [
      'agency',
      'categories',
      'complainant',
      'employer',
      'history',
      'id',
      'language',
      'location',
      'lodgedAt',
      'narrative',
      'notes',
      'personalData',
      'reference',
      'status',
      'updatedAt',
      'version',
      'view',
    ],
    'the hotline: what it sent, its follow-ups, status and history',
  );
  t.same(hotline.body.categories, ['withheld-wages'], 'the categories as lodged, not as triaged');
  t.same(
    hotline.body.notes.map((n: { text: string }) => n.text),
    ['Caller: she is locked in'],
    'its own follow-ups only',
  );
  t.same(
    Object.keys(hotline.body.history[1]).sort(),
    ['at', 'event', 'status'],
    'a history of statuses only',
  );
  t.equal(hotline.body.employer.name, 'Mr Saleh', 'the employer it reported');
  for (const hidden of [
    'Officer Kiprono',
    'trafficking',
    'Internal:',
    'Attaché:',
    'Police:',
    'NRM:',
    'police',
    'counter-trafficking',
    'confinement',
    'officer-1',
  ])
    t.notOk(hotline.text.includes(hidden), `the hotline sees no "${hidden}"`);

  const attache = await get(c.id, tokens.attache);
  t.equal(attache.status, 200, { body: attache.text });
  t.equal(attache.body.view, 'attache');
  t.same(
    Object.keys(attache.body).sort(),
    [
      'agency',
      'attacheCases',
      'categories',
      'complainant',
      'employer',
      'employerFlag',
      'history',
      'id',
      'language',
      'location',
      'lodgedAt',
      'narrative',
      'notes',
      'personalData',
      'reference',
      'referrals',
      'severity',
      'status',
      'updatedAt',
      'version',
      'view',
    ],
    "the attaché: what helping the worker needs, with its mission's cases and the employer's vetting",
  );
  t.equal(attache.body.complainant.phone, (c.body.complainant as { phone: string }).phone, 'her contact');
  t.same(attache.body.location, { country: 'SA', city: 'Riyadh' }, 'where she is');
  t.equal(attache.body.employer.name, 'Mr Saleh', 'the employer');
  t.match(attache.body.referrals, [
    { to: 'labour-attache', country: 'SA', note: 'Attaché: visit the house' },
  ]);
  t.equal(attache.body.referrals.length, 1, 'its own referral only');
  t.same(
    attache.body.notes.map((n: { text: string }) => n.text),
    ['Caller: she is locked in'],
    "the caller's follow-ups, not officers' notes",
  );
  for (const hidden of ['Officer Kiprono', 'trafficking', 'Internal:', 'Police:', 'NRM:', 'police'])
    t.notOk(attache.text.includes(hidden), `the attaché sees no "${hidden}"`);
  t.equal(attache.body.referrals[0].by.sub, 'officer-1', 'who referred it: the attaché may call them');
  t.equal(attache.body.lodgedBy, undefined, 'not who lodged it');

  assertProblem(t, await get(c.id, tokens.analyst), 403, undefined, 'an analyst reads no complaint');
  assertProblem(t, await get(c.id, tokens.mol), 403, undefined, 'nor a MoL officer');
});

t.test('wrong PINs are counted per reference, from any address', async (t) => {
  const limited = await startComplaintsTestSystem(t, 'pinref', { STATUS_PIN_FAILURES_PER_REFERENCE: '3' });
  const status = (reference: string, pin: string, address: string) =>
    limited.system.app.inject({
      method: 'GET',
      url: `/public/complaints/status?reference=${reference}&pin=${encodeURIComponent(pin)}`,
      remoteAddress: address,
    });
  const c = await limited.lodge();
  const other = await limited.lodge();
  await limited.caughtUp();
  const wrongPin = c.trackingPin.startsWith('A')
    ? `B${c.trackingPin.slice(1)}`
    : `A${c.trackingPin.slice(1)}`;

  for (let i = 0; i < 5; i++)
    t.equal(
      (await status(c.reference, c.trackingPin, '10.0.0.1')).statusCode,
      200,
      'the right PIN never counts',
    );
  for (let i = 0; i < 3; i++)
    t.equal((await status(c.reference, wrongPin, `10.1.0.${i}`)).statusCode, 404, `wrong PIN ${i + 1}: 404`);
  const locked = await status(c.reference, c.trackingPin, '10.2.0.1');
  t.equal(locked.statusCode, 429, 'then even the right PIN, from a new address, is a 429');
  t.equal(locked.json().type.endsWith('too-many-wrong-pins'), true, 'naming the rule');
  const retryAfter = Number(locked.headers['retry-after']);
  t.ok(retryAfter >= 1 && retryAfter <= 3600, `with Retry-After within the window (${retryAfter} s)`);
  t.equal(
    (await status(other.reference, other.trackingPin, '10.2.0.1')).statusCode,
    200,
    'other references answer',
  );

  // Guesses sent all at once cannot slip past the limit while they are checked.
  const parallel = await Promise.all(
    Array.from({ length: 12 }, (_, i) => status(other.reference, wrongPin, `10.3.0.${i}`)),
  );
  const codes = parallel.map((r) => r.statusCode);
  t.equal(codes.filter((code) => code === 404).length, 3, 'three of twelve parallel guesses are checked');
  t.equal(codes.filter((code) => code === 429).length, 9, 'the others are refused');

  // An unknown reference answers as a wrong PIN does, also once its allowance is used up.
  for (let i = 0; i < 3; i++) await status('NEA-2026-999999', wrongPin, `10.4.0.${i}`);
  t.equal((await status('NEA-2026-999999', wrongPin, '10.4.1.1')).statusCode, 429, 'unknown references too');
});
