import t from 'tap';
import {
  assertProblem,
  CHECKS,
  licenceApplicationBody,
  startTestSystem,
  token,
  YEAR,
} from './testSystem.fixture.ts';

/**
 * The registry's rules over HTTP: licence numbering, duplicate identifiers, vetting before approval, four
 * eyes, the status machine, versions (expectedVersion, If-Match, ETag) and Idempotency-Key. One system for
 * the whole file; the numbering test runs first, before anything else in this namespace is approved.
 */
const ctx = await startTestSystem(t, 'httprul');
const { call, tokens } = ctx;

const get = (id: string) => call('GET', `/agencies/${id}`, { token: tokens.officer });

t.test(
  'licence numbers: NEA/PRA/<year>/00001 upwards, in order, unique; refused approvals burn none',
  async (t) => {
    const numberOf = (n: number) => `NEA/PRA/${YEAR}/${String(n).padStart(5, '0')}`;
    const sequenceOf = (licenceNumber: string) => Number(licenceNumber.split('/').at(-1));
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { id, licenceNumber } = await ctx.licensed();
      numbers.push(licenceNumber);
      const record = await get(id);
      t.equal(record.body.licence.number, licenceNumber, 'the record carries the number it was issued');
    }
    t.same(
      numbers,
      [1, 2, 3].map(numberOf),
      'the first three licences of the year are 00001, 00002, 00003 in order of approval',
    );

    // Each refused approval is followed by a good one, which must take the very next number.
    let last = sequenceOf(numbers.at(-1)!);
    const refusals: Array<[string, () => Promise<void>]> = [
      [
        'vetting incomplete',
        async () => {
          const unvetted = await ctx.apply();
          const r = await call('POST', `/agencies/${unvetted.id}/approval`, {
            token: tokens.director,
            body: { expectedVersion: unvetted.version },
          });
          assertProblem(t, r, 422, 'vetting-incomplete', 'approval of an unvetted application');
        },
      ],
      [
        'four eyes',
        async () => {
          const vetted = await ctx.apply();
          const v = await ctx.vet(vetted.id);
          const r = await call('POST', `/agencies/${vetted.id}/approval`, {
            token: await token(['nea-director', 'nea-officer'], { sub: 'officer-1' }),
            body: { expectedVersion: v },
          });
          assertProblem(t, r, 409, 'four-eyes-rule', 'approval by a vetter');
        },
      ],
      [
        'a stale expectedVersion',
        async () => {
          const vetted = await ctx.apply();
          const v = await ctx.vet(vetted.id);
          const r = await call('POST', `/agencies/${vetted.id}/approval`, {
            token: tokens.director,
            body: { expectedVersion: v - 1 },
          });
          assertProblem(t, r, 409, 'stale-version', 'approval on a stale version');
        },
      ],
      [
        'an approval of a licensed agency',
        async () => {
          const licensed = await ctx.licensed();
          last = sequenceOf(licensed.licenceNumber);
          const r = await call('POST', `/agencies/${licensed.id}/approval`, {
            token: tokens.director,
            body: { expectedVersion: licensed.version },
          });
          assertProblem(t, r, 409, 'invalid-transition', 'approving a licensed agency again');
        },
      ],
    ];
    for (const [what, refuse] of refusals) {
      await refuse();
      const next = await ctx.licensed();
      t.equal(next.licenceNumber, numberOf(last + 1), `a refused approval (${what}) burns no number`);
      last = sequenceOf(next.licenceNumber);
    }

    const ready = await Promise.all(
      [0, 1, 2].map(async () => {
        const a = await ctx.apply();
        return { id: a.id, version: await ctx.vet(a.id) };
      }),
    );
    const concurrent = await Promise.all(
      ready.map((a) =>
        call('POST', `/agencies/${a.id}/approval`, {
          token: tokens.director,
          body: { expectedVersion: a.version },
        }),
      ),
    );
    t.same(
      concurrent.map((r) => r.status),
      [200, 200, 200],
      'three concurrent approvals all succeed',
    );
    t.same(
      concurrent.map((r) => r.body.licenceNumber).sort(),
      [last + 1, last + 2, last + 3].map(numberOf),
      'and take the next three numbers, one each',
    );
    last += 3;

    // A licensing session's worth at once: every approval gets its own next number, none a 409. (At this
    // size the handler's conflict retries alone also pass; at 100 approvals/s they lost 2%: docs/performance.md.)
    const many = await Promise.all(
      Array.from({ length: 30 }, async () => {
        const a = await ctx.apply();
        return { id: a.id, version: await ctx.vet(a.id) };
      }),
    );
    const approved = await Promise.all(
      many.map((a) =>
        call('POST', `/agencies/${a.id}/approval`, {
          token: tokens.director,
          body: { expectedVersion: a.version },
        }),
      ),
    );
    t.same(
      [...new Set(approved.map((r) => r.status))],
      [200],
      'thirty concurrent approvals all succeed (none lost to write contention)',
    );
    t.same(
      approved.map((r) => sequenceOf(r.body.licenceNumber)).sort((a, b) => a - b),
      Array.from({ length: 30 }, (_, i) => last + 1 + i),
      'and take the next thirty numbers, one each',
    );
    last += 30;

    // Two directors approving the same agency at once: one wins, and no number is lost to the other.
    const contested = await ctx.apply();
    const cv = await ctx.vet(contested.id);
    const director2 = await token(['nea-director'], { sub: 'director-2', name: 'Wanjiru Kamau' });
    const both = await Promise.all(
      [tokens.director, director2].map((tok) =>
        call('POST', `/agencies/${contested.id}/approval`, { token: tok, body: { expectedVersion: cv } }),
      ),
    );
    t.same(
      both.map((r) => r.status).sort(),
      [200, 409],
      'two concurrent approvals of one agency: one 200, one 409',
    );
    const winner = both.find((r) => r.status === 200)!;
    t.equal(winner.body.licenceNumber, numberOf(last + 1), 'the winner has the next number');
    const after = await ctx.licensed();
    t.equal(after.licenceNumber, numberOf(last + 2), 'and the loser burnt none');
  },
);

