import { randomUUID } from 'node:crypto';
import { DEV_JWT_SECRET } from '@kazi/service-kit';
import t from 'tap';
import {
  assertProblem,
  errorPaths,
  licenceApplicationBody,
  startTestSystem,
  token,
} from './testSystem.fixture.ts';

/**
 * Who may call each agency route (docs/design/api.md Conventions and the Agency registry table), what malformed input
 * gets, and unknown ids. One system for the whole file.
 */
const ctx = await startTestSystem(t, 'httpacc');
const { call, tokens } = ctx;

/** A licensed agency and an applied one to aim the route checks at. */
const licensed = await ctx.licensed();
const applied = await ctx.apply();

type Route = { method: 'GET' | 'POST'; url: string; body?: Record<string, unknown> };
const routes = (id: string, version: number): Record<string, Route> => ({
  'POST /agencies': { method: 'POST', url: '/agencies', body: licenceApplicationBody() },
  'GET /agencies/:id': { method: 'GET', url: `/agencies/${id}` },
  'GET /agencies': { method: 'GET', url: '/agencies' },
  'POST /agencies/:id/vetting-checks': {
    method: 'POST',
    url: `/agencies/${id}/vetting-checks`,
    body: { check: 'office-inspection', outcome: 'pass' },
  },
  'POST /agencies/:id/approval': {
    method: 'POST',
    url: `/agencies/${id}/approval`,
    body: { expectedVersion: version },
  },
  'POST /agencies/:id/rejection': {
    method: 'POST',
    url: `/agencies/${id}/rejection`,
    body: { reason: 'incomplete papers', expectedVersion: version },
  },
  'POST /agencies/:id/renewal': {
    method: 'POST',
    url: `/agencies/${id}/renewal`,
    body: { expectedVersion: version },
  },
  'POST /agencies/:id/suspension': {
    method: 'POST',
    url: `/agencies/${id}/suspension`,
    body: { reason: 'fees charged', expectedVersion: version },
  },
  'POST /agencies/:id/reinstatement': {
    method: 'POST',
    url: `/agencies/${id}/reinstatement`,
    body: { expectedVersion: version },
  },
  'POST /agencies/:id/revocation': {
    method: 'POST',
    url: `/agencies/${id}/revocation`,
    body: { reason: 'passports confiscated', expectedVersion: version },
  },
});

