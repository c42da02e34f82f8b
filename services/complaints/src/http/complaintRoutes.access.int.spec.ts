import { randomUUID } from 'node:crypto';
import { DEV_JWT_SECRET } from '@kazi/service-kit';
import type { Test } from 'tap';
import t from 'tap';
import {
  assertProblem,
  complaintBody,
  PROBLEM_JSON,
  type Response,
  startComplaintsTestSystem,
  token,
} from './complaintsTestSystem.fixture.ts';

/**
 * Who may call each complaint route (docs/design/api.md Conventions and the Complaints table), and which complaint a
 * caller may see or touch once through the role check: a hotline account only what it lodged, a labour
 * attaché only what was referred to its mission. One system for the whole file; each test lodges its own
 * complaints.
 */
const s = await startComplaintsTestSystem(t, 'cmpacc');
const { call, tokens } = s;
type Role = keyof typeof tokens;

type Route = { method: 'GET' | 'POST'; url: string; body?: Record<string, unknown> };

/** Every complaints route, aimed at one complaint; bodies are valid, so only access decides. */
const routes = (
  id: string,
  version: number,
  reference = 'NEA-2026-000001',
  pin = '12345678',
): Record<string, Route> => ({
  'POST /complaints': { method: 'POST', url: '/complaints', body: complaintBody() },
  'GET /complaints/:id': { method: 'GET', url: `/complaints/${id}` },
  'GET /complaints': { method: 'GET', url: '/complaints' },
  'POST /complaints/:id/triage': {
    method: 'POST',
    url: `/complaints/${id}/triage`,
    body: { severity: 'high', reason: 'confirmed on the call back' },
  },
  'POST /complaints/:id/assignment': {
    method: 'POST',
    url: `/complaints/${id}/assignment`,
    body: { assignee: 'officer-2' },
  },
  'POST /complaints/:id/notes': {
    method: 'POST',
    url: `/complaints/${id}/notes`,
    body: { text: 'The caller says the employer took her phone.' },
  },
  'POST /complaints/:id/referral': {
    method: 'POST',
    url: `/complaints/${id}/referral`,
    body: { to: 'labour-attache', note: 'please visit the employer' },
  },
  'POST /complaints/:id/resolution': {
    method: 'POST',
    url: `/complaints/${id}/resolution`,
    body: { outcome: 'resolved-in-favour', expectedVersion: version },
  },
  'POST /complaints/:id/closure': {
    method: 'POST',
    url: `/complaints/${id}/closure`,
    body: { expectedVersion: version },
  },
  'POST /complaints/:id/reopening': {
    method: 'POST',
    url: `/complaints/${id}/reopening`,
    body: { reason: 'the worker called again', expectedVersion: version },
  },
  'POST /complaints/:id/withdrawal': {
    method: 'POST',
    url: `/complaints/${id}/withdrawal`,
    body: { reason: 'the worker asked to withdraw' },
  },
  'POST /complaints/:id/erasure': {
    method: 'POST',
    url: `/complaints/${id}/erasure`,
    body: { reason: 'the complainant asked for erasure' },
  },
  'GET /public/complaints/status': {
    method: 'GET',
    url: `/public/complaints/status?reference=${reference}&pin=${pin}`,
  },
});

const PROTECTED = (name: string) => name !== 'GET /public/complaints/status';

/** The roles each route refuses outright (docs/design/api.md Complaints table). */
const REFUSED: Record<string, Role[]> = {
  'POST /complaints': ['director', 'analyst', 'attache', 'attacheQa', 'mol'],
  'GET /complaints/:id': ['analyst', 'mol'],
  'GET /complaints': ['hotline', 'hotline2', 'attache', 'attacheQa', 'mol'],
  'POST /complaints/:id/triage': ['director', 'analyst', 'hotline', 'attache', 'mol'],
  'POST /complaints/:id/assignment': ['director', 'analyst', 'hotline', 'attache', 'mol'],
  'POST /complaints/:id/notes': ['director', 'analyst', 'attache', 'mol'],
  'POST /complaints/:id/referral': ['director', 'analyst', 'hotline', 'attache', 'mol'],
  'POST /complaints/:id/resolution': ['director', 'analyst', 'hotline', 'attache', 'mol'],
  'POST /complaints/:id/closure': ['director', 'analyst', 'hotline', 'attache', 'mol'],
  'POST /complaints/:id/reopening': ['director', 'analyst', 'hotline', 'attache', 'mol'],
  'POST /complaints/:id/withdrawal': ['director', 'analyst', 'attache', 'mol'],
  'POST /complaints/:id/erasure': ['officer', 'analyst', 'hotline', 'attache', 'mol'],
};