t.test('duplicate registration number or KRA PIN among live applications is a 409', async (t) => {
  const first = await ctx.apply();
  const regNo = String(first.body.registrationNumber);
  const kraPin = String(first.body.kraPin);

  const sameReg = licenceApplicationBody({ registrationNumber: regNo });
  const r1 = await call('POST', '/agencies', { token: tokens.officer, body: sameReg });
  assertProblem(t, r1, 409, 'duplicate-registration-number', 'the same registration number');
  const variant = licenceApplicationBody({
    registrationNumber: ` ${regNo.toLowerCase().replace('-', ' ')} `,
  });
  const r2 = await call('POST', '/agencies', { token: tokens.officer, body: variant });
  assertProblem(
    t,
    r2,
    409,
    'duplicate-registration-number',
    'the same registration number in other case and spacing',
  );

  const sameKra = licenceApplicationBody({ kraPin });
  const r3 = await call('POST', '/agencies', { token: tokens.officer, body: sameKra });
  assertProblem(t, r3, 409, 'duplicate-kra-pin', 'the same KRA PIN');
  const lowerKra = licenceApplicationBody({ kraPin: kraPin.toLowerCase() });
  const r4 = await call('POST', '/agencies', { token: tokens.officer, body: lowerKra });
  assertProblem(t, r4, 409, 'duplicate-kra-pin', 'the same KRA PIN in lower case');

  // A refused application holds nothing: its own registration number is still free.
  const retry = await call('POST', '/agencies', {
    token: tokens.officer,
    body: { ...sameKra, kraPin: licenceApplicationBody().kraPin },
  });
  t.equal(retry.status, 201, 'the registration number of an application refused for its KRA PIN is free', {
    body: retry.text,
  });
  await ctx.caughtUp();
  const named = await call('GET', `/agencies?q=${encodeURIComponent(String(sameReg.name))}`, {
    token: tokens.officer,
  });
  t.same(named.body.items, [], 'a refused application was not recorded');

  const low = licenceApplicationBody({
    guarantee: { kind: 'insurance', issuer: 'Jubilee', reference: 'IG-1', amountKes: 1_000 },
  });
  const tooLow = await call('POST', '/agencies', { token: tokens.officer, body: low });
  assertProblem(t, tooLow, 422, 'guarantee-too-low', 'a guarantee below the minimum');
  const fixed = await call('POST', '/agencies', {
    token: tokens.officer,
    body: {
      ...low,
      guarantee: { kind: 'insurance', issuer: 'Jubilee', reference: 'IG-1', amountKes: 2_000_000 },
    },
  });
  t.equal(fixed.status, 201, 'an application refused by a rule does not keep its identifiers claimed', {
    body: fixed.text,
  });

  const licensed = await ctx.licensed();
  const againstLicensed = await call('POST', '/agencies', {
    token: tokens.officer,
    body: licenceApplicationBody({ registrationNumber: licensed.body.registrationNumber }),
  });
  assertProblem(
    t,
    againstLicensed,
    409,
    'duplicate-registration-number',
    'the registration number of a licensed agency',
  );

  const rejected = await call('POST', `/agencies/${first.id}/rejection`, {
    token: tokens.director,
    body: { reason: 'office not found', expectedVersion: first.version },
  });
  t.equal(rejected.status, 200, 'the first application is rejected');
  const reapplied = await call('POST', '/agencies', {
    token: tokens.officer,
    body: licenceApplicationBody({ registrationNumber: regNo, kraPin }),
  });
  t.equal(reapplied.status, 201, 'after rejection the registration number and KRA PIN are free again', {
    body: reapplied.text,
  });
  t.not(reapplied.body.id, first.id, 'as a new agency');
  const third = await call('POST', '/agencies', {
    token: tokens.officer,
    body: licenceApplicationBody({ registrationNumber: regNo }),
  });
  assertProblem(t, third, 409, 'duplicate-registration-number', 'and taken again by the new application');

  const shared = licenceApplicationBody();
  const racing = await Promise.all(
    [0, 1, 2, 3, 4].map(() =>
      call('POST', '/agencies', {
        token: tokens.officer,
        body: licenceApplicationBody({ registrationNumber: shared.registrationNumber }),
      }),
    ),
  );
  t.same(
    racing.map((r) => r.status).sort(),
    [201, 409, 409, 409, 409],
    'five concurrent applications with one registration number: one wins',
  );
});

