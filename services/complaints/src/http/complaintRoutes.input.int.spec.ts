import { randomUUID } from 'node:crypto';
import type { Test } from 'tap';
import t from 'tap';
import {
  assertProblem,
  type CallOptions,
  complaintBody,
  errorPaths,
  type Response,
  startComplaintsTestSystem,
} from './complaintsTestSystem.fixture.ts';

/**
 * Malformed input on every complaint route: each is a 4xx problem (never a 5xx) that names the offending
 * field, and nothing refused is stored. One system for the whole file; each test lodges its own complaints.
 */
const s = await startComplaintsTestSystem(t, 'cmpinp');
const { call, tokens } = s;

type Body = Record<string, unknown>;

/** A valid lodging with one top-level field removed. */
const without = (field: string, base: Body = complaintBody()): Body => {
  const copy = { ...base };
  delete copy[field];
  return copy;
};

/** A valid lodging whose complainant has `changes` (undefined removes the field). */
const withComplainant = (changes: Record<string, unknown>, base: Body = complaintBody()): Body => {
  const complainant: Record<string, unknown> = { ...(base.complainant as Body) };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete complainant[key];
    else complainant[key] = value;
  }
  return { ...base, complainant };
};

/** Asserts a 400 validation problem that names `path` among its errors. */
function assertInvalid(t: Test, r: Response, path: string, what: string, message?: RegExp): void {
  assertProblem(t, r, 400, 'validation-failed', what);
  t.ok(errorPaths(r).includes(path), `${what}: errors name ${path}`, { errors: r.body?.errors });
  if (message) {
    t.match(
      r.body?.errors?.find((e: { path: string }) => e.path === path)?.message,
      message,
      `${what}: says why`,
    );
  }
}

const allQueued = () => s.allQueued();

async function versionOf(id: string): Promise<{ status: string; version: number }> {
  const r = await call('GET', `/complaints/${id}`, { token: tokens.officer });
  s.expectStatus(r, 200, `GET /complaints/${id}`);
  return { status: r.body.status, version: r.body.version };
}

/** A complaint brought to `triaged`, ready to be resolved. */
async function triaged(): Promise<{ id: string; version: number }> {
  const lodged = await s.lodge();
  const version = await s.act(lodged.id, 'triage', lodged.version, { reason: 'confirmed on the call back' });
  return { id: lodged.id, version };
}