const allQueued = () => s.allQueued();

/** The complaint as an officer reads it (status and version), to show a refused call changed nothing. */
async function current(
  id: string,
): Promise<{ status: string; version: number; notes: number; referrals: number }> {
  const r = await call('GET', `/complaints/${id}`, { token: tokens.officer });
  s.expectStatus(r, 200, `GET /complaints/${id}`);
  return {
    status: r.body.status,
    version: r.body.version,
    notes: r.body.notes.length,
    referrals: r.body.referrals.length,
  };
}

function expectOk(t: Test, r: Response, status: number, what: string): void {
  t.equal(r.status, status, `${what} → ${status}`, { body: r.text.slice(0, 500) });
}

t.test(
  'authentication: no token, or one the system did not issue, is a 401 problem on every protected route',
  async (t) => {
    const target = await s.lodge();
    const before = await current(target.id);
    const queued = await allQueued();

    const expired = await token(['nea-officer', 'nea-director', 'analyst', 'hotline'], {
      sub: 'late-1',
      expiresIn: '-10m',
    });
    const foreign = await token(
      ['nea-officer', 'nea-director', 'analyst', 'hotline'],
      { sub: 'forger-1' },
      { JWT_SECRET: 'not-the-secret-of-this-system-at-all-0123456789', JWT_ISSUER: 'kazi-salama' },
    );
    const otherIssuer = await token(
      ['nea-officer', 'nea-director'],
      { sub: 'other-1' },
      { JWT_SECRET: DEV_JWT_SECRET, JWT_ISSUER: 'someone-else' },
    );
    const credentials: Record<string, Record<string, string>> = {
      'no Authorization header': {},
      'an empty bearer': { authorization: 'Bearer ' },
      'a Basic credential': { authorization: `Basic ${Buffer.from('officer:secret').toString('base64')}` },
      'a token that is not a JWT': { authorization: 'Bearer not-a-jwt' },
      'an expired token': { authorization: `Bearer ${expired}` },
      'a token signed with another key': { authorization: `Bearer ${foreign}` },
      'a token from another issuer': { authorization: `Bearer ${otherIssuer}` },
    };
    for (const [name, route] of Object.entries(routes(target.id, target.version)).filter(([n]) =>
      PROTECTED(n),
    )) {
      for (const [what, headers] of Object.entries(credentials)) {
        const r = await call(route.method, route.url, { body: route.body, headers });
        assertProblem(t, r, 401, undefined, `${name} with ${what}`);
        t.equal(r.headers['www-authenticate'], 'Bearer', `${name} with ${what}: WWW-Authenticate: Bearer`);
      }
    }
    t.same(await current(target.id), before, 'none of the refused calls changed the complaint');
    t.same(await allQueued(), queued, 'no refused POST /complaints lodged anything');
  },
);

t.test('authorization: a valid token without the right role is a 403 problem on every route', async (t) => {
  const target = await s.lodge();
  const before = await current(target.id);
  const queued = await allQueued();
  const all = routes(target.id, target.version);
  for (const [name, roles] of Object.entries(REFUSED)) {
    const route = all[name]!;
    for (const role of roles) {
      const r = await call(route.method, route.url, { token: tokens[role], body: route.body });
      assertProblem(t, r, 403, 'forbidden', `${name} as ${role}`);
    }
  }
  // The routes and roles above are the whole table: every protected route is covered.
  t.same(
    Object.keys(REFUSED).sort(),
    Object.keys(all).filter(PROTECTED).sort(),
    'every protected route has its refused roles checked',
  );
  const unknownRoleOnly = await token(['mol-officer'], { sub: 'mol-2', name: 'Another MoL Officer' });
  assertProblem(
    t,
    await call('GET', `/complaints/${target.id}`, { token: unknownRoleOnly }),
    403,
    'forbidden',
  );
  t.same(await current(target.id), before, 'none of the refused calls changed the complaint');
  t.same(await allQueued(), queued, 'no refused POST /complaints lodged anything');
});