t.test('approval needs every required check passed, by someone who did not vet', async (t) => {
  const a = await ctx.apply();
  const none = await call('POST', `/agencies/${a.id}/approval`, {
    token: tokens.director,
    body: { expectedVersion: a.version },
  });
  assertProblem(t, none, 422, 'vetting-incomplete', 'no checks');
  t.same([...none.body.missing].sort(), [...CHECKS].sort(), 'every missing check is listed');

  let version = a.version;
  for (const check of CHECKS.slice(0, -1)) {
    const r = await call('POST', `/agencies/${a.id}/vetting-checks`, {
      token: tokens.officer,
      body: { check, outcome: 'pass', note: 'certificate seen' },
    });
    t.equal(r.status, 200, `check ${check}`);
    t.equal(r.body.status, 'under-vetting');
    t.equal(r.body.version, version + 1, 'each check is one new version');
    version = r.body.version;
  }
  const one = await call('POST', `/agencies/${a.id}/approval`, {
    token: tokens.director,
    body: { expectedVersion: version },
  });
  assertProblem(t, one, 422, 'vetting-incomplete', 'one check missing');
  t.same(one.body.missing, [CHECKS.at(-1)], 'names the missing check');

  const failed = await call('POST', `/agencies/${a.id}/vetting-checks`, {
    token: tokens.officer2,
    body: { check: CHECKS.at(-1), outcome: 'fail', note: 'not signed' },
  });
  t.equal(failed.status, 200, 'a failed check is recorded');
  const withFail = await call('POST', `/agencies/${a.id}/approval`, {
    token: tokens.director,
    body: { expectedVersion: failed.body.version },
  });
  assertProblem(t, withFail, 422, 'vetting-incomplete', 'a failed check');
  t.same(withFail.body.failed, [CHECKS.at(-1)], 'names the failed check');

  const passed = await call('POST', `/agencies/${a.id}/vetting-checks`, {
    token: tokens.officer,
    body: { check: CHECKS.at(-1), outcome: 'pass' },
  });
  version = passed.body.version;

  for (const sub of ['officer-1', 'officer-2']) {
    const vetter = await token(['nea-director', 'nea-officer'], { sub, name: 'Both hats' });
    const r = await call('POST', `/agencies/${a.id}/approval`, {
      token: vetter,
      body: { expectedVersion: version },
    });
    assertProblem(t, r, 409, 'four-eyes-rule', `approval by ${sub}, who vetted`);
  }
  const approved = await call('POST', `/agencies/${a.id}/approval`, {
    token: tokens.director,
    body: { expectedVersion: version },
  });
  t.equal(
    approved.status,
    200,
    'a director who did not vet approves once the latest outcome of each check is a pass',
  );
  t.match(approved.body, {
    id: a.id,
    status: 'licensed',
    version: version + 1,
    licenceNumber: /^NEA\/PRA\/\d{4}\/\d{5}$/,
    validFrom: '2026-03-01',
    validUntil: '2027-02-28',
  });

  const record = await get(a.id);
  t.equal(record.body.vettingChecks.length, CHECKS.length + 1, 'every check recorded, the failed one too');
  t.match(record.body.vettingChecks[0], {
    check: CHECKS[0],
    outcome: 'pass',
    note: 'certificate seen',
    officer: { sub: 'officer-1', name: 'Achieng Otieno' },
    at: String,
  });
  t.match(record.body.licence, {
    number: approved.body.licenceNumber,
    validFrom: '2026-03-01',
    validUntil: '2027-02-28',
  });
  t.match(record.body.licenceHistory, [
    { event: 'issued', by: { sub: 'director-1' }, validUntil: '2027-02-28' },
  ]);
});