t.test(
  'POST /complaints: missing, mistyped and unknown fields are 400 problems naming the field',
  async (t) => {
    const queued = await allQueued();
    const base = complaintBody();
    const cases: Array<[string, unknown, string, RegExp?]> = [
      // Missing required fields.
      ['missing complainant', without('complainant', base), 'complainant'],
      [
        'missing complainant.fullName',
        withComplainant({ fullName: undefined }, base),
        'complainant.fullName',
      ],
      ['missing complainant.phone', withComplainant({ phone: undefined }, base), 'complainant.phone'],
      ['missing complainant.sex', withComplainant({ sex: undefined }, base), 'complainant.sex'],
      [
        'neither dateOfBirth nor ageBand',
        withComplainant({ dateOfBirth: undefined, ageBand: undefined }, base),
        'complainant.ageBand',
      ],
      ['missing location', without('location', base), 'location'],
      ['missing location.country', { ...base, location: { city: 'Riyadh' } }, 'location.country'],
      ['missing categories', without('categories', base), 'categories'],
      ['missing narrative', without('narrative', base), 'narrative'],
      ['missing language', without('language', base), 'language'],
      ['missing employer.country', { ...base, employer: { name: 'Mr Al-Harbi' } }, 'employer.country'],
      // Wrong types.
      ['complainant is a string', { ...base, complainant: 'Mary Atieno' }, 'complainant'],
      ['complainant is an array', { ...base, complainant: [base.complainant] }, 'complainant'],
      ['fullName is a number', withComplainant({ fullName: 42 }, base), 'complainant.fullName'],
      ['phone is a number', withComplainant({ phone: 254712345678 }, base), 'complainant.phone'],
      ['sex is not one of the list', withComplainant({ sex: 'F' }, base), 'complainant.sex'],
      ['sex is a boolean', withComplainant({ sex: true }, base), 'complainant.sex'],
      [
        'dateOfBirth is not a date',
        withComplainant({ dateOfBirth: '12/04/1996' }, base),
        'complainant.dateOfBirth',
      ],
      [
        'dateOfBirth is a number',
        withComplainant({ dateOfBirth: 19960412 }, base),
        'complainant.dateOfBirth',
      ],
      [
        'ageBand is not one of the list',
        withComplainant({ dateOfBirth: undefined, ageBand: '30-40' }, base),
        'complainant.ageBand',
      ],
      ['nationalId has letters', withComplainant({ nationalId: 'ID-12' }, base), 'complainant.nationalId'],
      [
        'passportNumber has symbols',
        withComplainant({ passportNumber: 'AK-12/34' }, base),
        'complainant.passportNumber',
      ],
      ['location is a string', { ...base, location: 'SA' }, 'location'],
      ['location.city is a number', { ...base, location: { country: 'SA', city: 7 } }, 'location.city'],
      ['categories is a string', { ...base, categories: 'withheld-wages' }, 'categories'],
      ['categories holds a number', { ...base, categories: [1] }, 'categories.0'],
      ['narrative is a number', { ...base, narrative: 123 }, 'narrative'],
      ['narrative is an object', { ...base, narrative: { text: 'unpaid' } }, 'narrative'],
      ['language is an array', { ...base, language: ['en'] }, 'language'],
      ['agencyId is a number', { ...base, agencyId: 42 }, 'agencyId'],
      ['employer is a string', { ...base, employer: 'Mr Al-Harbi' }, 'employer'],
      // Unknown fields, top level and nested.
      ['an unknown field', { ...base, priority: 'urgent' }, 'priority', /unknown/],
      ['an unknown status field', { ...base, status: 'resolved' }, 'status', /unknown/],
      [
        'an unknown complainant field',
        withComplainant({ email: 'mary@example.com' }, base),
        'complainant.email',
        /unknown/,
      ],
      [
        'an unknown location field',
        { ...base, location: { country: 'SA', region: 'Najd' } },
        'location.region',
        /unknown/,
      ],
      [
        'an unknown employer field',
        { ...base, employer: { name: 'Mr Al-Harbi', country: 'SA', phone: '+966500000000' } },
        'employer.phone',
        /unknown/,
      ],
      // Formats.
      ['a local phone number', withComplainant({ phone: '0712345678' }, base), 'complainant.phone'],
      ['a phone without +', withComplainant({ phone: '254712345678' }, base), 'complainant.phone'],
      ['a phone with spaces', withComplainant({ phone: '+254 712 345 678' }, base), 'complainant.phone'],
      ['a phone with letters', withComplainant({ phone: '+2547ABCDEFG' }, base), 'complainant.phone'],
      ['a phone starting +0', withComplainant({ phone: '+0712345678' }, base), 'complainant.phone'],
      [
        'a phone too long for E.164',
        withComplainant({ phone: '+2547123456789012' }, base),
        'complainant.phone',
      ],
      ['a country of three letters', { ...base, location: { country: 'KEN' } }, 'location.country'],
      ['a country of digits', { ...base, location: { country: '12' } }, 'location.country'],
      ['a country of one letter', { ...base, location: { country: 'K' } }, 'location.country'],
      ['a country spelt out', { ...base, location: { country: 'Saudi Arabia' } }, 'location.country'],
      ['an empty country', { ...base, location: { country: '' } }, 'location.country'],
      ['a country code ISO never assigned', { ...base, location: { country: 'XX' } }, 'location.country'],
      ['the United Kingdom as UK (ISO: GB)', { ...base, location: { country: 'UK' } }, 'location.country'],
      [
        'an employer country of three letters',
        { ...base, employer: { name: 'Mr Al-Harbi', country: 'SAU' } },
        'employer.country',
      ],
      // Categories.
      ['an unknown category', { ...base, categories: ['wage-theft'] }, 'categories.0'],
      [
        'an unknown category after a known one',
        { ...base, categories: ['withheld-wages', 'horoscope'] },
        'categories.1',
      ],
      ['empty categories', { ...base, categories: [] }, 'categories'],
      ['a duplicate category', { ...base, categories: ['withheld-wages', 'withheld-wages'] }, 'categories'],
      // Text.
      ['a narrative over 10,000 characters', { ...base, narrative: 'n'.repeat(10_001) }, 'narrative'],
      ['a blank narrative', { ...base, narrative: '   ' }, 'narrative'],
      ['a narrative with a NUL', { ...base, narrative: 'unpaid\u0000wages' }, 'narrative'],
      ['a name with a NUL', withComplainant({ fullName: 'Mary\u0000Atieno' }, base), 'complainant.fullName'],
      ['a name with a bell', withComplainant({ fullName: 'Mary\u0007Atieno' }, base), 'complainant.fullName'],
      [
        'a name with an escape',
        withComplainant({ fullName: 'Mary\u001b[31mAtieno' }, base),
        'complainant.fullName',
      ],
      [
        'a name with a line break',
        withComplainant({ fullName: 'Mary\nAtieno' }, base),
        'complainant.fullName',
      ],
      ['a name with DEL', withComplainant({ fullName: 'Mary\u007fAtieno' }, base), 'complainant.fullName'],
      ['a name of one letter', withComplainant({ fullName: 'M' }, base), 'complainant.fullName'],
      ['a blank name', withComplainant({ fullName: '    ' }, base), 'complainant.fullName'],
      [
        'a name over 200 characters',
        withComplainant({ fullName: 'M'.repeat(201) }, base),
        'complainant.fullName',
      ],
      ['language fr', { ...base, language: 'fr' }, 'language'],
      ['language in capitals', { ...base, language: 'EN' }, 'language'],
      ['agencyName with a control character', { ...base, agencyName: 'Al-Safa\u0000' }, 'agencyName'],
    ];
    for (const [what, body, path, message] of cases) {
      const r = await call('POST', '/complaints', { token: tokens.hotline, body });
      assertInvalid(t, r, path, what, message);
    }

    const several = await call('POST', '/complaints', {
      token: tokens.hotline,
      body: { ...withComplainant({ phone: '07' }, without('narrative', base)), extra: true },
    });
    t.same(
      errorPaths(several).sort(),
      ['complainant.phone', 'extra', 'narrative'],
      'every problem is named at once',
      { errors: several.body?.errors },
    );

    // A date of birth after today would count a typo as a child worker in the national indicators.
    const future = await call('POST', '/complaints', {
      token: tokens.hotline,
      body: withComplainant({ dateOfBirth: '2030-01-01' }),
    });
    t.ok(
      [400, 422].includes(future.status),
      `a date of birth in the future is refused (got ${future.status})`,
      {
        body: future.text.slice(0, 300),
      },
    );
    t.match(
      String(future.headers['content-type']),
      /^application\/problem\+json/,
      'a date of birth in the future: problem+json',
    );
    t.ok(errorPaths(future).includes('complainant.dateOfBirth'), 'and names complainant.dateOfBirth');
    const ancient = await call('POST', '/complaints', {
      token: tokens.hotline,
      body: withComplainant({ dateOfBirth: '1900-01-01' }),
    });
    assertProblem(t, ancient, 422, 'implausible-date-of-birth', 'a date of birth more than 100 years ago');

    // The limits themselves are accepted.
    const longest = await call('POST', '/complaints', {
      token: tokens.hotline,
      body: complaintBody({ narrative: 'n'.repeat(10_000) }),
    });
    t.equal(longest.status, 201, 'a narrative of exactly 10,000 characters is lodged', {
      body: longest.text.slice(0, 300),
    });
    const multiline = await call('POST', '/complaints', {
      token: tokens.hotline,
      body: complaintBody({ narrative: 'First line.\nSecond line.\r\n\tIndented.' }),
    });
    t.equal(multiline.status, 201, 'line breaks and tabs are allowed in a narrative', {
      body: multiline.text.slice(0, 300),
    });
    const byBand = await call('POST', '/complaints', {
      token: tokens.hotline,
      body: withComplainant({ dateOfBirth: undefined, ageBand: '25-34' }),
    });
    t.equal(byBand.status, 201, 'an age band instead of a date of birth is enough', {
      body: byBand.text.slice(0, 300),
    });

    // Only the refused ones must leave no trace (the future date of birth, if accepted, is not refused).
    const lodgedHere = [
      longest.body.id,
      multiline.body.id,
      byBand.body.id,
      ...(future.status === 201 ? [future.body.id] : []),
    ];
    t.same(
      (await allQueued()).filter((id) => !lodgedHere.includes(id)),
      queued,
      'no refused lodging was stored: the queue holds only the accepted ones',
    );
  },
);