t.test('each allowed role gets through on every route', async (t) => {
  // Lodging: hotline and nea-officer.
  const byHotline = await call('POST', '/complaints', { token: tokens.hotline, body: complaintBody() });
  expectOk(t, byHotline, 201, 'POST /complaints as hotline');
  t.match(byHotline.body, {
    id: String,
    reference: /^NEA-2026-\d{6}$/,
    trackingPin: String,
    severity: String,
  });
  const byOfficer = await call('POST', '/complaints', { token: tokens.officer, body: complaintBody() });
  expectOk(t, byOfficer, 201, 'POST /complaints as nea-officer');
  const id = byHotline.body.id as string;

  // Reading: nea-officer, nea-director, and the hotline account that lodged it.
  for (const role of ['officer', 'director', 'hotline'] as const) {
    const r = await call('GET', `/complaints/${id}`, { token: tokens[role] });
    expectOk(t, r, 200, `GET /complaints/:id as ${role}`);
    t.equal(r.body.id, id, `${role} reads the complaint`);
  }
  await s.caughtUp();
  for (const role of ['officer', 'director', 'analyst'] as const) {
    const r = await call('GET', '/complaints', { token: tokens[role] });
    expectOk(t, r, 200, `GET /complaints as ${role}`);
    t.ok(Array.isArray(r.body.items), `${role}: a list of items`);
  }

  // The officer's handling, through the whole lifecycle.
  const post = (path: string, body: Record<string, unknown>, who: Role = 'officer') =>
    call('POST', `/complaints/${id}/${path}`, { token: tokens[who], body });
  const triaged = await post('triage', { severity: 'high', reason: 'confirmed on the call back' });
  expectOk(t, triaged, 200, 'triage as nea-officer');
  const assigned = await post('assignment', { assignee: 'officer-2' });
  expectOk(t, assigned, 200, 'assignment as nea-officer');
  const officerNote = await post('notes', { text: 'Called the agency; no answer.' });
  expectOk(t, officerNote, 200, 'notes as nea-officer');
  const hotlineNote = await post('notes', { text: 'The caller rang again.' }, 'hotline');
  expectOk(t, hotlineNote, 200, 'notes as the hotline account that lodged it');
  const referred = await post('referral', { to: 'labour-attache', note: 'please visit the employer' });
  expectOk(t, referred, 200, 'referral as nea-officer');
  const attacheRead = await call('GET', `/complaints/${id}`, { token: tokens.attache });
  expectOk(t, attacheRead, 200, 'GET /complaints/:id as the attaché of the mission it was referred to');
  const resolved = await post('resolution', {
    outcome: 'resolved-in-favour',
    remedy: { kind: 'wages-recovered', amount: 4000, currency: 'SAR' },
    expectedVersion: referred.body.version,
  });
  expectOk(t, resolved, 200, 'resolution as nea-officer');
  const closed = await post('closure', { expectedVersion: resolved.body.version });
  expectOk(t, closed, 200, 'closure as nea-officer');
  const reopened = await post('reopening', {
    reason: 'the employer stopped paying again',
    expectedVersion: closed.body.version,
  });
  expectOk(t, reopened, 200, 'reopening as nea-officer');
  const withdrawn = await post('withdrawal', { reason: 'the worker asked to withdraw' });
  expectOk(t, withdrawn, 200, 'withdrawal as nea-officer');
  t.equal(withdrawn.body.status, 'withdrawn');
  const erased = await post('erasure', { reason: 'the complainant asked for erasure' }, 'director');
  expectOk(t, erased, 200, 'erasure as nea-director');

  // Withdrawal by the hotline account that lodged it.
  const own = await s.lodge();
  const hotlineWithdrawal = await call('POST', `/complaints/${own.id}/withdrawal`, {
    token: tokens.hotline,
    body: { reason: 'the caller asked to withdraw' },
  });
  expectOk(t, hotlineWithdrawal, 200, 'withdrawal as the hotline account that lodged it');

  // One allowed role among others is enough.
  const multi = await token(['analyst', 'nea-officer'], { sub: 'multi-1', name: 'Officer and Analyst' });
  expectOk(
    t,
    await call('GET', `/complaints/${own.id}`, { token: multi }),
    200,
    'GET /complaints/:id as analyst + nea-officer',
  );

  // The public status needs no token, and ignores a bad one.
  const url = `/public/complaints/status?reference=${own.reference}&pin=${own.trackingPin}`;
  const pub = await call('GET', url);
  expectOk(t, pub, 200, 'GET /public/complaints/status without a token');
  const pubBadToken = await call('GET', url, { token: 'garbage' });
  expectOk(t, pubBadToken, 200, 'GET /public/complaints/status with a garbage token');
});

