import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import t from 'tap';
import { AgencyEventType } from '../domain/agency/events.ts';
import {
  assertProblem,
  errorPaths,
  licenceApplicationBody,
  startTestSystem,
  token,
} from './testSystem.fixture.ts';

/**
 * POST /agencies/:id/directors/:directorIndex/erasure (docs/adr/0007-director-erasure-and-fingerprints.md): a director of NEA erases a director's
 * personal data by destroying their key, with a reason code. The person is erased in every agency they
 * direct, in every copy; the erasure is recorded (who, when, why); a repeat answers with the first one.
 * Their fingerprints stay only as links to agencies already revoked (ADR 0007).
 */
const ctx = await startTestSystem(t, 'httperase');
const { call, tokens } = ctx;

const nationalId = () => String(randomInt(20_000_000, 99_999_999));
const passportNumber = () => `AK${randomInt(1_000_000, 9_999_999)}`;
const erasure = (id: string, index: number | string) => `/agencies/${id}/directors/${index}/erasure`;
const erase = (id: string, index: number | string, body: unknown, who = tokens.director) =>
  call('POST', erasure(id, index), { token: who, body });

interface StoredDirector {
  subject: string;
  sealed: string;
}
const storedDirectors = async (id: string): Promise<StoredDirector[]> => {
  const [recorded] = await ctx.storedEvents(id);
  return (recorded?.data as { directors?: StoredDirector[] } | undefined)?.directors ?? [];
};

t.test(
  'the director is erased in every agency they direct, in every copy, and the erasure is recorded',
  async (t) => {
    const [wekesa, chebet] = ['Wekesa Simiyu Barasa', 'Chebet Jepkosgei Rono'];
    const [wekesaId, chebetId] = [nationalId(), nationalId()];
    const key = `erase-${randomBytes(3).toString('hex')}`;
    const body = licenceApplicationBody({
      directors: [
        { fullName: wekesa, nationalId: wekesaId, nationality: 'KE' },
        { fullName: chebet, nationalId: chebetId, nationality: 'KE' },
      ],
    });
    const first = await call('POST', '/agencies', {
      token: tokens.officer,
      body,
      headers: { 'idempotency-key': key },
    });
    ctx.expectStatus(first, 201, 'POST /agencies');
    const id = first.body.id as string;
    const other = await ctx.licensed({
      directors: [{ fullName: wekesa, nationalId: wekesaId, nationality: 'KE' }],
    });
    const before = await call('GET', `/agencies/${id}`, { token: tokens.officer });

    const note = `${wekesa} wrote on 30 Nov asking to be forgotten`;
    const r = await erase(id, 0, {
      reason: 'data-subject-request',
      note,
      expectedVersion: before.body.version,
    });
    t.equal(r.status, 200, 'erased', { body: r.text });
    t.match(r.body, {
      id,
      status: 'applied',
      version: before.body.version + 1,
      directorIndex: 0,
      reason: 'data-subject-request',
      erasedAt: String,
      erasedBy: { sub: 'director-1', name: 'Kamau Njoroge' },
      alreadyErased: false,
    });
    t.equal(r.headers.etag, `"${before.body.version + 1}"`);

    const after = await call('GET', `/agencies/${id}`, { token: tokens.officer });
    t.same(
      after.body.directors,
      [
        { fullName: null, nationalId: null, passportNumber: null, nationality: 'KE', erased: true },
        { fullName: chebet, nationalId: chebetId, passportNumber: null, nationality: 'KE', erased: false },
      ],
      'erased here; the other director is intact',
    );
    t.same(
      after.body.directorErasures,
      [{ directorIndex: 0, reason: 'data-subject-request', note, by: r.body.erasedBy, at: r.body.erasedAt }],
      'NEA reads who erased whom, when, why, and the note',
    );
    const elsewhere = await call('GET', `/agencies/${other.id}`, { token: tokens.director });
    t.same(
      elsewhere.body.directors.map((d: { fullName: string | null; erased: boolean }) => [
        d.fullName,
        d.erased,
      ]),
      [[null, true]],
      'and erased in the other agency they direct',
    );
    const analyst = await call('GET', `/agencies/${id}`, { token: tokens.analyst });
    t.notOk(
      analyst.text.includes('forgotten') || analyst.text.includes('Kamau'),
      'analysts read neither note nor who',
    );

    const events = await ctx.storedEvents(id);
    const recorded = events.find((e) => e.type === AgencyEventType.DirectorErased);
    t.match(recorded?.data, {
      directorIndex: 0,
      reason: 'data-subject-request',
      note: /^pd\d\./,
      by: { sub: 'director-1' },
      at: r.body.erasedAt,
    });
    t.notOk(JSON.stringify(events).includes('forgotten'), 'the note is stored only sealed');

    // Every copy of the sealed director (the event, the snapshot, any backup) is the same ciphertext.
    const [stored] = await storedDirectors(id);
    const opened = await ctx.system.modules.agencyRegistry.vault.open(
      String(stored?.subject),
      String(stored?.sealed),
      {
        record: `agency.${id}`,
        field: 'directors.0',
      },
    );
    t.same(opened, { erased: true }, 'the stored sealed value opens as erased');
    const rest = await ctx.atRest();
    for (const clear of [wekesa, wekesaId, 'forgotten'])
      t.notOk(rest.includes(clear), `nothing at rest holds ${clear}`);

    const replay = await call('POST', '/agencies', {
      token: tokens.officer,
      body,
      headers: { 'idempotency-key': key },
    });
    t.equal(replay.status, 201, 'a repeat of the application is answered as the first was');
    t.equal(replay.headers['idempotent-replayed'], 'true');
    t.same(replay.body, first.body, 'the same id, and no personal data in the stored answer');
  },
);