t.test('POST /complaints: bodies that are not the JSON object the route expects', async (t) => {
  const queued = await allQueued();
  const hotline = { token: tokens.hotline };
  const json = { 'content-type': 'application/json' };

  const huge = await call('POST', '/complaints', {
    ...hotline,
    body: complaintBody({ narrative: 'n'.repeat(70_000) }),
  });
  assertProblem(t, huge, 413, 'payload-too-large', 'a body over BODY_LIMIT_BYTES');
  const hugeJunk = await call('POST', '/complaints', {
    ...hotline,
    payload: `{"x":"${'x'.repeat(200_000)}"}`,
    headers: json,
  });
  assertProblem(t, hugeJunk, 413, 'payload-too-large', 'a 200 kB body');
  const badJson = await call('POST', '/complaints', {
    ...hotline,
    payload: '{"complainant": {"fullName": "Mary", ',
    headers: json,
  });
  assertProblem(t, badJson, 400, 'malformed-json', 'bad JSON');
  const trailing = await call('POST', '/complaints', {
    ...hotline,
    payload: `${JSON.stringify(complaintBody())}}`,
    headers: json,
  });
  assertProblem(t, trailing, 400, 'malformed-json', 'JSON with a trailing brace');
  const textPlain = await call('POST', '/complaints', {
    ...hotline,
    payload: JSON.stringify(complaintBody()),
    headers: { 'content-type': 'text/plain' },
  });
  assertProblem(t, textPlain, 415, undefined, 'text/plain');
  const form = await call('POST', '/complaints', {
    ...hotline,
    payload: 'narrative=unpaid',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assertProblem(t, form, 415, undefined, 'a form');
  const xml = await call('POST', '/complaints', {
    ...hotline,
    payload: '<complaint/>',
    headers: { 'content-type': 'application/xml' },
  });
  assertProblem(t, xml, 415, undefined, 'XML');
  const empty = await call('POST', '/complaints', { ...hotline, payload: '', headers: json });
  assertProblem(t, empty, 400, undefined, 'an empty JSON body');
  const none = await call('POST', '/complaints', hotline);
  assertProblem(t, none, 400, undefined, 'no body at all');
  for (const [what, payload] of [
    ['an array', '[]'],
    ['null', 'null'],
    ['a string', '"complaint"'],
    ['a number', '42'],
    ['an empty object', '{}'],
  ] as const) {
    const r = await call('POST', '/complaints', { ...hotline, payload, headers: json });
    assertProblem(t, r, 400, undefined, `${what} as body`);
  }

  for (const key of ['key with spaces', 'ключ-1', 'k'.repeat(256), 'tab\there']) {
    const r = await call('POST', '/complaints', {
      ...hotline,
      body: complaintBody(),
      headers: { 'idempotency-key': key },
    });
    assertInvalid(t, r, 'headers.idempotency-key', `Idempotency-Key ${JSON.stringify(key.slice(0, 20))}`);
  }
  // The same Idempotency-Key with another body is refused, and stores nothing either.
  const key = `inp-${randomUUID()}`;
  const first = await call('POST', '/complaints', {
    ...hotline,
    body: complaintBody(),
    headers: { 'idempotency-key': key },
  });
  t.equal(first.status, 201, 'the first lodging with a key', { body: first.text.slice(0, 300) });
  const reused = await call('POST', '/complaints', {
    ...hotline,
    body: complaintBody(),
    headers: { 'idempotency-key': key },
  });
  assertProblem(t, reused, 422, undefined, 'the same Idempotency-Key with another body');
  t.same(
    (await allQueued()).filter((id) => id !== first.body.id),
    queued,
    'none of these bodies lodged anything (only the one first lodging is new)',
  );
});

t.test('path ids that are not uuids are 400 problems naming params.id on every route', async (t) => {
  const actions: Array<[string, string, Body]> = [
    ['triage', tokens.officer, { reason: 'confirmed' }],
    ['assignment', tokens.officer, { assignee: 'officer-2' }],
    ['notes', tokens.officer, { text: 'a note' }],
    ['referral', tokens.officer, { to: 'police' }],
    ['resolution', tokens.officer, { outcome: 'resolved-in-favour', expectedVersion: 2 }],
    ['closure', tokens.officer, { expectedVersion: 3 }],
    ['reopening', tokens.officer, { reason: 'called again', expectedVersion: 4 }],
    ['withdrawal', tokens.officer, { reason: 'asked to withdraw' }],
    ['erasure', tokens.director, { reason: 'asked for erasure' }],
  ];
  for (const bad of [
    'not-a-uuid',
    '12345',
    `${randomUUID()}x`,
    'complaint.1',
    randomUUID().replace(/-/g, ''),
  ]) {
    const one = await call('GET', `/complaints/${bad}`, { token: tokens.officer });
    assertInvalid(t, one, 'params.id', `GET /complaints/${bad}`);
    for (const [action, token, body] of actions) {
      const r = await call('POST', `/complaints/${bad}/${action}`, { token, body });
      assertInvalid(t, r, 'params.id', `POST /complaints/${bad}/${action}`);
    }
  }
});

t.test('an unknown uuid is a 404 on GET and on every POST action', async (t) => {
  const unknown = randomUUID();
  for (const role of ['officer', 'director', 'hotline', 'attache'] as const) {
    assertProblem(
      t,
      await call('GET', `/complaints/${unknown}`, { token: tokens[role] }),
      404,
      undefined,
      `GET as ${role}`,
    );
  }
  const actions: Array<[string, string, Body]> = [
    ['triage', tokens.officer, { reason: 'confirmed' }],
    ['assignment', tokens.officer, { assignee: 'officer-2' }],
    ['notes', tokens.officer, { text: 'a note' }],
    ['notes', tokens.hotline, { text: 'a note from the caller' }],
    ['referral', tokens.officer, { to: 'labour-attache' }],
    ['resolution', tokens.officer, { outcome: 'resolved-in-favour' }],
    ['closure', tokens.officer, {}],
    ['reopening', tokens.officer, { reason: 'called again' }],
    ['withdrawal', tokens.officer, { reason: 'asked to withdraw' }],
    ['withdrawal', tokens.hotline, {}],
    ['erasure', tokens.director, { reason: 'asked for erasure' }],
  ];
  const versionRequired = ['resolution', 'closure', 'reopening'];
  for (const [action, token, body] of actions) {
    if (!versionRequired.includes(action)) {
      const r = await call('POST', `/complaints/${unknown}/${action}`, { token, body });
      assertProblem(t, r, 404, undefined, `${action} without a version`);
    }
    for (const expectedVersion of [0, 1, 7]) {
      const r = await call('POST', `/complaints/${unknown}/${action}`, {
        token,
        body: { ...body, expectedVersion },
      });
      assertProblem(t, r, 404, undefined, `${action} with expectedVersion ${expectedVersion}`);
    }
    const viaIfMatch = await call('POST', `/complaints/${unknown}/${action}`, {
      token,
      body,
      headers: { 'if-match': '"1"' },
    });
    assertProblem(t, viaIfMatch, 404, undefined, `${action} with If-Match`);
  }
  assertProblem(
    t,
    await call('GET', `/complaints/${unknown}`, { token: tokens.officer }),
    404,
    undefined,
    'no refused call created it',
  );
});

t.test(
  'decisions that need a version: 428 without one, 409 with a stale one, If-Match works as the version',
  async (t) => {
    // 428: neither expectedVersion nor If-Match.
    const a = await triaged();
    const resolutionNoVersion = await call('POST', `/complaints/${a.id}/resolution`, {
      token: tokens.officer,
      body: { outcome: 'resolved-in-favour' },
    });
    assertProblem(t, resolutionNoVersion, 428, 'version-required', 'resolution without a version');
    const resolved = await s.act(a.id, 'resolution', a.version, { outcome: 'resolved-in-favour' });
    const closureNoVersion = await call('POST', `/complaints/${a.id}/closure`, {
      token: tokens.officer,
      body: {},
    });
    assertProblem(t, closureNoVersion, 428, 'version-required', 'closure with an empty body');
    const closureNoBody = await call('POST', `/complaints/${a.id}/closure`, { token: tokens.officer });
    assertProblem(t, closureNoBody, 428, 'version-required', 'closure without a body');
    const closed = await s.act(a.id, 'closure', resolved);
    const reopeningNoVersion = await call('POST', `/complaints/${a.id}/reopening`, {
      token: tokens.officer,
      body: { reason: 'the worker called again' },
    });
    assertProblem(t, reopeningNoVersion, 428, 'version-required', 'reopening without a version');
    t.same(await versionOf(a.id), { status: 'closed', version: closed }, 'the 428s changed nothing');

    // 409: a stale expectedVersion.
    const b = await triaged();
    const staleResolution = await call('POST', `/complaints/${b.id}/resolution`, {
      token: tokens.officer,
      body: { outcome: 'resolved-in-favour', expectedVersion: b.version - 1 },
    });
    assertProblem(t, staleResolution, 409, 'stale-version', 'resolution with a stale version');
    t.equal(staleResolution.body.currentVersion, b.version, 'the current version is stated');
    const aheadResolution = await call('POST', `/complaints/${b.id}/resolution`, {
      token: tokens.officer,
      body: { outcome: 'resolved-in-favour', expectedVersion: b.version + 5 },
    });
    assertProblem(t, aheadResolution, 409, 'stale-version', 'resolution with a version from the future');
    const bResolved = await s.act(b.id, 'resolution', b.version, { outcome: 'not-substantiated' });
    const staleClosure = await call('POST', `/complaints/${b.id}/closure`, {
      token: tokens.officer,
      body: { expectedVersion: b.version },
    });
    assertProblem(t, staleClosure, 409, 'stale-version', 'closure with a stale version');
    const bClosed = await s.act(b.id, 'closure', bResolved);
    const staleReopening = await call('POST', `/complaints/${b.id}/reopening`, {
      token: tokens.officer,
      body: { reason: 'the worker called again', expectedVersion: bResolved },
    });
    assertProblem(t, staleReopening, 409, 'stale-version', 'reopening with a stale version');
    for (const [action, body] of [
      ['triage', { reason: 'confirmed again' }],
      ['assignment', { assignee: 'officer-2' }],
      ['notes', { text: 'a late note' }],
      ['referral', { to: 'police' }],
      ['withdrawal', { reason: 'asked to withdraw' }],
    ] as const) {
      const r = await call('POST', `/complaints/${b.id}/${action}`, {
        token: tokens.officer,
        body: { ...body, expectedVersion: 1 },
      });
      assertProblem(t, r, 409, undefined, `${action} with a stale version`);
    }
    const staleErasure = await call('POST', `/complaints/${b.id}/erasure`, {
      token: tokens.director,
      body: { reason: 'asked for erasure', expectedVersion: 1 },
    });
    assertProblem(t, staleErasure, 409, 'stale-version', 'erasure with a stale version');
    t.same(await versionOf(b.id), { status: 'closed', version: bClosed }, 'the 409s changed nothing');
    const record = await call('GET', `/complaints/${b.id}`, { token: tokens.officer });
    t.equal(record.body.personalData, 'held', 'the stale erasure erased nothing');
    t.ok(record.body.complainant.fullName, 'the name is still readable');

    // If-Match instead of expectedVersion.
    const c = await triaged();
    const viaIfMatch = await call('POST', `/complaints/${c.id}/resolution`, {
      token: tokens.officer,
      body: { outcome: 'resolved-in-favour' },
      headers: { 'if-match': `"${c.version}"` },
    });
    t.equal(viaIfMatch.status, 200, 'resolution with If-Match', { body: viaIfMatch.text });
    t.equal(viaIfMatch.body.status, 'resolved');
    t.equal(
      viaIfMatch.headers.etag,
      `"${viaIfMatch.body.version}"`,
      'the response carries the new version as its ETag',
    );
    const closeViaIfMatch = await call('POST', `/complaints/${c.id}/closure`, {
      token: tokens.officer,
      headers: { 'if-match': String(viaIfMatch.headers.etag) },
    });
    t.equal(closeViaIfMatch.status, 200, 'closure with If-Match and no body at all', {
      body: closeViaIfMatch.text,
    });
    t.equal(closeViaIfMatch.body.status, 'closed');
    const weak = await call('POST', `/complaints/${c.id}/reopening`, {
      token: tokens.officer,
      body: { reason: 'the worker called again' },
      headers: { 'if-match': `W/"${closeViaIfMatch.body.version}"` },
    });
    t.equal(weak.status, 200, 'reopening with a weak If-Match', { body: weak.text });
    const staleIfMatch = await call('POST', `/complaints/${c.id}/resolution`, {
      token: tokens.officer,
      body: { outcome: 'resolved-in-favour' },
      headers: { 'if-match': `"${c.version}"` },
    });
    t.ok(
      [409, 412].includes(staleIfMatch.status),
      `a stale If-Match → 409 or 412 (got ${staleIfMatch.status})`,
    );
    assertProblem(t, staleIfMatch, staleIfMatch.status, undefined, 'a stale If-Match');
    const disagree = await call('POST', `/complaints/${c.id}/resolution`, {
      token: tokens.officer,
      body: { outcome: 'resolved-in-favour', expectedVersion: weak.body.version },
      headers: { 'if-match': `"${weak.body.version + 1}"` },
    });
    assertProblem(t, disagree, 400, undefined, 'expectedVersion and If-Match disagree');
    for (const ifMatch of ['abc', '"v3"', '"1", "2"', '-1']) {
      const r = await call('POST', `/complaints/${c.id}/resolution`, {
        token: tokens.officer,
        body: { outcome: 'resolved-in-favour' },
        headers: { 'if-match': ifMatch },
      });
      assertInvalid(t, r, 'headers.if-match', `If-Match ${ifMatch}`);
    }
    t.same(
      await versionOf(c.id),
      { status: 'reopened', version: weak.body.version },
      'the refused ones changed nothing',
    );
  },
);

t.test('update bodies: malformed fields are 400 problems naming the field', async (t) => {
  const c = await triaged();
  const url = (action: string) => `/complaints/${c.id}/${action}`;
  const v = c.version;
  const cases: Array<[string, string, string, unknown, string]> = [
    [
      'resolution: remedy amount without currency',
      url('resolution'),
      tokens.officer,
      {
        outcome: 'resolved-in-favour',
        remedy: { kind: 'wages-recovered', amount: 4000 },
        expectedVersion: v,
      },
      'remedy.currency',
    ],
    [
      'resolution: remedy currency without amount',
      url('resolution'),
      tokens.officer,
      {
        outcome: 'resolved-in-favour',
        remedy: { kind: 'wages-recovered', currency: 'SAR' },
        expectedVersion: v,
      },
      'remedy.currency',
    ],
    [
      'resolution: remedy currency not ISO 4217',
      url('resolution'),
      tokens.officer,
      {
        outcome: 'resolved-in-favour',
        remedy: { kind: 'wages-recovered', amount: 4000, currency: 'riyal' },
        expectedVersion: v,
      },
      'remedy.currency',
    ],
    [
      'resolution: negative amount',
      url('resolution'),
      tokens.officer,
      {
        outcome: 'resolved-in-favour',
        remedy: { kind: 'wages-recovered', amount: -1, currency: 'SAR' },
        expectedVersion: v,
      },
      'remedy.amount',
    ],
    [
      'resolution: amount a string',
      url('resolution'),
      tokens.officer,
      {
        outcome: 'resolved-in-favour',
        remedy: { kind: 'wages-recovered', amount: '4000', currency: 'SAR' },
        expectedVersion: v,
      },
      'remedy.amount',
    ],
    [
      'resolution: unknown remedy kind',
      url('resolution'),
      tokens.officer,
      { outcome: 'resolved-in-favour', remedy: { kind: 'apology' }, expectedVersion: v },
      'remedy.kind',
    ],
    [
      'resolution: unknown remedy field',
      url('resolution'),
      tokens.officer,
      { outcome: 'resolved-in-favour', remedy: { kind: 'other', paidBy: 'agency' }, expectedVersion: v },
      'remedy.paidBy',
    ],
    [
      'resolution: unknown outcome',
      url('resolution'),
      tokens.officer,
      { outcome: 'sorted', expectedVersion: v },
      'outcome',
    ],
    ['resolution: missing outcome', url('resolution'), tokens.officer, { expectedVersion: v }, 'outcome'],
    [
      'resolution: expectedVersion a string',
      url('resolution'),
      tokens.officer,
      { outcome: 'resolved-in-favour', expectedVersion: String(v) },
      'expectedVersion',
    ],
    [
      'resolution: expectedVersion negative',
      url('resolution'),
      tokens.officer,
      { outcome: 'resolved-in-favour', expectedVersion: -1 },
      'expectedVersion',
    ],
    [
      'resolution: expectedVersion fractional',
      url('resolution'),
      tokens.officer,
      { outcome: 'resolved-in-favour', expectedVersion: 1.5 },
      'expectedVersion',
    ],
    ['referral: unknown target', url('referral'), tokens.officer, { to: 'interpol' }, 'to'],
    ['referral: missing target', url('referral'), tokens.officer, { note: 'please help' }, 'to'],
    [
      'referral: bad country',
      url('referral'),
      tokens.officer,
      { to: 'labour-attache', country: 'KSA' },
      'country',
    ],
    [
      'referral: unknown field',
      url('referral'),
      tokens.officer,
      { to: 'police', station: 'Kilimani' },
      'station',
    ],
    ['triage: missing reason', url('triage'), tokens.officer, { severity: 'high' }, 'reason'],
    [
      'triage: unknown severity',
      url('triage'),
      tokens.officer,
      { severity: 'urgent', reason: 'confirmed' },
      'severity',
    ],
    [
      'triage: unknown indicator',
      url('triage'),
      tokens.officer,
      { indicators: ['bad-vibes'], reason: 'confirmed' },
      'indicators.0',
    ],
    [
      'triage: empty categories',
      url('triage'),
      tokens.officer,
      { categories: [], reason: 'confirmed' },
      'categories',
    ],
    [
      'triage: duplicate category',
      url('triage'),
      tokens.officer,
      { categories: ['stranded', 'stranded'], reason: 'confirmed' },
      'categories',
    ],
    [
      'triage: traffickingSuspected a string',
      url('triage'),
      tokens.officer,
      { traffickingSuspected: 'yes', reason: 'confirmed' },
      'traffickingSuspected',
    ],
    ['assignment: missing assignee', url('assignment'), tokens.officer, {}, 'assignee'],
    ['assignment: assignee a number', url('assignment'), tokens.officer, { assignee: 2 }, 'assignee'],
    ['notes: missing text', url('notes'), tokens.officer, {}, 'text'],
    ['notes: blank text', url('notes'), tokens.officer, { text: '  ' }, 'text'],
    ['notes: text over 5,000 characters', url('notes'), tokens.officer, { text: 't'.repeat(5001) }, 'text'],
    ['notes: a NUL in the text', url('notes'), tokens.hotline, { text: 'hello\u0000' }, 'text'],
    [
      'closure: unknown field',
      url('closure'),
      tokens.officer,
      { expectedVersion: v, reason: 'done' },
      'reason',
    ],
    ['reopening: missing reason', url('reopening'), tokens.officer, { expectedVersion: v }, 'reason'],
    ['withdrawal: reason a number', url('withdrawal'), tokens.officer, { reason: 7 }, 'reason'],
    ['erasure: missing reason', url('erasure'), tokens.director, {}, 'reason'],
  ];
  for (const [what, target, token, body, path] of cases) {
    const r = await call('POST', target, { token, body });
    assertInvalid(t, r, path, what);
  }
  t.same(await versionOf(c.id), { status: 'triaged', version: v }, 'no refused body changed the complaint');
});

t.test('update routes: bodies that are not JSON objects', async (t) => {
  const c = await triaged();
  const json = { 'content-type': 'application/json' };
  for (const [action, token] of [
    ['triage', tokens.officer],
    ['notes', tokens.hotline],
    ['resolution', tokens.officer],
    ['closure', tokens.officer],
    ['erasure', tokens.director],
  ] as const) {
    const url = `/complaints/${c.id}/${action}`;
    assertProblem(
      t,
      await call('POST', url, { token, payload: '{"reason": ', headers: json }),
      400,
      'malformed-json',
      `${action}: bad JSON`,
    );
    assertProblem(
      t,
      await call('POST', url, {
        token,
        payload: '{"reason":"x"}',
        headers: { 'content-type': 'text/plain' },
      }),
      415,
      undefined,
      `${action}: text/plain`,
    );
    assertProblem(
      t,
      await call('POST', url, {
        token,
        payload: JSON.stringify({ reason: 'r'.repeat(70_000) }),
        headers: json,
      }),
      413,
      'payload-too-large',
      `${action}: a body over the limit`,
    );
    const array = await call('POST', url, { token, payload: '[]', headers: json });
    assertProblem(t, array, 400, undefined, `${action}: an array as body`);
  }
  t.same(
    await versionOf(c.id),
    { status: 'triaged', version: c.version },
    'none of it changed the complaint',
  );
});

t.test('queue query parameters: bad values are 400 problems naming the parameter', async (t) => {
  const cases: Array<[string, string]> = [
    ['status=unknown', 'query.status'],
    ['status=LODGED', 'query.status'],
    ['severity=urgent', 'query.severity'],
    ['severity=', 'query.severity'],
    ['limit=0', 'query.limit'],
    ['limit=500', 'query.limit'],
    ['limit=x', 'query.limit'],
    ['limit=-1', 'query.limit'],
    ['limit=2.5', 'query.limit'],
    ['country=KEN', 'query.country'],
    [`agencyId=${'a'.repeat(101)}`, 'query.agencyId'],
    [`cursor=${'c'.repeat(501)}`, 'query.cursor'],
    ['sort=severity', 'query.sort'],
  ];
  for (const [query, path] of cases) {
    const r = await call('GET', `/complaints?${query}`, { token: tokens.officer });
    assertInvalid(t, r, path, `GET /complaints?${query.slice(0, 40)}`);
  }
  const repeated = await call('GET', '/complaints?status=lodged&status=closed', { token: tokens.officer });
  assertProblem(t, repeated, 400, undefined, 'a repeated status parameter');

  // A cursor this API never issued.
  for (const [what, cursor] of [
    ['not-a-cursor', 'not-a-cursor'],
    ['NUL bytes', '%00%00'],
    ['a base64 of no position', Buffer.from('hello').toString('base64url')],
    ['a base64 of a non-numeric score', Buffer.from(`abc:${randomUUID()}`).toString('base64url')],
  ] as const) {
    const r = await call('GET', `/complaints?cursor=${cursor}`, { token: tokens.officer });
    // Like every other query error (service-kit's errorHandler convention): `query.<name>`.
    assertInvalid(t, r, 'query.cursor', `GET /complaints with a cursor of ${what}`);
  }
  // A cursor the API did issue works.
  await s.lodge();
  await s.lodge();
  await s.caughtUp();
  const first = await call('GET', '/complaints?limit=1', { token: tokens.officer });
  t.equal(first.status, 200);
  t.type(first.body.nextCursor, 'string', 'a next cursor');
  const second = await call('GET', `/complaints?limit=1&cursor=${first.body.nextCursor}`, {
    token: tokens.officer,
  });
  t.equal(second.status, 200, 'the issued cursor is accepted');
  t.not(second.body.items[0]?.id, first.body.items[0]?.id, 'and moves on');
});

t.test('public status: a malformed reference or PIN is a 400 naming it', async (t) => {
  const lodged = await s.lodge();
  const cases: Array<[string, string]> = [
    [`reference=NEA-26-1&pin=${lodged.trackingPin}`, 'query.reference'],
    [`reference=ABC&pin=${lodged.trackingPin}`, 'query.reference'],
    [`reference=${lodged.reference}x&pin=${lodged.trackingPin}`, 'query.reference'],
    [`reference=NEA-2026-00001&pin=${lodged.trackingPin}`, 'query.reference'],
    [`pin=${lodged.trackingPin}`, 'query.reference'],
    [`reference=${lodged.reference}&pin=123`, 'query.pin'],
    [`reference=${lodged.reference}&pin=`, 'query.pin'],
    [`reference=${lodged.reference}&pin=${'9'.repeat(33)}`, 'query.pin'],
    [`reference=${lodged.reference}`, 'query.pin'],
    [`reference=${lodged.reference}&pin=${lodged.trackingPin}&id=${lodged.id}`, 'query.id'],
  ];
  for (const [query, path] of cases) {
    const r = await call('GET', `/public/complaints/status?${query}`);
    assertInvalid(t, r, path, `public status ?${query.slice(0, 50)}`);
  }
  const ok = await call(
    'GET',
    `/public/complaints/status?reference=${lodged.reference.toLowerCase()}&pin=${lodged.trackingPin}`,
  );
  t.equal(ok.status, 200, 'a reference in lower case is still the reference', { body: ok.text });
});

t.test('odd input anywhere is a 4xx problem, never a 5xx', async (t) => {
  const c = await triaged();
  const json = { 'content-type': 'application/json' };
  const odd: Array<[string, string, CallOptions]> = [
    [
      'POST',
      '/complaints',
      { token: tokens.hotline, payload: '{"__proto__":{"admin":true},"narrative":"x"}', headers: json },
    ],
    [
      'POST',
      '/complaints',
      { token: tokens.hotline, payload: '{"constructor":{"prototype":{"admin":true}}}', headers: json },
    ],
    [
      'POST',
      '/complaints',
      { token: tokens.hotline, payload: `${'['.repeat(5000)}${']'.repeat(5000)}`, headers: json },
    ],
    [
      'POST',
      '/complaints',
      {
        token: tokens.hotline,
        body: complaintBody({ categories: Array.from({ length: 15 }, () => 'other') }),
      },
    ],
    ['POST', '/complaints', { token: tokens.hotline, body: complaintBody({ agencyId: `${randomUUID()}` }) }],
    ['POST', '/complaints', { token: tokens.hotline, body: withComplainant({ dateOfBirth: '1996-02-30' }) }],
    ['POST', '/complaints', { token: tokens.hotline, body: withComplainant({ dateOfBirth: '0000-01-01' }) }],
    [
      'POST',
      '/complaints',
      { token: tokens.hotline, body: complaintBody({ narrative: '\u202e\ud83d\ude00 \ufeff' }) },
    ],
    ['POST', '/complaints', { token: tokens.hotline, body: complaintBody({ narrative: '\ud800' }) }],
    [
      'POST',
      `/complaints/${c.id}/resolution`,
      {
        token: tokens.officer,
        body: {
          outcome: 'resolved-in-favour',
          remedy: { kind: 'wages-recovered', amount: 1e300, currency: 'SAR' },
          expectedVersion: c.version,
        },
      },
    ],
    [
      'POST',
      `/complaints/${c.id}/resolution`,
      { token: tokens.officer, body: { outcome: 'resolved-in-favour', expectedVersion: 1e20 } },
    ],
    [
      'POST',
      `/complaints/${c.id}/resolution`,
      {
        token: tokens.officer,
        body: { outcome: 'resolved-in-favour' },
        headers: { 'if-match': `"${'9'.repeat(16)}"` },
      },
    ],
    [
      'POST',
      `/complaints/${c.id}/closure`,
      { token: tokens.officer, body: {}, headers: { 'if-match': '"999999999999999"' } },
    ],
    [
      'POST',
      `/complaints/${c.id}/referral`,
      { token: tokens.officer, body: { to: 'labour-attache', country: 'zz' } },
    ],
    ['GET', '/complaints?limit=', { token: tokens.officer }],
    ['GET', '/complaints?cursor=', { token: tokens.officer }],
    ['GET', '/complaints?agencyId=%E0%A4%A', { token: tokens.officer }],
    ['GET', `/complaints/${encodeURIComponent('../../etc/passwd')}`, { token: tokens.officer }],
    ['GET', '/complaints/%00', { token: tokens.officer }],
    ['GET', '/public/complaints/status?reference=%FF&pin=%FF%FF%FF%FF%FF%FF', {}],
    ['GET', '/public/complaints/status?reference=NEA-2026-000001&pin=%00%00%00%00%00%00', {}],
  ];
  for (const [method, url, options] of odd) {
    const r = await call(method, url, options);
    const what = `${method} ${url.slice(0, 60)} ${(options.payload ?? JSON.stringify(options.body ?? {})).slice(0, 60)}`;
    t.ok(r.status < 500, `${what} → ${r.status}`, { body: r.text.slice(0, 300) });
    if (r.status >= 400)
      t.match(String(r.headers['content-type']), /^application\/problem\+json/, `${what}: problem+json`);
  }
  t.equal(({} as Record<string, unknown>).admin, undefined, 'no prototype was polluted');
});