t.test('public status: no token needed, and it tells status and date only', async (t) => {
  const lodged = await s.lodge();
  const r = await call(
    'GET',
    `/public/complaints/status?reference=${lodged.reference}&pin=${lodged.trackingPin}`,
  );
  expectOk(t, r, 200, 'public status');
  t.same(
    Object.keys(r.body).sort(),
    ['lastUpdated', 'reference', 'status'],
    'reference, status and last update only',
  );
  t.equal(r.body.status, 'lodged');
  t.match(r.body.lastUpdated, /^\d{4}-\d{2}-\d{2}$/, 'a date, not a time');
  for (const value of Object.values(lodged.body.complainant as Record<string, string>)) {
    t.notOk(r.text.includes(value), `no complainant data (${value}) in the public status`);
  }
  const wrongPin = await call('GET', `/public/complaints/status?reference=${lodged.reference}&pin=00000000`);
  assertProblem(t, wrongPin, 404, undefined, 'a wrong PIN');
  const unknown = await call('GET', '/public/complaints/status?reference=NEA-2026-999999&pin=12345678');
  assertProblem(t, unknown, 404, undefined, 'an unknown reference');
  t.equal(wrongPin.body.detail.includes(lodged.id), false, 'a wrong PIN does not reveal the id');
});

t.test('a hotline account reads and touches only the complaints it lodged', async (t) => {
  const mine = await s.lodge({}, { token: tokens.hotline });
  const before = await current(mine.id);

  const read = await call('GET', `/complaints/${mine.id}`, { token: tokens.hotline });
  expectOk(t, read, 200, 'hotline-1 reads its own complaint');
  t.equal(read.body.complainant.fullName, (mine.body.complainant as { fullName: string }).fullName);

  const other = await call('GET', `/complaints/${mine.id}`, { token: tokens.hotline2 });
  assertProblem(t, other, 403, 'not-your-complaint', 'hotline-2 reads hotline-1’s complaint');
  t.notOk(
    other.text.includes((mine.body.complainant as { fullName: string }).fullName),
    'the refusal shows no personal data',
  );
  const note = await call('POST', `/complaints/${mine.id}/notes`, {
    token: tokens.hotline2,
    body: { text: 'I am someone else' },
  });
  assertProblem(t, note, 403, 'not-your-complaint', 'hotline-2 adds a note to hotline-1’s complaint');
  const withdrawal = await call('POST', `/complaints/${mine.id}/withdrawal`, {
    token: tokens.hotline2,
    body: { reason: 'withdrawn by someone else' },
  });
  assertProblem(t, withdrawal, 403, 'not-your-complaint', 'hotline-2 withdraws hotline-1’s complaint');
  const withVersion = await call('POST', `/complaints/${mine.id}/withdrawal`, {
    token: tokens.hotline2,
    body: { expectedVersion: mine.version },
  });
  assertProblem(t, withVersion, 403, 'not-your-complaint', 'hotline-2 withdraws it with the right version');
  t.same(await current(mine.id), before, 'hotline-2 changed nothing');

  // A complaint an officer lodged belongs to no hotline account.
  const officers = await s.lodge({}, { token: tokens.officer });
  for (const role of ['hotline', 'hotline2'] as const) {
    assertProblem(
      t,
      await call('GET', `/complaints/${officers.id}`, { token: tokens[role] }),
      403,
      'not-your-complaint',
      `${role} reads an officer's complaint`,
    );
    assertProblem(
      t,
      await call('POST', `/complaints/${officers.id}/notes`, {
        token: tokens[role],
        body: { text: 'hello' },
      }),
      403,
      'not-your-complaint',
      `${role} adds a note to an officer's complaint`,
    );
    assertProblem(
      t,
      await call('POST', `/complaints/${officers.id}/withdrawal`, { token: tokens[role], body: {} }),
      403,
      'not-your-complaint',
      `${role} withdraws an officer's complaint`,
    );
  }
  t.equal((await current(officers.id)).status, 'lodged', 'the officer’s complaint is still lodged');

  // Its own: note and withdrawal go through; the officer's work stays the officer's.
  expectOk(
    t,
    await call('POST', `/complaints/${mine.id}/notes`, {
      token: tokens.hotline,
      body: { text: 'She called back.' },
    }),
    200,
    'hotline-1 adds a note to its own',
  );
  assertProblem(
    t,
    await call('POST', `/complaints/${mine.id}/triage`, {
      token: tokens.hotline,
      body: { reason: 'I think it is urgent', severity: 'critical' },
    }),
    403,
    'forbidden',
    'hotline-1 triages its own complaint',
  );
  expectOk(
    t,
    await call('POST', `/complaints/${mine.id}/withdrawal`, { token: tokens.hotline, body: {} }),
    200,
    'hotline-1 withdraws its own',
  );
  const after = await call('GET', `/complaints/${mine.id}`, { token: tokens.hotline });
  t.equal(after.body.status, 'withdrawn', 'and still reads it afterwards');

  // hotline-2's own complaint is its own.
  const theirs = await s.lodge({}, { token: tokens.hotline2 });
  expectOk(
    t,
    await call('GET', `/complaints/${theirs.id}`, { token: tokens.hotline2 }),
    200,
    'hotline-2 reads its own',
  );
  assertProblem(
    t,
    await call('GET', `/complaints/${theirs.id}`, { token: tokens.hotline }),
    403,
    'not-your-complaint',
    'hotline-1 reads hotline-2’s',
  );
});