t.test(
  'authentication: no token, or a token the system did not issue, is a 401 on every protected route',
  async (t) => {
    const expired = await token(['nea-officer', 'nea-director', 'analyst'], {
      sub: 'late-1',
      expiresIn: '-10m',
    });
    const foreign = await token(
      ['nea-officer', 'nea-director', 'analyst'],
      { sub: 'forger-1' },
      {
        JWT_SECRET: 'not-the-secret-of-this-system-at-all-0123456789',
        JWT_ISSUER: 'kazi-salama',
      },
    );
    const otherIssuer = await token(
      ['nea-officer', 'nea-director', 'analyst'],
      { sub: 'other-1' },
      {
        JWT_SECRET: DEV_JWT_SECRET,
        JWT_ISSUER: 'someone-else',
      },
    );
    const [header, payload, signature] = tokens.director.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, roles: ['nea-director', 'nea-officer', 'analyst'] })).toString('base64url')}.${signature}`;
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;

    const credentials: Record<string, Record<string, string>> = {
      'no Authorization header': {},
      'an empty bearer': { authorization: 'Bearer ' },
      'a Basic credential': { authorization: `Basic ${Buffer.from('officer:secret').toString('base64')}` },
      'a token that is not a JWT': { authorization: 'Bearer not-a-jwt' },
      'an expired token': { authorization: `Bearer ${expired}` },
      'a token signed with another key': { authorization: `Bearer ${foreign}` },
      'a token from another issuer': { authorization: `Bearer ${otherIssuer}` },
      'a token whose claims were altered': { authorization: `Bearer ${tampered}` },
      'an unsigned (alg none) token': { authorization: `Bearer ${unsigned}` },
    };
    for (const [name, route] of Object.entries(routes(licensed.id, licensed.version))) {
      for (const [what, headers] of Object.entries(credentials)) {
        const r = await call(route.method, route.url, { body: route.body, headers });
        t.equal(r.status, 401, `${name} with ${what} → 401`, { body: r.text });
        if (what === 'no Authorization header' || what === 'an expired token') {
          assertProblem(t, r, 401, undefined, `${name} with ${what}`);
          t.equal(r.headers['www-authenticate'], 'Bearer', 'WWW-Authenticate: Bearer');
        }
      }
    }
    const after = await call('GET', `/agencies/${licensed.id}`, { token: tokens.officer });
    t.equal(after.body.status, 'licensed', 'none of the refused calls changed the agency');
    t.equal(after.body.version, licensed.version, 'its version is unchanged');
  },
);

t.test('authorization: a valid token without the right role is a 403 problem', async (t) => {
  const wrongAttache = await token(['labour-attache'], { sub: 'attache-ke', mission: 'AE' });
  const refused: Record<string, string[]> = {
    'POST /agencies': ['hotline', 'analyst', 'director', 'attache', 'mol'],
    'GET /agencies/:id': ['hotline', 'attache', 'mol'],
    'GET /agencies': ['hotline', 'attache', 'mol'],
    'POST /agencies/:id/vetting-checks': ['director', 'analyst', 'hotline', 'attache', 'mol'],
    'POST /agencies/:id/approval': ['officer', 'analyst', 'hotline', 'attache', 'mol'],
    'POST /agencies/:id/rejection': ['officer', 'analyst', 'hotline', 'attache', 'mol'],
    'POST /agencies/:id/renewal': ['officer', 'analyst', 'hotline', 'attache', 'mol'],
    'POST /agencies/:id/suspension': ['officer', 'analyst', 'hotline', 'attache', 'mol'],
    'POST /agencies/:id/reinstatement': ['officer', 'analyst', 'hotline', 'attache', 'mol'],
    'POST /agencies/:id/revocation': ['officer', 'analyst', 'hotline', 'attache', 'mol'],
  };
  const all = routes(licensed.id, licensed.version);
  for (const [name, roles] of Object.entries(refused)) {
    const route = all[name]!;
    for (const role of roles) {
      const r = await call(route.method, route.url, {
        token: tokens[role as keyof typeof tokens],
        body: route.body,
      });
      assertProblem(t, r, 403, 'forbidden', `${name} as ${role}`);
    }
  }
  const r = await call('GET', '/agencies', { token: wrongAttache });
  assertProblem(t, r, 403, 'forbidden', 'GET /agencies as the attaché of another mission');
  const after = await call('GET', `/agencies/${licensed.id}`, { token: tokens.officer });
  t.equal(after.body.version, licensed.version, 'none of the refused calls changed the agency');
  await ctx.caughtUp();
  const search = await call(
    'GET',
    `/agencies?q=${encodeURIComponent(String(all['POST /agencies']!.body!.name))}`,
    { token: tokens.officer },
  );
  t.same(search.body.items, [], 'no refused POST /agencies recorded an application');
});

t.test('each allowed role succeeds', async (t) => {
  for (const role of ['officer', 'director', 'analyst'] as const) {
    const one = await call('GET', `/agencies/${licensed.id}`, { token: tokens[role] });
    t.equal(one.status, 200, `GET /agencies/:id as ${role}`);
    t.equal(one.body.id, licensed.id);
    const list = await call('GET', '/agencies', { token: tokens[role] });
    t.equal(list.status, 200, `GET /agencies as ${role}`);
    t.ok(Array.isArray(list.body.items), 'a list of items');
  }
  const multi = await token(['hotline', 'analyst'], { sub: 'multi-1' });
  t.equal(
    (await call('GET', `/agencies/${licensed.id}`, { token: multi })).status,
    200,
    'one allowed role among others is enough',
  );

  const created = await call('POST', '/agencies', { token: tokens.officer, body: licenceApplicationBody() });
  t.equal(created.status, 201, 'POST /agencies as nea-officer');
  t.match(created.body, { id: String, status: 'applied', version: 1 });
  const checked = await call('POST', `/agencies/${created.body.id}/vetting-checks`, {
    token: tokens.officer,
    body: { check: 'tax-compliance', outcome: 'pass' },
  });
  t.equal(checked.status, 200, 'vetting check as nea-officer');
  const rejected = await call('POST', `/agencies/${created.body.id}/rejection`, {
    token: tokens.director,
    body: { reason: 'incomplete papers', expectedVersion: checked.body.version },
  });
  t.equal(rejected.status, 200, 'rejection as nea-director');
  t.equal(rejected.body.status, 'rejected');

  const pub = await call('GET', '/public/agencies');
  t.equal(pub.status, 200, 'the public register needs no token');
  const pubWithBadToken = await call('GET', '/public/agencies', { token: 'garbage' });
  t.equal(pubWithBadToken.status, 200, 'and ignores a bad one');
});

t.test('POST /agencies: malformed bodies are 400 problems naming the field', async (t) => {
  const base = licenceApplicationBody();
  const without = (field: string) => {
    const copy: Record<string, unknown> = { ...base };
    delete copy[field];
    return copy;
  };
  const cases: Array<[string, unknown, string, RegExp?]> = [
    ['missing kraPin', without('kraPin'), 'kraPin'],
    ['missing name', without('name'), 'name'],
    ['missing registrationNumber', without('registrationNumber'), 'registrationNumber'],
    ['missing county', without('county'), 'county'],
    ['missing physicalAddress', without('physicalAddress'), 'physicalAddress'],
    ['missing phone', without('phone'), 'phone'],
    ['missing email', without('email'), 'email'],
    ['missing directors', without('directors'), 'directors'],
    ['missing guarantee', without('guarantee'), 'guarantee'],
    ['no directors', { ...base, directors: [] }, 'directors'],
    [
      'a director without national ID or passport',
      { ...base, directors: [{ fullName: 'Jane Wanjiku', nationality: 'KE' }] },
      'directors.0.nationalId',
    ],
    [
      'a second director without a name',
      {
        ...base,
        directors: [...(base.directors as unknown[]), { nationalId: '22334455', nationality: 'KE' }],
      },
      'directors.1.fullName',
    ],
    [
      'a director with a bad nationality',
      { ...base, directors: [{ fullName: 'Jane Wanjiku', nationalId: '22334455', nationality: 'Kenya' }] },
      'directors.0.nationality',
    ],
    [
      'a director national ID with letters',
      { ...base, directors: [{ fullName: 'Jane Wanjiku', nationalId: 'ID-12', nationality: 'KE' }] },
      'directors.0.nationalId',
    ],
    [
      'missing guarantee.amountKes',
      { ...base, guarantee: { kind: 'bank', issuer: 'KCB', reference: 'BG-1' } },
      'guarantee.amountKes',
    ],
    ['name is a number', { ...base, name: 12345 }, 'name'],
    ['directors is an object', { ...base, directors: { fullName: 'Jane' } }, 'directors'],
    [
      'amountKes is a string',
      { ...base, guarantee: { ...(base.guarantee as object), amountKes: '1500000' } },
      'guarantee.amountKes',
    ],
    [
      'amountKes is negative',
      { ...base, guarantee: { ...(base.guarantee as object), amountKes: -5 } },
      'guarantee.amountKes',
    ],
    [
      'guarantee kind is unknown',
      { ...base, guarantee: { ...(base.guarantee as object), kind: 'cash' } },
      'guarantee.kind',
    ],
    ['codeOfConductSigned is a string', { ...base, codeOfConductSigned: 'yes' }, 'codeOfConductSigned'],
    ['an unknown field', { ...base, licenceNumber: 'NEA/PRA/2026/99999' }, 'licenceNumber', /unknown/],
    [
      'an unknown director field',
      {
        ...base,
        directors: [{ fullName: 'Jane Wanjiku', nationalId: '22334455', nationality: 'KE', role: 'ceo' }],
      },
      'directors.0.role',
      /unknown/,
    ],
    [
      'an unknown guarantee field',
      { ...base, guarantee: { ...(base.guarantee as object), currency: 'USD' } },
      'guarantee.currency',
      /unknown/,
    ],
    ['a KRA PIN without the final letter', { ...base, kraPin: 'P0512345678' }, 'kraPin'],
    ['a KRA PIN too short', { ...base, kraPin: 'P05123X' }, 'kraPin'],
    ['a KRA PIN of digits', { ...base, kraPin: '12345678901' }, 'kraPin'],
    ['a local phone number', { ...base, phone: '0712345678' }, 'phone'],
    ['a phone with letters', { ...base, phone: '+2547ABCDEF' }, 'phone'],
    ['an email without @', { ...base, email: 'info.agency.example' }, 'email'],
    ['an email without domain', { ...base, email: 'info@' }, 'email'],
    [
      'a registration number with symbols',
      { ...base, registrationNumber: 'PVT;DROP TABLE' },
      'registrationNumber',
    ],
    ['an empty name', { ...base, name: '   ' }, 'name'],
  ];
  for (const [what, body, path, message] of cases) {
    const r = await call('POST', '/agencies', { token: tokens.officer, body });
    assertProblem(t, r, 400, 'validation-failed', what);
    t.ok(errorPaths(r).includes(path), `${what}: errors name ${path}`, { errors: r.body?.errors });
    if (message)
      t.match(
        r.body.errors.find((e: { path: string }) => e.path === path)?.message,
        message,
        `${what}: says why`,
      );
  }

  const several = await call('POST', '/agencies', {
    token: tokens.officer,
    body: { ...without('kraPin'), phone: '07', extra: true },
  });
  t.same(errorPaths(several).sort(), ['extra', 'kraPin', 'phone'], 'every problem is named at once');

  const tooLow = await call('POST', '/agencies', {
    token: tokens.officer,
    body: licenceApplicationBody({
      guarantee: { kind: 'bank', issuer: 'KCB', reference: 'BG', amountKes: 500_000 },
    }),
  });
  assertProblem(t, tooLow, 422, 'guarantee-too-low', 'a guarantee below the configured minimum');
  t.equal(tooLow.body.minimumKes, 1_500_000, 'the minimum is stated');
});

t.test('request bodies that are not the JSON object a route expects', async (t) => {
  const targets: Array<[string, string]> = [
    ['POST /agencies', '/agencies'],
    ['vetting-checks', `/agencies/${applied.id}/vetting-checks`],
    ['approval', `/agencies/${applied.id}/approval`],
    ['rejection', `/agencies/${applied.id}/rejection`],
    ['suspension', `/agencies/${licensed.id}/suspension`],
    ['revocation', `/agencies/${licensed.id}/revocation`],
  ];
  const officerFor = (name: string) =>
    name === 'POST /agencies' || name === 'vetting-checks' ? tokens.officer : tokens.director;
  for (const [name, url] of targets) {
    const tok = officerFor(name);
    const badJson = await call('POST', url, {
      token: tok,
      payload: '{"name": "Safari", ',
      headers: { 'content-type': 'application/json' },
    });
    assertProblem(t, badJson, 400, 'malformed-json', `${name}: bad JSON`);
    const textPlain = await call('POST', url, {
      token: tok,
      payload: 'name=Safari',
      headers: { 'content-type': 'text/plain' },
    });
    assertProblem(t, textPlain, 415, undefined, `${name}: text/plain`);
    const form = await call('POST', url, {
      token: tok,
      payload: 'name=Safari',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assertProblem(t, form, 415, undefined, `${name}: a form`);
    const xml = await call('POST', url, {
      token: tok,
      payload: '<agency/>',
      headers: { 'content-type': 'application/xml' },
    });
    assertProblem(t, xml, 415, undefined, `${name}: XML`);
    const empty = await call('POST', url, {
      token: tok,
      payload: '',
      headers: { 'content-type': 'application/json' },
    });
    assertProblem(t, empty, 400, undefined, `${name}: an empty JSON body`);
    // A decision that needs nothing but its version may come bodiless (with If-Match): without a
    // version at all it is then "version required", not a malformed body.
    const bodiless = name === 'approval' ? 428 : 400;
    const none = await call('POST', url, { token: tok });
    assertProblem(t, none, bodiless, undefined, `${name}: no body at all`);
    for (const [what, payload] of [
      ['an array', '[]'],
      ['null', 'null'],
      ['a string', '"agency"'],
      ['a number', '42'],
    ] as const) {
      const r = await call('POST', url, {
        token: tok,
        payload,
        headers: { 'content-type': 'application/json' },
      });
      assertProblem(t, r, what === 'null' ? bodiless : 400, undefined, `${name}: ${what} as body`);
    }
    const huge = await call('POST', url, {
      token: tok,
      payload: JSON.stringify({ name: 'x'.repeat(70_000) }),
      headers: { 'content-type': 'application/json' },
    });
    assertProblem(t, huge, 413, 'payload-too-large', `${name}: a body over BODY_LIMIT_BYTES`);
  }
  const big = licenceApplicationBody({ physicalAddress: 'Moi Avenue '.repeat(7000) });
  const r = await call('POST', '/agencies', { token: tokens.officer, body: big });
  assertProblem(t, r, 413, 'payload-too-large', 'a complete application over the limit');
  const record = await call('GET', `/agencies/${applied.id}`, { token: tokens.officer });
  t.equal(record.body.version, applied.version, 'no refused body changed the applied agency');
});

t.test('update routes: malformed bodies, headers and versions are 400 problems', async (t) => {
  const v = applied.version;
  const vetting = `/agencies/${applied.id}/vetting-checks`;
  const cases: Array<[string, string, string, unknown, string]> = [
    ['vetting: unknown check', vetting, tokens.officer, { check: 'horoscope', outcome: 'pass' }, 'check'],
    ['vetting: missing check', vetting, tokens.officer, { outcome: 'pass' }, 'check'],
    ['vetting: missing outcome', vetting, tokens.officer, { check: 'tax-compliance' }, 'outcome'],
    [
      'vetting: outcome maybe',
      vetting,
      tokens.officer,
      { check: 'tax-compliance', outcome: 'maybe' },
      'outcome',
    ],
    ['vetting: outcome true', vetting, tokens.officer, { check: 'tax-compliance', outcome: true }, 'outcome'],
    [
      'vetting: note is a number',
      vetting,
      tokens.officer,
      { check: 'tax-compliance', outcome: 'pass', note: 7 },
      'note',
    ],
    [
      'vetting: unknown field',
      vetting,
      tokens.officer,
      { check: 'tax-compliance', outcome: 'pass', officer: 'someone-else' },
      'officer',
    ],
    [
      'vetting: expectedVersion a string',
      vetting,
      tokens.officer,
      { check: 'tax-compliance', outcome: 'pass', expectedVersion: '1' },
      'expectedVersion',
    ],
    [
      'vetting: expectedVersion negative',
      vetting,
      tokens.officer,
      { check: 'tax-compliance', outcome: 'pass', expectedVersion: -1 },
      'expectedVersion',
    ],
    [
      'vetting: expectedVersion fractional',
      vetting,
      tokens.officer,
      { check: 'tax-compliance', outcome: 'pass', expectedVersion: 1.5 },
      'expectedVersion',
    ],
    [
      'approval: unknown field',
      `/agencies/${applied.id}/approval`,
      tokens.director,
      { expectedVersion: v, licenceNumber: 'X' },
      'licenceNumber',
    ],
    [
      'approval: expectedVersion a string',
      `/agencies/${applied.id}/approval`,
      tokens.director,
      { expectedVersion: String(v) },
      'expectedVersion',
    ],
    [
      'rejection: missing reason',
      `/agencies/${applied.id}/rejection`,
      tokens.director,
      { expectedVersion: v },
      'reason',
    ],
    [
      'rejection: blank reason',
      `/agencies/${applied.id}/rejection`,
      tokens.director,
      { reason: '  ', expectedVersion: v },
      'reason',
    ],
    [
      'rejection: reason a number',
      `/agencies/${applied.id}/rejection`,
      tokens.director,
      { reason: 42, expectedVersion: v },
      'reason',
    ],
    [
      'renewal: unknown field',
      `/agencies/${licensed.id}/renewal`,
      tokens.director,
      { expectedVersion: licensed.version, months: 24 },
      'months',
    ],
    [
      'suspension: missing reason',
      `/agencies/${licensed.id}/suspension`,
      tokens.director,
      { expectedVersion: licensed.version },
      'reason',
    ],
    [
      'suspension: until not a date',
      `/agencies/${licensed.id}/suspension`,
      tokens.director,
      { reason: 'fees charged', until: 'next week', expectedVersion: licensed.version },
      'until',
    ],
    [
      'suspension: until not a real date',
      `/agencies/${licensed.id}/suspension`,
      tokens.director,
      { reason: 'fees charged', until: '2026-02-30', expectedVersion: licensed.version },
      'until',
    ],
    [
      'reinstatement: unknown field',
      `/agencies/${licensed.id}/reinstatement`,
      tokens.director,
      { expectedVersion: licensed.version, reason: 'x' },
      'reason',
    ],
    [
      'revocation: missing reason',
      `/agencies/${licensed.id}/revocation`,
      tokens.director,
      { expectedVersion: licensed.version },
      'reason',
    ],
    [
      'revocation: unknown field',
      `/agencies/${licensed.id}/revocation`,
      tokens.director,
      { reason: 'passports confiscated', expectedVersion: licensed.version, final: true },
      'final',
    ],
  ];
  for (const [what, url, tok, body, path] of cases) {
    const r = await call('POST', url, { token: tok, body });
    assertProblem(t, r, 400, 'validation-failed', what);
    t.ok(errorPaths(r).includes(path), `${what}: errors name ${path}`, { errors: r.body?.errors });
  }

  for (const ifMatch of ['abc', '"v3"', '"1", "2"', '-1']) {
    const r = await call('POST', `/agencies/${licensed.id}/suspension`, {
      token: tokens.director,
      body: { reason: 'fees charged' },
      headers: { 'if-match': ifMatch },
    });
    assertProblem(t, r, 400, undefined, `If-Match ${ifMatch}`);
    t.ok(errorPaths(r).includes('headers.if-match'), `If-Match ${ifMatch}: named`);
  }
  const disagree = await call('POST', `/agencies/${licensed.id}/suspension`, {
    token: tokens.director,
    body: { reason: 'fees charged', expectedVersion: licensed.version },
    headers: { 'if-match': `"${licensed.version + 1}"` },
  });
  assertProblem(t, disagree, 400, undefined, 'expectedVersion and If-Match disagree');

  const past = await call('POST', `/agencies/${licensed.id}/suspension`, {
    token: tokens.director,
    body: { reason: 'fees charged', until: '2026-01-01', expectedVersion: licensed.version },
  });
  assertProblem(t, past, 422, 'invalid-suspension-until', 'a suspension that ended before today');

  const badKey = await call('POST', '/agencies', {
    token: tokens.officer,
    body: licenceApplicationBody(),
    headers: { 'idempotency-key': 'k'.repeat(300) },
  });
  assertProblem(t, badKey, 400, undefined, 'an Idempotency-Key over 255 characters');

  const after = await call('GET', `/agencies/${licensed.id}`, { token: tokens.officer });
  t.equal(after.body.version, licensed.version, 'nothing refused changed the licensed agency');
  t.equal(after.body.status, 'licensed');
});

t.test('path ids that are not uuids are 400 on every route', async (t) => {
  for (const bad of ['not-a-uuid', '12345', `${randomUUID()}x`, 'agency.1']) {
    for (const [name, route] of Object.entries(routes(bad, 1))) {
      if (!route.url.includes(bad)) continue;
      const tok = name.includes('vetting') || name.startsWith('GET') ? tokens.officer : tokens.director;
      const r = await call(route.method, route.url, { token: tok, body: route.body });
      assertProblem(t, r, 400, 'validation-failed', `${name} with id ${bad}`);
      t.ok(errorPaths(r).includes('params.id'), `${name}: errors name params.id`);
    }
  }
});

t.test('unknown ids are 404 on GET and on every POST /agencies/:id/* route', async (t) => {
  const unknown = randomUUID();
  const one = await call('GET', `/agencies/${unknown}`, { token: tokens.analyst });
  assertProblem(t, one, 404, undefined, 'GET /agencies/:id');
  const vetting = await call('POST', `/agencies/${unknown}/vetting-checks`, {
    token: tokens.officer,
    body: { check: 'tax-compliance', outcome: 'pass' },
  });
  assertProblem(t, vetting, 404, undefined, 'vetting-checks without expectedVersion');
  const bodies: Record<string, Record<string, unknown>> = {
    approval: {},
    rejection: { reason: 'incomplete papers' },
    renewal: {},
    suspension: { reason: 'fees charged' },
    reinstatement: {},
    revocation: { reason: 'passports confiscated' },
  };
  for (const version of [0, 1, 5]) {
    const v = await call('POST', `/agencies/${unknown}/vetting-checks`, {
      token: tokens.officer,
      body: { check: 'tax-compliance', outcome: 'pass', expectedVersion: version },
    });
    assertProblem(t, v, 404, undefined, `vetting-checks with expectedVersion ${version}`);
    for (const [route, body] of Object.entries(bodies)) {
      const r = await call('POST', `/agencies/${unknown}/${route}`, {
        token: tokens.director,
        body: { ...body, expectedVersion: version },
      });
      assertProblem(t, r, 404, undefined, `${route} with expectedVersion ${version}`);
    }
  }
  const viaIfMatch = await call('POST', `/agencies/${unknown}/revocation`, {
    token: tokens.director,
    body: { reason: 'passports confiscated' },
    headers: { 'if-match': '"3"' },
  });
  assertProblem(t, viaIfMatch, 404, undefined, 'revocation with If-Match');
  const stillUnknown = await call('GET', `/agencies/${unknown}`, { token: tokens.officer });
  t.equal(stillUnknown.status, 404, 'no refused call created the agency');
});

t.test('bad queries are 400 problems naming the parameter', async (t) => {
  const cases: Array<[string, string, string]> = [
    ['/agencies?limit=abc', 'limit=abc', 'query.limit'],
    ['/agencies?limit=0', 'limit=0', 'query.limit'],
    ['/agencies?limit=-3', 'limit=-3', 'query.limit'],
    ['/agencies?limit=2.5', 'limit=2.5', 'query.limit'],
    ['/agencies?limit=100000', 'limit=100000', 'query.limit'],
    ['/agencies?status=unknown', 'status=unknown', 'query.status'],
    ['/agencies?status=LICENSED', 'status=LICENSED', 'query.status'],
    ['/agencies?sort=name', 'an unknown parameter', 'query.sort'],
    [`/agencies?q=${'a'.repeat(101)}`, 'q too long', 'query.q'],
    [`/agencies?cursor=${'c'.repeat(501)}`, 'cursor too long', 'query.cursor'],
    ['/agencies?cursor=not-a-cursor', 'a cursor this API never issued', 'query.cursor'],
    ['/agencies?cursor=%00%00', 'a cursor of NUL bytes', 'query.cursor'],
  ];
  for (const [url, what, path] of cases) {
    const r = await call('GET', url, { token: tokens.officer });
    assertProblem(t, r, 400, undefined, `GET /agencies with ${what}`);
    t.ok(errorPaths(r).includes(path), `${what}: errors name ${path}`, { errors: r.body?.errors });
  }
  for (const [url, path] of [
    ['/public/agencies?limit=abc', 'query.limit'],
    ['/public/agencies?limit=0', 'query.limit'],
    ['/public/agencies?limit=1000', 'query.limit'],
    ['/public/agencies?status=licensed', 'query.status'],
    [`/public/agencies?q=${'a'.repeat(101)}`, 'query.q'],
  ] as const) {
    const r = await call('GET', url);
    assertProblem(t, r, 400, undefined, `GET ${url}`);
    t.ok(errorPaths(r).includes(path), `${url}: errors name ${path}`);
  }
  const repeated = await call('GET', '/agencies?status=licensed&status=revoked', { token: tokens.officer });
  assertProblem(t, repeated, 400, undefined, 'a repeated status parameter');
});

t.test('unknown routes and methods are problems too, never 5xx', async (t) => {
  const r = await call('DELETE', `/agencies/${licensed.id}`, { token: tokens.director });
  t.ok(r.status === 404 || r.status === 405, `DELETE /agencies/:id → ${r.status}`);
  t.match(String(r.headers['content-type']), /^application\/problem\+json/);
  const put = await call('PUT', `/agencies/${licensed.id}`, { token: tokens.director, body: {} });
  t.ok(put.status === 404 || put.status === 405, `PUT /agencies/:id → ${put.status}`);
  const unknownAction = await call('POST', `/agencies/${licensed.id}/resurrection`, {
    token: tokens.director,
    body: { expectedVersion: 1 },
  });
  assertProblem(t, unknownAction, 404, undefined, 'an action that does not exist');
});

t.test('odd input anywhere is a 4xx problem, never a 5xx', async (t) => {
  const odd: Array<
    [string, string, { token?: string; payload?: string; body?: unknown; headers?: Record<string, string> }]
  > = [
    [
      'POST',
      '/agencies',
      {
        token: tokens.officer,
        payload: '{"__proto__":{"admin":true},"name":"x"}',
        headers: { 'content-type': 'application/json' },
      },
    ],
    [
      'POST',
      '/agencies',
      {
        token: tokens.officer,
        payload: '{"constructor":{"prototype":{"admin":true}}}',
        headers: { 'content-type': 'application/json' },
      },
    ],
    [
      'POST',
      '/agencies',
      {
        token: tokens.officer,
        payload: `${'['.repeat(5000)}${']'.repeat(5000)}`,
        headers: { 'content-type': 'application/json' },
      },
    ],
    [
      'POST',
      '/agencies',
      {
        token: tokens.officer,
        body: licenceApplicationBody({
          directors: Array.from({ length: 31 }, (_, i) => ({
            fullName: 'Jane Wanjiku',
            nationalId: String(30000000 + i),
            nationality: 'KE',
          })),
        }),
      },
    ],
    [
      'POST',
      '/agencies',
      {
        token: tokens.officer,
        body: licenceApplicationBody({
          guarantee: { kind: 'bank', issuer: 'KCB', reference: 'BG', amountKes: 1e300 },
        }),
      },
    ],
    [
      'POST',
      '/agencies',
      {
        token: tokens.officer,
        body: licenceApplicationBody({
          guarantee: { kind: 'bank', issuer: 'KCB', reference: 'BG', amountKes: 1_500_000.5 },
        }),
      },
    ],
    [
      'POST',
      '/agencies',
      { token: tokens.officer, body: licenceApplicationBody(), headers: { 'idempotency-key': 'ключ' } },
    ],
    [
      'POST',
      '/agencies',
      {
        token: tokens.officer,
        body: licenceApplicationBody(),
        headers: { 'content-type': 'application/merge-patch+json' },
      },
    ],
    [
      'POST',
      `/agencies/${applied.id}/vetting-checks`,
      { token: tokens.officer, body: { check: 'tax-compliance', outcome: 'pass', expectedVersion: 1e20 } },
    ],
    [
      'POST',
      `/agencies/${applied.id}/vetting-checks`,
      { token: tokens.officer, body: { check: 'tax-compliance', outcome: 'pass', note: 'n'.repeat(2001) } },
    ],
    [
      'POST',
      `/agencies/${applied.id}/approval`,
      { token: tokens.director, body: {}, headers: { 'if-match': `"${'9'.repeat(16)}"` } },
    ],
    [
      'POST',
      `/agencies/${applied.id}/approval`,
      { token: tokens.director, body: {}, headers: { 'if-match': '"999999999999999"' } },
    ],
    [
      'POST',
      `/agencies/${licensed.id}/suspension`,
      { token: tokens.director, body: { reason: 'r'.repeat(2001), expectedVersion: licensed.version } },
    ],
    [
      'POST',
      `/agencies/${licensed.id}/suspension`,
      {
        token: tokens.director,
        body: { reason: 'fees charged', until: '99999-01-01', expectedVersion: licensed.version },
      },
    ],
    ['GET', '/agencies?limit=', { token: tokens.officer }],
    ['GET', '/agencies?cursor=', { token: tokens.officer }],
    ['GET', '/agencies?q=%E0%A4%A', { token: tokens.officer }],
    ['GET', `/agencies/${encodeURIComponent('../../etc/passwd')}`, { token: tokens.officer }],
    ['GET', '/agencies/%00', { token: tokens.officer }],
    ['GET', '/public/agencies?q=%FF', {}],
    ['GET', '/agencies', { headers: { authorization: `Bearer ${'a'.repeat(8000)}` } }],
    ['GET', '/agencies', { headers: { authorization: 'Bearer a.b.c' } }],
  ];
  for (const [method, url, options] of odd) {
    const r = await call(method, url, options);
    const what = `${method} ${url.slice(0, 60)} ${JSON.stringify(options.headers ?? {}).slice(0, 60)}`;
    t.ok(r.status < 500, `${what} → ${r.status}`, { body: r.text.slice(0, 300) });
    if (r.status >= 400)
      t.match(String(r.headers['content-type']), /^application\/problem\+json/, `${what}: problem+json`);
    else t.ok(method === 'GET', `${what}: only reads may succeed`);
  }
  const record = await call('GET', `/agencies/${applied.id}`, { token: tokens.officer });
  t.equal(record.body.version, applied.version, 'none of it changed the applied agency');
  t.equal(({} as Record<string, unknown>).admin, undefined, 'no prototype was polluted');
});