t.test('invalid transitions are 409 with a type naming the rule', async (t) => {
  const applied = await ctx.apply();
  const licensed = await ctx.licensed();
  const refuse = async (
    id: string,
    route: string,
    body: Record<string, unknown>,
    slug: string,
    what: string,
  ) => {
    const r = await call('POST', `/agencies/${id}/${route}`, {
      token: route === 'vetting-checks' ? tokens.officer : tokens.director,
      body,
    });
    assertProblem(t, r, 409, slug, what);
  };
  await refuse(
    licensed.id,
    'reinstatement',
    { expectedVersion: licensed.version },
    'invalid-transition',
    'reinstating a licensed agency',
  );
  await refuse(
    licensed.id,
    'rejection',
    { reason: 'too late', expectedVersion: licensed.version },
    'invalid-transition',
    'rejecting a licensed agency',
  );
  await refuse(
    licensed.id,
    'vetting-checks',
    { check: 'office-inspection', outcome: 'fail' },
    'vetting-closed',
    'vetting after licensing',
  );
  await refuse(
    applied.id,
    'renewal',
    { expectedVersion: applied.version },
    'invalid-transition',
    'renewing an applied agency',
  );
  await refuse(
    applied.id,
    'suspension',
    { reason: 'fees charged', expectedVersion: applied.version },
    'invalid-transition',
    'suspending an applied agency',
  );
  await refuse(
    applied.id,
    'reinstatement',
    { expectedVersion: applied.version },
    'invalid-transition',
    'reinstating an applied agency',
  );
  await refuse(
    applied.id,
    'revocation',
    { reason: 'fees charged', expectedVersion: applied.version },
    'invalid-transition',
    'revoking an applied agency',
  );

  const rejected = await ctx.apply();
  const rj = await ctx.decide(rejected.id, 'rejection', rejected.version, { reason: 'office not found' });
  await refuse(
    rejected.id,
    'approval',
    { expectedVersion: rj.body.version },
    'invalid-transition',
    'approving a rejected application',
  );
  await refuse(
    rejected.id,
    'rejection',
    { reason: 'again', expectedVersion: rj.body.version },
    'invalid-transition',
    'rejecting twice',
  );
  await refuse(
    rejected.id,
    'vetting-checks',
    { check: 'office-inspection', outcome: 'pass' },
    'vetting-closed',
    'vetting a rejected application',
  );

  const s = await ctx.decide(licensed.id, 'suspension', licensed.version, {
    reason: 'fees charged',
    until: '2026-06-30',
  });
  t.match(s.body, { status: 'suspended', version: licensed.version + 1 });
  await refuse(
    licensed.id,
    'suspension',
    { reason: 'again', expectedVersion: s.body.version },
    'invalid-transition',
    'suspending twice',
  );
  await refuse(
    licensed.id,
    'renewal',
    { expectedVersion: s.body.version },
    'invalid-transition',
    'renewing a suspended licence',
  );
  const suspendedRecord = await get(licensed.id);
  t.match(
    suspendedRecord.body.suspension,
    { reason: 'fees charged', until: '2026-06-30' },
    'the record shows the suspension',
  );

  const back = await ctx.decide(licensed.id, 'reinstatement', s.body.version);
  t.match(back.body, { status: 'licensed', version: s.body.version + 1 });
  const renewed = await ctx.decide(licensed.id, 'renewal', back.body.version);
  t.match(
    renewed.body,
    { status: 'licensed', licenceNumber: licensed.licenceNumber, validUntil: '2028-02-29' },
    'an early renewal extends from the current end',
  );

  const revoked = await ctx.decide(licensed.id, 'revocation', renewed.body.version, {
    reason: 'passports confiscated',
  });
  t.equal(revoked.body.status, 'revoked');
  const v = revoked.body.version;
  const final: Array<[string, Record<string, unknown>]> = [
    ['reinstatement', { expectedVersion: v }],
    ['renewal', { expectedVersion: v }],
    ['suspension', { reason: 'again', expectedVersion: v }],
    ['revocation', { reason: 'again', expectedVersion: v }],
    ['approval', { expectedVersion: v }],
    ['rejection', { reason: 'again', expectedVersion: v }],
    ['vetting-checks', { check: 'office-inspection', outcome: 'pass' }],
  ];
  for (const [route, body] of final)
    await refuse(licensed.id, route, body, 'agency-revoked', `${route} of a revoked agency`);

  const record = await get(licensed.id);
  t.equal(record.body.status, 'revoked', 'revoked stays revoked');
  t.equal(record.body.version, v, 'nothing was appended after revocation');
  t.same(
    record.body.licenceHistory.map((h: { event: string }) => h.event),
    ['issued', 'suspended', 'reinstated', 'renewed', 'revoked'],
    'the licence history, in order',
  );
});

