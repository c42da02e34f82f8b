import { randomBytes, randomInt } from 'node:crypto';
import t from 'tap';
import { AgencyEventType } from '../domain/agency/events.ts';
import { assertProblem, licenceApplicationBody, startTestSystem } from './testSystem.fixture.ts';

/**
 * Directors' personal data (Data Protection Act 2019). Each director's name and ids are sealed under the
 * director's own key before anything is stored. Only GET /agencies/:id opens them, for NEA's officers and
 * directors. Destroying a director's key (the erasure route does: agencyRoutes.directorErasure.int.spec.ts)
 * erases that director in every agency they direct, and no one else.
 */
const ctx = await startTestSystem(t, 'httppd');
const { call, tokens } = ctx;

const tag = () => randomBytes(3).toString('hex');
const nationalId = () => String(randomInt(20_000_000, 99_999_999));
const passportNumber = () => `AK${randomInt(1_000_000, 9_999_999)}`;

interface StoredDirector {
  subject: string;
  fingerprints: string[];
  nationality: string;
  sealed: string;
}
const storedDirectors = async (id: string): Promise<StoredDirector[]> => {
  const [recorded] = await ctx.storedEvents(id);
  if (recorded?.type !== AgencyEventType.ApplicationRecorded)
    throw new Error(`${id} has no recorded application`);
  return (recorded.data as { directors: StoredDirector[] }).directors;
};

t.test('no name or id of a director is stored anywhere; GET /agencies/:id shows them opened', async (t) => {
  const [achieng, hamisi] = ['Achieng Atieno Odhiambo', 'Hamisi Juma Salim'];
  const [nid, passport] = [nationalId(), passportNumber()];
  const body = licenceApplicationBody({
    directors: [
      { fullName: achieng, nationalId: nid, nationality: 'KE' },
      { fullName: hamisi, passportNumber: passport, nationality: 'TZ' },
    ],
  });
  const created = await call('POST', '/agencies', {
    token: tokens.officer,
    body,
    headers: { 'idempotency-key': `pd-${tag()}` },
  });
  ctx.expectStatus(created, 201, 'POST /agencies');
  const id = created.body.id as string;
  await ctx.vet(id);
  await ctx.caughtUp();

  const record = await call('GET', `/agencies/${id}`, { token: tokens.officer });
  t.equal(record.status, 200);
  t.same(
    record.body.directors,
    [
      { fullName: achieng, nationalId: nid, passportNumber: null, nationality: 'KE', erased: false },
      { fullName: hamisi, nationalId: null, passportNumber: passport, nationality: 'TZ', erased: false },
    ],
    'the reader sees each director opened',
  );

  const [first, second] = await storedDirectors(id);
  t.match(
    [first, second],
    [
      { subject: /^director:[\w-]{32}$/, fingerprints: [/^[\w-]{32}$/], nationality: 'KE', sealed: /^pd2\./ },
      { subject: /^director:[\w-]{32}$/, fingerprints: [/^[\w-]{32}$/], nationality: 'TZ', sealed: /^pd2\./ },
    ],
    'the stored event holds each director as a subject, fingerprints, nationality and a sealed value',
  );
  t.same(
    Object.keys(first ?? {}).sort(),
    ['fingerprints', 'nationality', 'sealed', 'subject'],
    'and nothing else',
  );
  t.equal(
    first?.subject,
    `director:${first?.fingerprints[0]}`,
    'a director is the subject named by their fingerprint',
  );
  const stored = JSON.stringify(await ctx.storedEvents(id));
  for (const clear of [achieng, hamisi, nid, passport])
    t.notOk(stored.includes(clear), `the stored events do not hold ${clear}`);

  const rest = await ctx.atRest();
  const scanned: Array<[string, string]> = [
    ['the stored events', AgencyEventType.ApplicationRecorded],
    ['the snapshots', '"vetters"'],
    ['the integration events', 'agency-application-recorded'],
    ['the read models', `:director:${first?.fingerprints[0]}`],
    ['the sealed directors', String(first?.sealed)],
  ];
  for (const [what, marker] of scanned)
    t.ok(rest.includes(marker), `the scan of what is at rest reads ${what}`);
  for (const clear of [achieng, hamisi, nid, passport, 'Jane Wanjiku'])
    t.notOk(rest.includes(clear), `nothing at rest holds ${clear}`);
});