t.test('a labour attaché reads only the complaints referred to labour-attache for its mission', async (t) => {
  const inSa = await s.lodge({ location: { country: 'SA', city: 'Jeddah' } });

  assertProblem(
    t,
    await call('GET', `/complaints/${inSa.id}`, { token: tokens.attache }),
    403,
    'not-your-complaint',
    'SA attaché before any referral',
  );
  assertProblem(
    t,
    await call('GET', `/complaints/${inSa.id}`, { token: tokens.attacheQa }),
    403,
    'not-your-complaint',
    'QA attaché before any referral',
  );

  let v = await s.act(inSa.id, 'referral', undefined, { to: 'police', note: 'assault reported' });
  assertProblem(
    t,
    await call('GET', `/complaints/${inSa.id}`, { token: tokens.attache }),
    403,
    'not-your-complaint',
    'SA attaché after a referral to the police only',
  );
  v = await s.act(inSa.id, 'referral', undefined, { to: 'counter-trafficking' });
  assertProblem(
    t,
    await call('GET', `/complaints/${inSa.id}`, { token: tokens.attache }),
    403,
    'not-your-complaint',
    'SA attaché after a referral to counter-trafficking',
  );

  v = await s.act(inSa.id, 'referral', undefined, {
    to: 'labour-attache',
    note: 'please visit the employer',
  });
  const read = await call('GET', `/complaints/${inSa.id}`, { token: tokens.attache });
  expectOk(t, read, 200, 'SA attaché after the referral to labour-attache');
  t.equal(read.body.id, inSa.id);
  t.equal(read.body.version, v, 'the current version');
  assertProblem(
    t,
    await call('GET', `/complaints/${inSa.id}`, { token: tokens.attacheQa }),
    403,
    'not-your-complaint',
    'QA attaché on a complaint referred to SA',
  );

  // Reading is all an attaché may do with it.
  const before = await current(inSa.id);
  for (const [path, body] of [
    ['notes', { text: 'visited the employer' }],
    ['triage', { reason: 'seen in person', severity: 'critical' }],
    ['withdrawal', {}],
    ['resolution', { outcome: 'resolved-in-favour', expectedVersion: v }],
  ] as const) {
    assertProblem(
      t,
      await call('POST', `/complaints/${inSa.id}/${path}`, { token: tokens.attache, body }),
      403,
      'forbidden',
      `SA attaché POST ${path}`,
    );
  }
  assertProblem(
    t,
    await call('GET', '/complaints', { token: tokens.attache }),
    403,
    'forbidden',
    'SA attaché reads the queue',
  );
  t.same(await current(inSa.id), before, 'the attaché changed nothing');

  // The referral's country decides, not where the worker was when she called.
  const movedOn = await s.lodge({ location: { country: 'SA', city: 'Dammam' } });
  await s.act(movedOn.id, 'referral', undefined, {
    to: 'labour-attache',
    country: 'QA',
    note: 'she is now in Doha',
  });
  expectOk(
    t,
    await call('GET', `/complaints/${movedOn.id}`, { token: tokens.attacheQa }),
    200,
    'QA attaché on a complaint referred to QA',
  );
  assertProblem(
    t,
    await call('GET', `/complaints/${movedOn.id}`, { token: tokens.attache }),
    403,
    'not-your-complaint',
    'SA attaché on a complaint referred to QA',
  );

  const inQa = await s.lodge({ location: { country: 'QA', city: 'Doha' } });
  await s.act(inQa.id, 'referral', undefined, { to: 'labour-attache' });
  expectOk(
    t,
    await call('GET', `/complaints/${inQa.id}`, { token: tokens.attacheQa }),
    200,
    'QA attaché on a complaint located in QA and referred',
  );
  assertProblem(
    t,
    await call('GET', `/complaints/${inQa.id}`, { token: tokens.attache }),
    403,
    'not-your-complaint',
    'SA attaché on it',
  );

  // Another attaché of the same mission reads it too: the mission decides, not the person.
  const secondSa = await token(['labour-attache'], {
    sub: 'attache-3',
    name: 'Attaché Jeddah',
    mission: 'SA',
  });
  expectOk(t, await call('GET', `/complaints/${inSa.id}`, { token: secondSa }), 200, 'another SA attaché');
});