t.test('versions: 428 without one, 409 when stale, ETag on every response', async (t) => {
  const licensed = await ctx.licensed();
  const applied = await ctx.apply();
  const decisions: Array<[string, string, Record<string, unknown>]> = [
    ['approval', applied.id, {}],
    ['rejection', applied.id, { reason: 'incomplete papers' }],
    ['suspension', licensed.id, { reason: 'fees charged' }],
    ['reinstatement', licensed.id, {}],
    ['revocation', licensed.id, { reason: 'passports confiscated' }],
    ['renewal', licensed.id, {}],
  ];
  for (const [route, id, body] of decisions) {
    const r = await call('POST', `/agencies/${id}/${route}`, { token: tokens.director, body });
    assertProblem(t, r, 428, 'version-required', `${route} without expectedVersion or If-Match`);
  }
  t.equal((await get(licensed.id)).body.version, licensed.version, 'the licensed agency is unchanged');
  t.equal((await get(applied.id)).body.version, applied.version, 'the applied agency is unchanged');

  const created = await call('POST', '/agencies', { token: tokens.officer, body: licenceApplicationBody() });
  t.equal(created.headers.etag, '"1"', 'POST /agencies: ETag of the first version');
  t.equal(created.headers.location, `/agencies/${created.body.id}`, 'and Location');
  const record = await get(licensed.id);
  t.equal(record.headers.etag, `"${record.body.version}"`, 'GET /agencies/:id: ETag is the version');
  t.equal(record.body.version, licensed.version);

  for (const stale of [licensed.version - 1, licensed.version + 1, 0]) {
    const r = await call('POST', `/agencies/${licensed.id}/suspension`, {
      token: tokens.director,
      body: { reason: 'fees charged', expectedVersion: stale },
    });
    assertProblem(
      t,
      r,
      409,
      'stale-version',
      `suspension on expectedVersion ${stale} (current ${licensed.version})`,
    );
    t.equal(r.body.currentVersion, licensed.version, 'says the current version');
  }
  const staleIfMatch = await call('POST', `/agencies/${licensed.id}/suspension`, {
    token: tokens.director,
    body: { reason: 'fees charged' },
    headers: { 'if-match': `"${licensed.version - 1}"` },
  });
  t.ok(
    [409, 412].includes(staleIfMatch.status),
    `a stale If-Match is 409 or 412 (got ${staleIfMatch.status})`,
  );
  assertProblem(t, staleIfMatch, staleIfMatch.status === 412 ? 412 : 409, undefined, 'a stale If-Match');
  t.equal(staleIfMatch.body.currentVersion, licensed.version, 'says the current version');

  const suspended = await call('POST', `/agencies/${licensed.id}/suspension`, {
    token: tokens.director,
    body: { reason: 'fees charged' },
    headers: { 'if-match': record.headers.etag as string },
  });
  t.equal(suspended.status, 200, 'the ETag of a GET works as If-Match');
  t.equal(suspended.body.version, licensed.version + 1, 'the response carries the new version');
  t.equal(suspended.headers.etag, `"${suspended.body.version}"`, 'and the ETag');
  const weak = await call('POST', `/agencies/${licensed.id}/reinstatement`, {
    token: tokens.director,
    body: {},
    headers: { 'if-match': `W/"${suspended.body.version}"` },
  });
  t.equal(weak.status, 200, 'a weak If-Match is accepted');
  t.equal(weak.headers.etag, `"${weak.body.version}"`);
  const same = await call('POST', `/agencies/${licensed.id}/revocation`, {
    token: tokens.director,
    body: { reason: 'passports confiscated', expectedVersion: weak.body.version },
    headers: { 'if-match': `"${weak.body.version}"` },
  });
  t.equal(same.status, 200, 'expectedVersion and If-Match may both be given when they agree');

  const rival = await ctx.licensed();
  const contested = await Promise.all([
    call('POST', `/agencies/${rival.id}/suspension`, {
      token: tokens.director,
      body: { reason: 'fees charged', expectedVersion: rival.version },
    }),
    call('POST', `/agencies/${rival.id}/revocation`, {
      token: await token(['nea-director'], { sub: 'director-2' }),
      body: { reason: 'passports confiscated', expectedVersion: rival.version },
    }),
  ]);
  t.same(
    contested.map((r) => r.status).sort(),
    [200, 409],
    'two conflicting decisions on one version: one wins, one is refused',
  );
  const loser = contested.find((r) => r.status === 409)!;
  t.equal(loser.body.currentVersion, rival.version + 1, 'the loser learns the current version');
  t.equal((await get(rival.id)).body.version, rival.version + 1, 'exactly one decision was recorded');

  // Vetting checks: expectedVersion optional; a stale one is refused.
  let v = applied.version;
  const free = await call('POST', `/agencies/${applied.id}/vetting-checks`, {
    token: tokens.officer,
    body: { check: 'tax-compliance', outcome: 'pass' },
  });
  t.equal(free.status, 200, 'a vetting check without a version');
  t.equal(free.body.version, v + 1);
  t.equal(free.headers.etag, `"${v + 1}"`, 'with the new ETag');
  v = free.body.version;
  const based = await call('POST', `/agencies/${applied.id}/vetting-checks`, {
    token: tokens.officer,
    body: { check: 'office-inspection', outcome: 'pass', expectedVersion: v },
  });
  t.equal(based.status, 200, 'a vetting check on the current version');
  t.equal(based.body.version, v + 1);
  const staleCheck = await call('POST', `/agencies/${applied.id}/vetting-checks`, {
    token: tokens.officer,
    body: { check: 'code-of-conduct', outcome: 'pass', expectedVersion: v },
  });
  assertProblem(t, staleCheck, 409, 'stale-version', 'a vetting check on a stale version');
  t.equal(staleCheck.body.currentVersion, v + 1, 'says the current version');
  const staleCheckIfMatch = await call('POST', `/agencies/${applied.id}/vetting-checks`, {
    token: tokens.officer,
    body: { check: 'code-of-conduct', outcome: 'pass' },
    headers: { 'if-match': `"${v}"` },
  });
  t.ok(
    [409, 412].includes(staleCheckIfMatch.status),
    `a vetting check on a stale If-Match is 409 or 412 (got ${staleCheckIfMatch.status})`,
  );
  const checks = (await get(applied.id)).body.vettingChecks.map((c: { check: string }) => c.check);
  t.same(checks, ['tax-compliance', 'office-inspection'], 'the stale checks were not recorded');

  const concurrent = await Promise.all(
    ['security-guarantee', 'association-membership', 'code-of-conduct', 'business-registration'].map(
      (check) =>
        call('POST', `/agencies/${applied.id}/vetting-checks`, {
          token: tokens.officer,
          body: { check, outcome: 'pass' },
        }),
    ),
  );
  t.same(
    concurrent.map((r) => r.status),
    [200, 200, 200, 200],
    'concurrent version-less vetting checks all land',
  );
  t.equal((await get(applied.id)).body.vettingChecks.length, 6, 'none lost');

  // Far more writers on one record than its retries absorb: each either lands or is told to send again.
  const crowd = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      call('POST', `/agencies/${applied.id}/vetting-checks`, {
        token: tokens.officer,
        body: { check: 'office-inspection', outcome: 'pass', note: `crowd ${i}` },
      }),
    ),
  );
  const landed = crowd.filter((r) => r.status === 200).length;
  t.ok(landed > 0, `${landed} of 40 landed`);
  for (const refused of crowd.filter((r) => r.status !== 200)) {
    assertProblem(
      t,
      refused,
      409,
      'write-contention',
      'the others: a conflict to retry, not a stale version',
    );
  }
  t.equal(
    (await get(applied.id)).body.vettingChecks.length,
    6 + landed,
    'every 200 was recorded, nothing else',
  );
});