t.test("destroying a director's key erases them in every agency they direct, and no one else", async (t) => {
  const [otieno, fatuma, grace] = ['Otieno Ochieng Were', 'Fatuma Ali Bakari', 'Grace Muthoni Njeri'];
  const [otienoId, fatumaPassport, graceId] = [nationalId(), passportNumber(), nationalId()];
  const revokedName = `Revoked ${tag()} Recruiters`;
  const revoked = await ctx.licensed({
    name: revokedName,
    directors: [
      { fullName: otieno, nationalId: otienoId, nationality: 'KE' },
      { fullName: fatuma, passportNumber: fatumaPassport, nationality: 'KE' },
    ],
  });
  await ctx.decide(revoked.id, 'revocation', revoked.version, { reason: 'passports confiscated' });
  await ctx.caughtUp();

  const again = await ctx.apply({
    directors: [
      { fullName: otieno, nationalId: otienoId, nationality: 'KE' },
      { fullName: grace, nationalId: graceId, nationality: 'KE' },
    ],
  });
  const flag = {
    kind: 'director-of-revoked-agency',
    revokedAgencyId: revoked.id,
    revokedAgencyName: revokedName,
    directorIndex: 0,
  };
  t.same(
    (await call('GET', `/agencies/${again.id}`, { token: tokens.officer })).body.flags,
    [{ ...flag, director: `nid:${otienoId}` }],
    'the same national id in a new agency is flagged, naming the revoked agency and the director',
  );

  const subject = (await storedDirectors(again.id))[0]?.subject ?? '';
  t.equal(
    subject,
    (await storedDirectors(revoked.id))[0]?.subject,
    'one data subject, one key, in both agencies',
  );
  await ctx.system.modules.agencyRegistry.vault.erase(subject);

  const after = await call('GET', `/agencies/${again.id}`, { token: tokens.officer });
  t.equal(after.status, 200);
  t.same(
    after.body.directors,
    [
      { fullName: null, nationalId: null, passportNumber: null, nationality: 'KE', erased: true },
      { fullName: grace, nationalId: graceId, passportNumber: null, nationality: 'KE', erased: false },
    ],
    'the erased director shows as erased, keeping the nationality; the other director is intact',
  );
  t.same(
    after.body.flags,
    [{ ...flag, director: null }],
    'the flag still names the revoked agency and the director; no id',
  );
  const before = await call('GET', `/agencies/${revoked.id}`, { token: tokens.director });
  t.same(
    before.body.directors.map((d: { fullName: string | null; erased: boolean }) => [d.fullName, d.erased]),
    [
      [null, true],
      [fatuma, false],
    ],
    'erased in the revoked agency too, and its other director is intact',
  );

  // No key is made again for an erased director, so nothing new can be recorded about them.
  const naming = licenceApplicationBody({
    directors: [{ fullName: otieno, nationalId: otienoId, nationality: 'KE' }],
  });
  const refused = await call('POST', '/agencies', { token: tokens.officer, body: naming });
  assertProblem(t, refused, 409, 'subject-erased', 'an application naming the erased director');
  t.notOk(refused.text.includes(otienoId), 'the refusal does not echo the id');
  const retried = await call('POST', '/agencies', {
    token: tokens.officer,
    body: { ...naming, directors: [{ fullName: grace, nationalId: graceId, nationality: 'KE' }] },
  });
  t.equal(retried.status, 201, 'the refused application released its registration number and KRA PIN');
});