t.test('erasing an erased director again answers with the first erasure and records nothing', async (t) => {
  const agency = await ctx.apply({
    directors: [{ fullName: 'Odhiambo Otieno Okoth', nationalId: nationalId(), nationality: 'KE' }],
  });
  const once = await erase(agency.id, 0, { reason: 'no-longer-necessary' });
  t.equal(once.status, 200);
  const twice = await erase(
    agency.id,
    0,
    { reason: 'data-subject-request' },
    await token(['nea-director'], { sub: 'director-2', name: 'Second Director' }),
  );
  t.equal(twice.status, 200, 'not a conflict');
  t.match(twice.body, {
    version: once.body.version,
    reason: 'no-longer-necessary',
    erasedAt: once.body.erasedAt,
    erasedBy: { sub: 'director-1' },
    alreadyErased: true,
  });
  const erasures = (await ctx.storedEvents(agency.id)).filter(
    (e) => e.type === AgencyEventType.DirectorErased,
  );
  t.equal(erasures.length, 1, 'one erasure recorded');
});

t.test('a revoked agency still accepts the erasure of its directors', async (t) => {
  const agency = await ctx.licensed({
    directors: [{ fullName: 'Kipchoge Kiprotich Langat', nationalId: nationalId(), nationality: 'KE' }],
  });
  await ctx.decide(agency.id, 'revocation', agency.version, { reason: 'fees charged to job seekers' });
  const r = await erase(agency.id, 0, { reason: 'regulator-order' });
  t.equal(r.status, 200, { body: r.text });
  t.equal(r.body.status, 'revoked', 'and stays revoked');
});

t.test(
  "fingerprints: an erased director's stay only as links to agencies already revoked (ADR 0007)",
  async (t) => {
    // Each director gave a national ID and a passport: their subject is the ID's fingerprint, so after the
    // erasure a new application can still name them by passport, and show what the read model kept.
    const kept = {
      fullName: 'Mutiso Musyoka Kioko',
      nationalId: nationalId(),
      passportNumber: passportNumber(),
      nationality: 'KE',
    };
    const dropped = {
      fullName: 'Wairimu Nyambura Gitau',
      nationalId: nationalId(),
      passportNumber: passportNumber(),
      nationality: 'KE',
    };
    const revokedAgency = await ctx.licensed({ directors: [kept] });
    await ctx.decide(revokedAgency.id, 'revocation', revokedAgency.version, { reason: 'workers stranded' });
    const active = await ctx.apply({ directors: [kept] });
    const later = await ctx.licensed({ directors: [dropped] });
    await ctx.caughtUp();

    t.equal((await erase(active.id, 0, { reason: 'data-subject-request' })).status, 200);
    t.equal((await erase(later.id, 0, { reason: 'data-subject-request' })).status, 200);
    // Revoked after the erasure: too late to keep the erased director's link.
    await ctx.decide(
      later.id,
      'revocation',
      (await call('GET', `/agencies/${later.id}`, { token: tokens.officer })).body.version,
      { reason: 'fees charged' },
    );
    await ctx.caughtUp();

    const [droppedFingerprints = [], keptFingerprints = []] = await Promise.all(
      [later.id, active.id].map(async (agencyId) => {
        const [recorded] = await ctx.storedEvents(agencyId);
        const data = recorded?.data as { directors?: { fingerprints: string[] }[] } | undefined;
        return data?.directors?.[0]?.fingerprints ?? [];
      }),
    );
    // Read before either is named again: a new application records its director's fingerprints anew.
    const rest = await ctx.atRest();
    const redisPart = rest.slice(rest.indexOf(`${ctx.namespace}:`));
    for (const fingerprint of droppedFingerprints)
      t.notOk(redisPart.includes(`:director:${fingerprint}`), 'no read model holds a dropped fingerprint');
    t.ok(
      keptFingerprints.some((fingerprint) => redisPart.includes(`:director:${fingerprint}`)),
      'the kept fingerprints are still indexed',
    );
    const byPassport = (d: typeof kept) =>
      call('POST', '/agencies', {
        token: tokens.officer,
        body: licenceApplicationBody({
          directors: [{ fullName: d.fullName, passportNumber: d.passportNumber, nationality: 'KE' }],
        }),
      });
    const flagged = await byPassport(kept);
    t.equal(flagged.status, 201);
    t.match(
      (await call('GET', `/agencies/${flagged.body.id}`, { token: tokens.officer })).body.flags,
      [{ kind: 'director-of-revoked-agency', revokedAgencyId: revokedAgency.id }],
      'a director of an agency revoked before the erasure is still flagged',
    );
    t.equal(
      (await call('GET', `/agencies/${flagged.body.id}`, { token: tokens.officer })).body.flags.length,
      1,
      'only for the revoked agency',
    );
    const clean = await byPassport(dropped);
    t.equal(clean.status, 201);
    t.same(
      (await call('GET', `/agencies/${clean.body.id}`, { token: tokens.officer })).body.flags,
      [],
      'a director whose agencies were not revoked at the erasure is forgotten by the matching',
    );
  },
);