t.test('Idempotency-Key on POST /agencies', async (t) => {
  const body = licenceApplicationBody();
  const key = `idem-${body.registrationNumber}`;
  const first = await call('POST', '/agencies', {
    token: tokens.officer,
    body,
    headers: { 'idempotency-key': key },
  });
  t.equal(first.status, 201, 'first request recorded');
  t.notOk(first.headers['idempotent-replayed'], 'the first response is not a replay');
  const second = await call('POST', '/agencies', {
    token: tokens.officer,
    body,
    headers: { 'idempotency-key': key },
  });
  t.equal(second.status, 201, 'the repeat gets the first status');
  t.same(second.body, first.body, 'and the first body (same id)');
  t.equal(second.headers['idempotent-replayed'], 'true', 'marked idempotent-replayed: true');
  t.equal(second.headers.etag, first.headers.etag, 'with the first ETag');
  t.equal(second.headers.location, first.headers.location, 'and Location');
  const reordered = Object.fromEntries(Object.entries(body).reverse());
  const third = await call('POST', '/agencies', {
    token: tokens.officer,
    body: reordered,
    headers: { 'idempotency-key': key },
  });
  t.equal(third.body.id, first.body.id, 'the same body with fields in another order is the same request');

  const different = await call('POST', '/agencies', {
    token: tokens.officer,
    body: { ...body, county: 'Mombasa' },
    headers: { 'idempotency-key': key },
  });
  assertProblem(t, different, 422, 'idempotency-key-reused', 'the same key with a different body');

  await ctx.caughtUp();
  const found = await call('GET', `/agencies?q=${encodeURIComponent(String(body.name))}`, {
    token: tokens.officer,
  });
  t.same(
    found.body.items.map((i: { id: string }) => i.id),
    [first.body.id],
    'one agency recorded',
  );

  const racing = licenceApplicationBody();
  const burst = await Promise.all(
    Array.from({ length: 10 }, () =>
      call('POST', '/agencies', {
        token: tokens.officer,
        body: racing,
        headers: { 'idempotency-key': `burst-${racing.registrationNumber}` },
      }),
    ),
  );
  t.same(
    burst.map((r) => r.status),
    Array(10).fill(201),
    'ten concurrent requests with one key all get 201',
    { bodies: burst.map((r) => r.text) },
  );
  t.equal(new Set(burst.map((r) => r.body?.id)).size, 1, 'with one id');
  t.equal(burst.filter((r) => r.headers['idempotent-replayed'] === 'true').length, 9, 'nine of them replays');
  await ctx.caughtUp();
  const one = await call('GET', `/agencies?q=${encodeURIComponent(String(racing.name))}`, {
    token: tokens.officer,
  });
  t.equal(one.body.items.length, 1, 'exactly one agency exists');
  t.equal(one.body.items[0]?.id, burst[0]?.body.id);
});

t.test('version-only decisions with If-Match need no body', async (t) => {
  // docs/design/api.md: updates carry the version "in the body or If-Match"; approval, renewal and reinstatement
  // have nothing else to send, so If-Match alone (no body, no content-type) must be enough.
  const a = await ctx.licensed();
  const s = await ctx.decide(a.id, 'suspension', a.version, { reason: 'fees charged' });
  const r = await call('POST', `/agencies/${a.id}/reinstatement`, {
    token: tokens.director,
    headers: { 'if-match': `"${s.body.version}"` },
  });
  t.equal(r.status, 200, 'reinstatement with If-Match and no body', { body: r.text });
  const none = await call('POST', `/agencies/${a.id}/renewal`, { token: tokens.director });
  t.not(none.status, 200, 'without If-Match or body it is refused');
  t.ok(none.status === 428 || none.status === 400, `as a 428 or 400 (got ${none.status})`);
});
