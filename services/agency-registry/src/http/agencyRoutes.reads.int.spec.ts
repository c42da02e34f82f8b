import { randomBytes } from 'node:crypto';
import t from 'tap';
import { assertProblem, licenceApplicationBody, startTestSystem } from './testSystem.fixture.ts';

/**
 * The read side over HTTP: officers' search with paging, the flag on directors of revoked agencies, and the
 * public register. Both lists are projections: tests wait with the runners' caughtUp(), never sleep.
 */
const ctx = await startTestSystem(t, 'httprd');
const { call, tokens } = ctx;

const tag = () => randomBytes(3).toString('hex');
const search = (query: string, tok = tokens.officer) => call('GET', `/agencies?${query}`, { token: tok });

t.test('search by status and q, and paging through every result with limit and nextCursor', async (t) => {
  const prefix = `Paging ${tag()}`;
  // Names given out of order, two of them equal: the order is by name, then id.
  const names = ['Kilimo', 'Amani', 'Zawadi', 'Baraka', 'Jamii', 'Amani', 'Tumaini'].map(
    (n) => `${prefix} ${n} Agency`,
  );
  const created: Array<{ id: string; name: string; registrationNumber: string }> = [];
  for (const name of names) {
    const a = await ctx.apply({ name });
    created.push({ id: a.id, name, registrationNumber: String(a.body.registrationNumber) });
  }
  const licensed = await ctx.licensed({ name: `${prefix} Uhuru Agency` });
  created.push({
    id: licensed.id,
    name: `${prefix} Uhuru Agency`,
    registrationNumber: String(licensed.body.registrationNumber),
  });
  const vetted = created[0]!;
  const check = await call('POST', `/agencies/${vetted.id}/vetting-checks`, {
    token: tokens.officer,
    body: { check: 'tax-compliance', outcome: 'pass' },
  });
  t.equal(check.status, 200);
  const rejected = created[1]!;
  t.equal((await ctx.decide(rejected.id, 'rejection', 1, { reason: 'office not found' })).status, 200);
  await ctx.caughtUp();

  const expectedOrder = [...created]
    .sort((a, b) =>
      a.name.toLowerCase() === b.name.toLowerCase()
        ? a.id < b.id
          ? -1
          : 1
        : a.name.toLowerCase() < b.name.toLowerCase()
          ? -1
          : 1,
    )
    .map((a) => a.id);

  const all = await search(`q=${encodeURIComponent(prefix)}&limit=200`);
  t.equal(all.status, 200);
  t.same(
    all.body.items.map((i: { id: string }) => i.id),
    expectedOrder,
    'q finds all of them, ordered by name then id',
  );
  t.equal(all.body.nextCursor, null, 'one page: no next cursor');
  const summary = all.body.items.find((i: { id: string }) => i.id === licensed.id);
  t.same(Object.keys(summary).sort(), [
    'county',
    'flagged',
    'id',
    'licenceNumber',
    'name',
    'registrationNumber',
    'status',
    'updatedAt',
    'validUntil',
  ]);
  t.match(summary, {
    status: 'licensed',
    licenceNumber: licensed.licenceNumber,
    validUntil: '2027-02-28',
    county: 'Nairobi',
    flagged: false,
  });

  for (const limit of [1, 2, 3, 7, 8]) {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await search(
        `q=${encodeURIComponent(prefix)}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      t.equal(page.status, 200, `limit ${limit}, page ${pages + 1}`);
      t.ok(page.body.items.length <= limit, 'never more than limit');
      seen.push(...page.body.items.map((i: { id: string }) => i.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 20);
    t.same(seen, expectedOrder, `limit ${limit}: every agency once, none missing, in order`);
    t.equal(
      pages,
      Math.ceil(expectedOrder.length / limit),
      `limit ${limit}: ${Math.ceil(expectedOrder.length / limit)} pages`,
    );
  }

  const lower = await search(`q=${encodeURIComponent(prefix.toUpperCase())}&limit=200`);
  t.equal(lower.body.items.length, created.length, 'q is case-insensitive');
  const byReg = await search(`q=${encodeURIComponent(created[3]!.registrationNumber.toLowerCase())}`);
  t.same(
    byReg.body.items.map((i: { id: string }) => i.id),
    [created[3]!.id],
    'q matches the registration number',
  );
  const byLicence = await search(`q=${encodeURIComponent(licensed.licenceNumber)}`);
  t.same(
    byLicence.body.items.map((i: { id: string }) => i.id),
    [licensed.id],
    'q matches the licence number',
  );

  const statuses: Record<string, string[]> = {
    licensed: [licensed.id],
    rejected: [rejected.id],
    'under-vetting': [vetted.id],
    applied: created.filter((c) => ![licensed.id, rejected.id, vetted.id].includes(c.id)).map((c) => c.id),
    suspended: [],
    revoked: [],
    expired: [],
  };
  for (const [status, ids] of Object.entries(statuses)) {
    const r = await search(`status=${status}&q=${encodeURIComponent(prefix)}&limit=200`);
    t.equal(r.status, 200);
    t.same(r.body.items.map((i: { id: string }) => i.id).sort(), [...ids].sort(), `status=${status}`);
    t.ok(
      r.body.items.every((i: { status: string }) => i.status === status),
      `status=${status}: every item has it`,
    );
  }
  const applied = statuses.applied!;
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await search(
      `status=applied&q=${encodeURIComponent(prefix)}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    seen.push(...page.body.items.map((i: { id: string }) => i.id));
    cursor = page.body.nextCursor;
  } while (cursor !== null && seen.length < 50);
  t.same([...seen].sort(), [...applied].sort(), 'paging with a status filter finds each once');

  const nothing = await search(`q=${encodeURIComponent(`${prefix} no such`)}`);
  t.same(nothing.body, { items: [], nextCursor: null }, 'no match: an empty page');

  const first = await search(`q=${encodeURIComponent(prefix)}&limit=2`);
  const real = first.body.nextCursor as string;
  t.type(real, 'string', 'a first page of two has a cursor');
  const tampered = [
    'bm90IGEgY3Vyc29y', // base64url of "not a cursor"
    real.slice(0, Math.max(1, real.length - Math.ceil(real.length / 2))).replace(/./g, 'x'),
    `${'%'}21${'%'}21${'%'}21`,
    Buffer.from('{"after":"x"}').toString('base64url'),
  ];
  for (const bad of tampered) {
    const r = await search(`q=${encodeURIComponent(prefix)}&limit=2&cursor=${bad}`);
    assertProblem(t, r, 400, undefined, `a tampered cursor ${bad}`);
  }
});

t.test('a director of a revoked agency is flagged on a new application', async (t) => {
  const nationalId = `7${String(Date.now()).slice(-7)}`;
  const passport = `AK${String(Date.now()).slice(-6)}`;
  const revokedName = `Revoked ${tag()} Recruiters`;
  const revoked = await ctx.licensed({
    name: revokedName,
    directors: [
      { fullName: 'John Kariuki', nationalId, nationality: 'KE' },
      { fullName: 'Ali Hassan', passportNumber: passport, nationality: 'TZ' },
    ],
  });
  const before = await call('POST', '/agencies', {
    token: tokens.officer,
    body: licenceApplicationBody({
      directors: [{ fullName: 'John Kariuki', nationalId, nationality: 'KE' }],
    }),
  });
  t.equal(before.status, 201);
  t.same(
    (await call('GET', `/agencies/${before.body.id}`, { token: tokens.officer })).body.flags,
    [],
    'a director of a licensed agency is not flagged',
  );

  await ctx.decide(revoked.id, 'revocation', revoked.version, { reason: 'passports confiscated' });
  await ctx.caughtUp();

  const renamed = licenceApplicationBody({
    name: `New Horizon ${tag()}`,
    directors: [{ fullName: 'J. Kariuki', nationalId: ` ${nationalId} `, nationality: 'KE' }],
  });
  const r = await call('POST', '/agencies', { token: tokens.officer, body: renamed });
  t.equal(r.status, 201, 'the new application is recorded');
  const record = await call('GET', `/agencies/${r.body.id}`, { token: tokens.director });
  t.same(
    record.body.flags,
    [
      {
        kind: 'director-of-revoked-agency',
        revokedAgencyId: revoked.id,
        revokedAgencyName: revokedName,
        directorIndex: 0,
        director: `nid:${nationalId}`,
      },
    ],
    'flagged, naming the revoked agency and the matching director',
  );

  const byPassport = licenceApplicationBody({
    directors: [
      { fullName: 'Mary Atieno', nationalId: `8${String(Date.now()).slice(-7)}`, nationality: 'KE' },
      { fullName: 'Ali Hassan', passportNumber: passport.toLowerCase(), nationality: 'tz' },
    ],
  });
  const p = await call('POST', '/agencies', { token: tokens.officer, body: byPassport });
  t.equal(p.status, 201);
  const pRecord = await call('GET', `/agencies/${p.body.id}`, { token: tokens.officer });
  t.match(
    pRecord.body.flags,
    [
      {
        kind: 'director-of-revoked-agency',
        revokedAgencyId: revoked.id,
        revokedAgencyName: revokedName,
        directorIndex: 1,
        director: `pp:${passport}`,
      },
    ],
    'a passport matches in any case',
  );
  t.equal(pRecord.body.flags.length, 1);

  const cleanBody = licenceApplicationBody();
  const clean = await call('POST', '/agencies', { token: tokens.officer, body: cleanBody });
  t.same(
    (await call('GET', `/agencies/${clean.body.id}`, { token: tokens.officer })).body.flags,
    [],
    'unrelated directors are not flagged',
  );

  await ctx.caughtUp();
  const listed = await search(`q=${encodeURIComponent(String(renamed.name))}`);
  t.equal(listed.body.items[0]?.flagged, true, 'the search summary shows the flag');
  const cleanListed = await search(`q=${encodeURIComponent(String(cleanBody.name))}`);
  t.equal(cleanListed.body.items[0]?.flagged, false, 'and its absence');

  // Rejected and suspended agencies' directors are not flagged: only revocation is.
  const suspended = await ctx.licensed({
    directors: [
      { fullName: 'Peter Otieno', nationalId: `6${String(Date.now()).slice(-7)}`, nationality: 'KE' },
    ],
  });
  await ctx.decide(suspended.id, 'suspension', suspended.version, { reason: 'fees charged' });
  await ctx.caughtUp();
  const suspendedDirector = (suspended.body.directors as Array<{ nationalId: string }>)[0]!.nationalId;
  const s = await call('POST', '/agencies', {
    token: tokens.officer,
    body: licenceApplicationBody({
      directors: [{ fullName: 'Peter Otieno', nationalId: suspendedDirector, nationality: 'KE' }],
    }),
  });
  t.same(
    (await call('GET', `/agencies/${s.body.id}`, { token: tokens.officer })).body.flags,
    [],
    'a director of a suspended agency is not flagged',
  );
});

t.test('public register: only agencies ever licensed, only four fields, kept up to date', async (t) => {
  const prefix = `Register ${tag()}`;
  const applied = await ctx.apply({ name: `${prefix} Applied` });
  const vetting = await ctx.apply({ name: `${prefix} Vetting` });
  await call('POST', `/agencies/${vetting.id}/vetting-checks`, {
    token: tokens.officer,
    body: { check: 'tax-compliance', outcome: 'pass' },
  });
  const rejected = await ctx.apply({ name: `${prefix} Rejected` });
  await ctx.decide(rejected.id, 'rejection', rejected.version, { reason: 'office not found' });
  const alpha = await ctx.licensed({ name: `${prefix} Alpha` });
  const beta = await ctx.licensed({ name: `${prefix} Beta` });
  const gamma = await ctx.licensed({ name: `${prefix} Gamma` });
  await ctx.caughtUp();

  const register = (q: string, query = '') =>
    call('GET', `/public/agencies?q=${encodeURIComponent(q)}${query}`);
  const r = await register(prefix);
  t.equal(r.status, 200, 'no token needed');
  t.same(
    r.body,
    {
      items: [
        {
          name: `${prefix} Alpha`,
          licenceNumber: alpha.licenceNumber,
          status: 'licensed',
          validUntil: '2027-02-28',
        },
        {
          name: `${prefix} Beta`,
          licenceNumber: beta.licenceNumber,
          status: 'licensed',
          validUntil: '2027-02-28',
        },
        {
          name: `${prefix} Gamma`,
          licenceNumber: gamma.licenceNumber,
          status: 'licensed',
          validUntil: '2027-02-28',
        },
      ],
    },
    'only the licensed agencies, with exactly name, licenceNumber, status and validUntil',
  );
  for (const item of r.body.items)
    t.same(Object.keys(item).sort(), ['licenceNumber', 'name', 'status', 'validUntil'], 'nothing else');
  for (const secret of [
    alpha.body.kraPin,
    alpha.body.registrationNumber,
    alpha.body.email,
    alpha.body.phone,
    alpha.id,
    'Jane Wanjiku',
    'KCB',
  ]) {
    t.notOk(r.text.includes(String(secret)), `the register does not leak ${String(secret)}`);
  }
  for (const hidden of [applied, vetting, rejected]) {
    const h = await register(String(hidden.body.name));
    t.same(h.body.items, [], `${String(hidden.body.name)} is not listed`);
  }

  t.same(
    (await register(`${prefix} beta`)).body.items.map((i: { name: string }) => i.name),
    [`${prefix} Beta`],
    'q filters by name, case-insensitively',
  );
  t.same(
    (await register(alpha.licenceNumber)).body.items.map((i: { name: string }) => i.name),
    [`${prefix} Alpha`],
    'and finds a licence number',
  );
  t.equal((await register(prefix, '&limit=2')).body.items.length, 2, 'limit caps the list');
  t.same((await register(`${prefix} Nobody`)).body, { items: [] }, 'no match: empty');

  const s = await ctx.decide(alpha.id, 'suspension', alpha.version, {
    reason: 'fees charged',
    until: '2026-09-30',
  });
  const v = await ctx.decide(beta.id, 'revocation', beta.version, { reason: 'passports confiscated' });
  const renewed = await ctx.decide(gamma.id, 'renewal', gamma.version);
  await ctx.caughtUp();
  t.same(
    (await register(prefix)).body.items.map((i: Record<string, string>) => [i.name, i.status, i.validUntil]),
    [
      [`${prefix} Alpha`, 'suspended', '2027-02-28'],
      [`${prefix} Beta`, 'revoked', '2027-02-28'],
      [`${prefix} Gamma`, 'licensed', renewed.body.validUntil],
    ],
    'a suspension, a revocation and a renewal show on the register; a revoked agency stays listed',
  );
  t.equal(renewed.body.validUntil, '2028-02-29');

  await ctx.decide(alpha.id, 'reinstatement', s.body.version);
  await ctx.caughtUp();
  const back = await register(`${prefix} Alpha`);
  t.equal(back.body.items[0]?.status, 'licensed', 'a reinstatement shows too');
  t.equal(v.body.status, 'revoked');
});

t.test('an expired licence: shown as expired, renewable, revocable', async (t) => {
  const name = `Lapsing ${tag()} Agency`;
  const a = await ctx.licensed({ name });
  const b = await ctx.licensed({ name: `${name} Two` });
  await ctx.caughtUp();
  t.teardown(() => ctx.clock.set('2026-03-01T08:00:00Z'));
  ctx.clock.set('2027-03-02T06:00:00Z');
  t.ok((await ctx.system.modules.agencyRegistry.app.sweep()).expired >= 2, 'the sweep expires both');
  await ctx.caughtUp();

  const record = await call('GET', `/agencies/${a.id}`, { token: tokens.officer });
  t.equal(record.body.status, 'expired');
  const expired = await search(`status=expired&q=${encodeURIComponent(name)}`);
  t.same(
    expired.body.items.map((i: { id: string }) => i.id).sort(),
    [a.id, b.id].sort(),
    'status=expired finds them',
  );
  const pub = await call('GET', `/public/agencies?q=${encodeURIComponent(name)}`);
  t.same(
    pub.body.items.map((i: { status: string }) => i.status),
    ['expired', 'expired'],
    'the register says expired',
  );

  const suspend = await call('POST', `/agencies/${a.id}/suspension`, {
    token: tokens.director,
    body: { reason: 'fees charged', expectedVersion: record.body.version },
  });
  assertProblem(t, suspend, 409, 'invalid-transition', 'suspending an expired licence');
  const renewed = await ctx.decide(a.id, 'renewal', record.body.version);
  t.match(renewed.body, { status: 'licensed', validUntil: '2028-03-01' }, 'a late renewal runs from today');
  const bRecord = await call('GET', `/agencies/${b.id}`, { token: tokens.officer });
  const revoked = await ctx.decide(b.id, 'revocation', bRecord.body.version, {
    reason: 'operated without a licence',
  });
  t.equal(revoked.body.status, 'revoked', 'an expired licence can be revoked');
  await ctx.caughtUp();
  t.same(
    (await call('GET', `/public/agencies?q=${encodeURIComponent(name)}`)).body.items.map(
      (i: { status: string; validUntil: string }) => [i.status, i.validUntil],
    ),
    [
      ['licensed', '2028-03-01'],
      ['revoked', '2027-02-28'],
    ],
    'the register follows',
  );
});
