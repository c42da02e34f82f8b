import t from 'tap';
import { licenceApplicationSchema } from './licenceApplication.ts';
import { licenceApplicationBody } from './specFixtures.ts';

/** POST /agencies bodies: what the registry accepts, and where it says a field is wrong. */
const valid = licenceApplicationBody({
  // A director with a passport only, and a country code in lower case (normalised).
  directors: [
    { fullName: 'Wanjiru Kamau', nationalId: '12345678', nationality: 'KE' },
    { fullName: 'Hassan Omar', passportNumber: 'AK1234567', nationality: 'ke' },
  ],
  associationMembership: 'KAPEA',
  codeOfConductSigned: true,
});

/** The paths of the issues when `body` is refused; none when it is accepted. */
const refusedAt = (body: unknown): Array<Array<string | number>> => {
  const result = licenceApplicationSchema.safeParse(body);
  return result.success ? [] : result.error.issues.map((i) => i.path as Array<string | number>);
};

t.test('a complete application is accepted and normalised', async (t) => {
  const parsed = licenceApplicationSchema.parse({ ...valid, kraPin: ' p051234567x ' });
  t.equal(parsed.kraPin, 'P051234567X', 'KRA PIN trimmed and upper-cased');
  t.equal(parsed.directors[1]?.nationality, 'KE', 'country codes upper-cased');
  t.equal(parsed.directors.length, 2, 'a director with only a passport is fine');
});

t.test('a KRA PIN must be a letter, 9 digits and a letter', async (t) => {
  for (const kraPin of ['P05123456X', '051234567XX', 'P0512345678', 'P05123456 7X', '']) {
    t.same(refusedAt({ ...valid, kraPin }), [['kraPin']], `"${kraPin}" is refused`);
  }
});

t.test('the phone must be E.164', async (t) => {
  for (const phone of ['0712345678', '254712345678', '+0712345678', '+254 712 345 678', '+2547']) {
    t.same(refusedAt({ ...valid, phone }), [['phone']], `"${phone}" is refused`);
  }
});

t.test('the email must be an email address', async (t) => {
  for (const email of ['info', 'info@', '@amani.example', 'info amani@example.com']) {
    t.same(refusedAt({ ...valid, email }), [['email']], `"${email}" is refused`);
  }
});

t.test('at least one director', async (t) => {
  t.same(refusedAt({ ...valid, directors: [] }), [['directors']]);
  const { directors: _, ...withoutDirectors } = valid;
  t.same(refusedAt(withoutDirectors), [['directors']]);
});

t.test('a director needs a national ID or a passport number; the error points at nationalId', async (t) => {
  const noId = { fullName: 'Wanjiru Kamau', nationality: 'KE' };
  const result = licenceApplicationSchema.safeParse({ ...valid, directors: [valid.directors[0], noId] });
  t.notOk(result.success);
  t.same(
    result.error?.issues.map((i) => i.path),
    [['directors', 1, 'nationalId']],
  );
  t.match(result.error?.issues[0]?.message, /national ID or a passport/);
});

t.test('unknown fields are refused, at the top and inside', async (t) => {
  const top = licenceApplicationSchema.safeParse({ ...valid, licenceNumber: 'NEA/PRA/2026/00001' });
  t.notOk(top.success, 'a client cannot smuggle in a licence number');
  t.match(top.error?.issues, [{ code: 'unrecognized_keys', keys: ['licenceNumber'] }]);
  t.same(
    refusedAt({ ...valid, directors: [{ ...valid.directors[0], sex: 'female' }] }),
    [['directors', 0]],
    'nor extra personal data on a director',
  );
  t.same(refusedAt({ ...valid, guarantee: { ...valid.guarantee, bonus: 1 } }), [['guarantee']]);
});

t.test('the guarantee is a bank or insurance guarantee with a positive whole amount', async (t) => {
  t.same(refusedAt({ ...valid, guarantee: { ...valid.guarantee, kind: 'cash' } }), [['guarantee', 'kind']]);
  t.same(refusedAt({ ...valid, guarantee: { ...valid.guarantee, amountKes: 0 } }), [
    ['guarantee', 'amountKes'],
  ]);
  t.same(refusedAt({ ...valid, guarantee: { ...valid.guarantee, amountKes: 1500.5 } }), [
    ['guarantee', 'amountKes'],
  ]);
});

t.test('free text with control characters is refused, naming the field', async (t) => {
  const parsed = licenceApplicationSchema.safeParse({ ...valid, name: '\u0000\u0000' });
  t.notOk(parsed.success);
  t.match(
    parsed.error?.issues.map((i) => i.path.join('.')),
    ['name'],
  );
});
