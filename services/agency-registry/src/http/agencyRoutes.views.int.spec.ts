import { randomInt } from 'node:crypto';
import t from 'tap';
import { CHECKS, startTestSystem, token, vettingCheckBody } from './testSystem.fixture.ts';

/**
 * GET /agencies/:id is shaped by who reads it: NEA's officers and directors read the full
 * record; analysts read the agency, its vetting checks, licence history and a count of directors, and
 * nothing that names or singles out a person — no director, no staff identity, no free text, no contact.
 */
const ctx = await startTestSystem(t, 'httpview');
const { call, tokens } = ctx;

const nationalId = () => String(randomInt(20_000_000, 99_999_999));
const [revokedDirector, soleForeigner] = ['Baraka Mwangi Kiprono', 'Amina Yusuf Hassan'];
const [revokedDirectorId, foreignerPassport] = [nationalId(), `AB${randomInt(1_000_000, 9_999_999)}`];

// A revoked agency whose director then directs a new one: the new one is flagged, naming that director.
const revoked = await ctx.licensed({
  directors: [{ fullName: revokedDirector, nationalId: revokedDirectorId, nationality: 'KE' }],
});
await ctx.decide(revoked.id, 'revocation', revoked.version, { reason: `${revokedDirector} took fees` });
await ctx.caughtUp();

const created = await ctx.apply({
  phone: '+254711223344',
  email: 'owner.private@mail.example',
  physicalAddress: 'House 14, Kileleshwa',
  directors: [
    { fullName: revokedDirector, nationalId: revokedDirectorId, nationality: 'KE' },
    { fullName: soleForeigner, passportNumber: foreignerPassport, nationality: 'SO' },
  ],
});
const id = created.id;
let version = 0;
for (const check of CHECKS) {
  const r = await call('POST', `/agencies/${id}/vetting-checks`, {
    token: tokens.officer,
    body: vettingCheckBody(check, { note: `spoke to ${soleForeigner} at the office` }),
  });
  ctx.expectStatus(r, 200, check);
  version = r.body.version;
}
version = (await ctx.decide(id, 'approval', version)).body.version;
version = (
  await ctx.decide(id, 'suspension', version, {
    reason: `${soleForeigner} kept workers' passports`,
    until: '2099-01-01',
  })
).body.version;

/** What an analyst must never read: directors, staff, free text and contact details of this agency. */
const personal = [
  revokedDirector,
  revokedDirectorId,
  `nid:${revokedDirectorId}`,
  soleForeigner,
  foreignerPassport,
  '"SO"',
  'Achieng Otieno',
  'officer-1',
  'Kamau Njoroge',
  'director-1',
  '+254711223344',
  'owner.private@mail.example',
  'Kileleshwa',
  'took fees',
  "kept workers' passports",
  'spoke to',
];

t.test('an analyst reads the agency, its checks, licence history and a count of directors', async (t) => {
  const r = await call('GET', `/agencies/${id}`, { token: tokens.analyst });
  t.equal(r.status, 200);
  t.equal(r.headers.etag, `"${version}"`, 'the version, as for every reader');
  t.match(r.body, {
    view: 'analyst',
    id,
    status: 'suspended',
    version,
    name: created.body.name,
    registrationNumber: created.body.registrationNumber,
    county: 'Nairobi',
    directorCount: 2,
    flags: [{ kind: 'director-of-revoked-agency', revokedAgencyId: revoked.id }],
    licence: { number: String, validFrom: String, validUntil: String },
    suspension: { until: '2099-01-01', at: String },
  });
  t.equal(r.body.vettingChecks.length, CHECKS.length, 'every vetting check');
  t.same(
    Object.keys(r.body.vettingChecks[0]).sort(),
    ['at', 'check', 'outcome'],
    'a check: what, outcome, when',
  );
  t.same(
    r.body.licenceHistory.map((h: { event: string }) => h.event),
    ['issued', 'suspended'],
    'the licence history',
  );
  for (const entry of r.body.licenceHistory)
    t.notOk('by' in entry || 'reason' in entry, `${entry.event}: neither who nor their words`);
  for (const absent of ['directors', 'phone', 'email', 'physicalAddress', 'recordedBy', 'directorErasures'])
    t.notOk(absent in r.body, `no ${absent}`);
  t.same(
    Object.keys(r.body.flags[0]).sort(),
    ['kind', 'revokedAgencyId', 'revokedAgencyName'],
    'a flag names no director',
  );
  t.notOk('reason' in r.body.suspension, 'the suspension without its reason');
  for (const clear of personal) t.notOk(r.text.includes(clear), `nothing reads ${clear}`);
});

t.test(
  'a reader with any NEA role reads the full record; analyst with another role, the analyst view',
  async (t) => {
    for (const [who, reader] of [
      ['nea-officer', tokens.officer],
      ['nea-director', tokens.director],
      ['analyst and nea-officer', await token(['analyst', 'nea-officer'], { sub: 'both-1' })],
    ] as const) {
      const r = await call('GET', `/agencies/${id}`, { token: reader });
      t.equal(r.status, 200);
      t.equal(r.body.view, 'full', `${who}: the full record`);
      t.same(
        r.body.directors.map((d: { fullName: string }) => d.fullName),
        [revokedDirector, soleForeigner],
        `${who}: directors by name`,
      );
      t.equal(
        r.body.flags[0]?.director,
        `nid:${revokedDirectorId}`,
        `${who}: the flag names the id that matched`,
      );
      t.equal(r.body.vettingChecks[0]?.officer.sub, 'officer-1', `${who}: who vetted`);
      t.equal(r.body.phone, '+254711223344', `${who}: the contact details`);
    }
    const mixed = await call('GET', `/agencies/${id}`, {
      token: await token(['hotline', 'analyst'], { sub: 'mixed-1' }),
    });
    t.equal(mixed.body.view, 'analyst', 'analyst and hotline: the analyst view');
  },
);

t.test('the list of agencies holds nothing personal, for any reader', async (t) => {
  await ctx.caughtUp();
  const r = await call('GET', `/agencies?q=${encodeURIComponent(String(created.body.name))}`, {
    token: tokens.analyst,
  });
  t.equal(r.status, 200);
  t.match(r.body.items, [{ id, name: created.body.name, status: 'suspended', flagged: true }]);
  for (const clear of personal) t.notOk(r.text.includes(clear), `the list does not read ${clear}`);
});