t.test('an analyst reads the queue but no full record; a MoL officer reads nothing', async (t) => {
  const c = await s.lodge();
  await s.caughtUp();
  const queue = await call('GET', '/complaints?limit=200', { token: tokens.analyst });
  expectOk(t, queue, 200, 'analyst reads the queue');
  t.ok(
    queue.body.items.some((i: { id: string }) => i.id === c.id),
    'the queue holds the new complaint',
  );
  const full = await call('GET', `/complaints/${c.id}`, { token: tokens.analyst });
  assertProblem(t, full, 403, 'forbidden', 'analyst reads a full record');
  t.notOk(
    full.text.includes((c.body.complainant as { fullName: string }).fullName),
    'the refusal shows no personal data',
  );

  for (const [name, route] of Object.entries(routes(c.id, c.version)).filter(([n]) => PROTECTED(n))) {
    assertProblem(
      t,
      await call(route.method, route.url, { token: tokens.mol, body: route.body }),
      403,
      'forbidden',
      `${name} as mol-officer`,
    );
    if (name !== 'GET /complaints') {
      const r = await call(route.method, route.url, { token: tokens.analyst, body: route.body });
      assertProblem(t, r, 403, 'forbidden', `${name} as analyst`);
    }
  }
  t.equal((await current(c.id)).version, c.version, 'nothing changed the complaint');
});