t.test('who may erase: a director of NEA; everyone else is refused', async (t) => {
  const agency = await ctx.apply();
  const body = { reason: 'data-subject-request' };
  for (const role of ['officer', 'analyst', 'hotline', 'attache', 'mol'] as const) {
    assertProblem(t, await erase(agency.id, 0, body, tokens[role]), 403, 'forbidden', `as ${role}`);
  }
  const anonymous = await call('POST', erasure(agency.id, 0), { body });
  assertProblem(t, anonymous, 401, undefined, 'without a token');
  const still = await call('GET', `/agencies/${agency.id}`, { token: tokens.officer });
  t.equal(still.body.directors[0]?.erased, false, 'no refused call erased anyone');
  t.equal(still.body.version, agency.version, 'nor changed the agency');
  t.equal((await erase(agency.id, 0, body)).status, 200, 'a director of NEA may');
});

t.test('unknown agencies and directors are 404; bad input is a 400 naming the field', async (t) => {
  const agency = await ctx.apply();
  const ok = { reason: 'data-subject-request' };
  assertProblem(t, await erase(randomUUID(), 0, ok), 404, undefined, 'an unknown agency');
  assertProblem(t, await erase(agency.id, 1, ok), 404, undefined, 'a director the agency does not have');
  assertProblem(t, await erase(agency.id, 999, ok), 404, undefined, 'far beyond the directors');

  const cases: Array<[string, number | string, unknown, string]> = [
    ['no reason', 0, {}, 'reason'],
    ['free text for a reason', 0, { reason: 'she asked' }, 'reason'],
    ['a note too long', 0, { ...ok, note: 'x'.repeat(501) }, 'note'],
    ['a note with control characters', 0, { ...ok, note: 'a\u0000b' }, 'note'],
    ['an unknown field', 0, { ...ok, fullName: 'x' }, 'fullName'],
    ['a bad version', 0, { ...ok, expectedVersion: -1 }, 'expectedVersion'],
    ['a director that is no position', 'first', ok, 'params.directorIndex'],
    ['a negative position', '-1', ok, 'params.directorIndex'],
    ['an agency id that is no uuid', 0, ok, 'params.id'],
  ];
  for (const [what, index, body, path] of cases) {
    const r = await erase(path === 'params.id' ? 'not-an-id' : agency.id, index, body);
    assertProblem(t, r, 400, 'validation-failed', what);
    t.ok(errorPaths(r).includes(path), `${what}: errors name ${path}`, { errors: r.body?.errors });
  }
  assertProblem(t, await erase(agency.id, 0, undefined), 400, 'validation-failed', 'no body');
  const stale = await erase(agency.id, 0, { ...ok, expectedVersion: agency.version + 5 });
  assertProblem(t, stale, 409, 'stale-version', 'a stale expectedVersion');
  const untouched = await call('GET', `/agencies/${agency.id}`, { token: tokens.officer });
  t.equal(untouched.body.directors[0]?.erased, false, 'none of these erased anyone');
});