t.test('the queue holds no personal data, for any role and any filter', async (t) => {
  // Complaints in several statuses, with notes, lodged through both channels; one erased.
  const lodged = [
    await s.lodge(),
    await s.lodge(
      {
        categories: ['physical-abuse', 'confinement'],
        narrative: 'Locked in the house and beaten (access test).',
      },
      { token: tokens.officer },
    ),
    await s.lodge({
      complainant: {
        fullName: 'Grace Wambui Queue',
        phone: '+254722000111',
        sex: 'female',
        ageBand: '25-34',
        passportNumber: 'AK1234567',
      },
    }),
    await s.lodge(),
  ];
  const noteText = `The employer threatened her again (note ${randomUUID().slice(0, 8)}).`;
  const [a, b, c, d] = lodged as [
    (typeof lodged)[0],
    (typeof lodged)[0],
    (typeof lodged)[0],
    (typeof lodged)[0],
  ];
  await s.act(a.id, 'notes', undefined, { text: noteText });
  await s.act(b.id, 'triage', undefined, { reason: 'confirmed', severity: 'critical' });
  await s.act(b.id, 'assignment', undefined, { assignee: 'officer-2' });
  await s.act(c.id, 'withdrawal', undefined, { reason: 'she went home' });
  const tv = await s.act(d.id, 'triage', undefined, { reason: 'confirmed' });
  const rv = await s.act(d.id, 'resolution', tv, { outcome: 'partially-resolved' });
  await s.act(d.id, 'closure', rv);
  await s.act(a.id, 'erasure', undefined, { reason: 'asked for erasure' }, tokens.director);
  await s.caughtUp();

  const secrets: string[] = [noteText];
  for (const l of lodged) {
    const complainant = l.body.complainant as Record<string, string>;
    secrets.push(String(l.body.narrative));
    for (const key of ['fullName', 'phone', 'nationalId', 'passportNumber', 'dateOfBirth']) {
      if (complainant[key]) secrets.push(complainant[key]);
    }
  }
  const PERSONAL_KEYS = [
    'complainant',
    'fullName',
    'phone',
    'narrative',
    'nationalId',
    'passportNumber',
    'dateOfBirth',
    'notes',
    'text',
    'trackingPin',
    'trackingPinHash',
  ];
  const keysOf = (value: unknown, into: Set<string> = new Set()): Set<string> => {
    if (Array.isArray(value)) for (const v of value) keysOf(v, into);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        into.add(k);
        keysOf(v, into);
      }
    }
    return into;
  };

  const queries = [
    '/complaints',
    '/complaints?limit=200',
    '/complaints?status=lodged&limit=200',
    '/complaints?status=assigned&limit=200',
    '/complaints?status=withdrawn&limit=200',
    '/complaints?status=closed&limit=200',
    '/complaints?severity=critical&limit=200',
    '/complaints?country=SA&limit=200',
    '/complaints?limit=1',
  ];
  for (const role of ['officer', 'director', 'analyst'] as const) {
    const seen = new Set<string>();
    for (const url of queries) {
      const r = await call('GET', url, { token: tokens[role] });
      expectOk(t, r, 200, `GET ${url} as ${role}`);
      for (const item of r.body.items as Array<{ id: string }>) seen.add(item.id);
      const keys = [...keysOf(r.body)];
      t.same(
        keys.filter((k) => PERSONAL_KEYS.includes(k)),
        [],
        `GET ${url} as ${role}: no personal field`,
      );
      t.same(
        secrets.filter((secret) => r.text.includes(secret)),
        [],
        `GET ${url} as ${role}: no personal value`,
      );
    }
    t.same(
      lodged.map((l) => l.id).filter((id) => !seen.has(id)),
      [],
      `${role}: every test complaint was in some queue listing, so each was checked`,
    );
  }
});

t.test('access is decided before existence: an unknown id tells a refused caller nothing', async (t) => {
  // Access is decided before existence: a caller without the role learns nothing about which ids exist.
  const unknown = randomUUID();
  for (const role of ['analyst', 'mol'] as const) {
    const r = await call('GET', `/complaints/${unknown}`, { token: tokens[role] });
    assertProblem(t, r, 403, 'forbidden', `GET an unknown complaint as ${role}`);
  }
  const r = await call('GET', `/complaints/${unknown}`);
  t.equal(r.status, 401, 'no token on an unknown complaint is still a 401');
  t.match(String(r.headers['content-type']), PROBLEM_JSON);
});

t.test(
  'an Idempotency-Key is scoped to its caller: another account never gets the first response',
  async (t) => {
    const key = `acc-${randomUUID()}`;
    const body = complaintBody();
    const first = await call('POST', '/complaints', {
      token: tokens.hotline,
      body,
      headers: { 'idempotency-key': key },
    });
    expectOk(t, first, 201, 'hotline-1 lodges with a key');
    const other = await call('POST', '/complaints', {
      token: tokens.hotline2,
      body,
      headers: { 'idempotency-key': key },
    });
    expectOk(t, other, 201, 'hotline-2 with the same key and body lodges its own');
    t.not(other.body.id, first.body.id, 'a different complaint');
    t.not(other.body.trackingPin, first.body.trackingPin, 'hotline-2 does not get hotline-1’s tracking PIN');
    t.equal(other.headers['idempotent-replayed'], undefined, 'not a replay');
    assertProblem(
      t,
      await call('GET', `/complaints/${first.body.id}`, { token: tokens.hotline2 }),
      403,
      'not-your-complaint',
      'hotline-2 still cannot read hotline-1’s complaint',
    );
    const again = await call('POST', '/complaints', {
      token: tokens.hotline,
      body,
      headers: { 'idempotency-key': key },
    });
    expectOk(t, again, 201, 'hotline-1 repeats its own request');
    t.equal(again.body.id, first.body.id, 'and gets its first response');
    t.equal(again.headers['idempotent-replayed'], 'true', 'marked as a replay');
  },
);
