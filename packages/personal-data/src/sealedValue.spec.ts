import t from 'tap';
import { additionalData, type FieldBinding, MAX_BINDING_PART_LENGTH, parseSealed } from './sealedValue.ts';
import { MemorySubjectKeyStore, type SubjectKeyStore } from './subjectKeyStore.ts';
import { PersonalDataIntegrityError, PersonalDataVault } from './vault.ts';

const complaintId = '0b6f2d4e-6a7c-4d1e-9a43-1f0c9e2b7a10';
const alice = `complainant:${complaintId}`;
const bob = 'complainant:5c2a9e71-3b8d-4f6a-8e12-7d4b0a9c3e55';
const complainant = { fullName: 'Jane Wanjiku', phone: '+254712345678' };
const lodged: FieldBinding = { record: `complaint.${complaintId}`, field: 'complainant' };

/**
 * A store that hands every subject one fixed key. A real store never does; here it lets a test show that
 * the AAD alone keeps values apart, and opens values sealed outside this code (the vectors below).
 */
const fixedKeyStore = (key: Buffer): SubjectKeyStore => ({
  create: async () => Buffer.from(key),
  get: async () => ({ state: 'active', key: Buffer.from(key) }),
  destroy: async () => {},
});
const VECTOR_KEY = Buffer.from('AwoRGB8mLTQ7QklQV15lbHN6gYiPlp2kq7K5wMfO1dw=', 'base64');
/** Sealed by the vault as it was before bindings (AES-256-GCM, AAD = the subject id), for alice. */
const PD1_VECTOR =
  'pd1.obLD1OX2BxgpOktc.QEtbc0dN6P45F7_6hx6w-lsNMnHpcpPPpZ3f3BfQ8w4drudQfRimaYpJ-cBfeU22VkXFis4SDZAHRuGzeJd8K2GPVg';
/** The same value sealed as pd2 for alice in `lodged`, by an independent implementation of the format. */
const PD2_VECTOR =
  'pd2.Dx4tPEtaaXiHlqW0.tbvtxYyDwtCD_LaueVjPrpArbGznUUOhU-FeaGQBDNBLP2FYbcuieF5JCh0mJCmSxy_cQ5iJYKqjVWcTfPuNeF6bAA';

t.test('a pd2 value opens only in the record and field it was sealed for', async (t) => {
  const vault = new PersonalDataVault(new MemorySubjectKeyStore());
  const sealed = await vault.seal(alice, complainant, lodged);
  t.same(await vault.open(alice, sealed, lodged), { erased: false, value: complainant });

  const otherComplaint = { ...lodged, record: 'complaint.5c2a9e71-3b8d-4f6a-8e12-7d4b0a9c3e55' };
  const err = await vault.open(alice, sealed, otherComplaint).catch((e: unknown) => e);
  t.type(err, PersonalDataIntegrityError, 'moved to another record');
  t.match(err, { subjectId: alice, message: /another subject, record or field/ });
  await t.rejects(
    vault.open(alice, sealed, { ...lodged, field: 'note:1' }),
    PersonalDataIntegrityError,
    'moved to another field of the same record',
  );
  await t.rejects(
    vault.open(alice, sealed, { record: lodged.field, field: lodged.record }),
    PersonalDataIntegrityError,
    'record and field swapped',
  );
});

t.test('the binding is encoded without ambiguity: no two triples share an AAD', async (t) => {
  // One key for everyone, so only the AAD can refuse.
  const vault = new PersonalDataVault(fixedKeyStore(VECTOR_KEY));
  const lookalikes: [string, FieldBinding, string, FieldBinding][] = [
    [alice, { record: 'a', field: 'b.c' }, alice, { record: 'a.b', field: 'c' }],
    [alice, { record: 'a', field: 'b:c' }, alice, { record: 'a:b', field: 'c' }],
    [alice, { record: 'a', field: 'b\u0000c' }, alice, { record: 'a\u0000b', field: 'c' }],
    [alice, { record: 'a', field: 'b|c' }, alice, { record: 'a|b', field: 'c' }],
    ['s:x', { record: 'y.z', field: 'f' }, 's:x.y', { record: 'z', field: 'f' }],
    ['s:x', { record: 'y', field: 'f' }, 's:xy', { record: '', field: 'f' }],
  ];
  for (const [subject, binding, otherSubject, other] of lookalikes) {
    const label = `${JSON.stringify([subject, binding])} vs ${JSON.stringify([otherSubject, other])}`;
    t.not(
      additionalData('pd2', subject, binding).toString('hex'),
      additionalData('pd2', otherSubject, other).toString('hex'),
      label,
    );
    if (other.record === '') continue; // not a binding the vault accepts; the AADs still differ
    const sealed = await vault.seal(subject, 'x', binding);
    await t.rejects(vault.open(otherSubject, sealed, other), PersonalDataIntegrityError, label);
  }
});

t.test('the pd2 format is fixed: a value sealed elsewhere by its definition opens', async (t) => {
  t.equal(
    additionalData('pd2', alice, lodged).toString('hex'),
    [
      '00000003',
      Buffer.from('pd2').toString('hex'),
      '00000030',
      Buffer.from(alice).toString('hex'),
      '0000002e',
      Buffer.from(lodged.record).toString('hex'),
      '0000000b',
      Buffer.from(lodged.field).toString('hex'),
    ].join(''),
    'each part: 4-byte big-endian byte length, then its UTF-8 bytes',
  );
  const vault = new PersonalDataVault(fixedKeyStore(VECTOR_KEY));
  t.same(await vault.open(alice, PD2_VECTOR, lodged), { erased: false, value: complainant });
  await t.rejects(
    vault.open(alice, PD2_VECTOR, { ...lodged, field: 'narrative' }),
    PersonalDataIntegrityError,
  );
});

t.test('pd1 values from existing logs still open, bound to their subject only', async (t) => {
  const vault = new PersonalDataVault(fixedKeyStore(VECTOR_KEY));
  t.same(await vault.open(alice, PD1_VECTOR, lodged), { erased: false, value: complainant });
  t.same(
    await vault.open(alice, PD1_VECTOR, { record: 'agency.x', field: 'director' }),
    { erased: false, value: complainant },
    'pd1 carries no record or field: any binding of the subject opens it (why pd2 exists)',
  );
  await t.rejects(vault.open(bob, PD1_VECTOR, lodged), PersonalDataIntegrityError, 'another subject');
  const [, iv, body] = PD1_VECTOR.split('.');
  await t.rejects(
    vault.open(alice, `pd2.${iv}.${body}`, lodged),
    PersonalDataIntegrityError,
    'relabelled as pd2',
  );
  const erased = new PersonalDataVault(new MemorySubjectKeyStore());
  await erased.erase(alice);
  t.same(await erased.open(alice, PD1_VECTOR, lodged), { erased: true }, 'and an erasure erases them');
});

t.test('a pd2 value relabelled as pd1 does not open (no downgrade to the weaker binding)', async (t) => {
  const vault = new PersonalDataVault(new MemorySubjectKeyStore());
  const [, iv, body] = (await vault.seal(alice, complainant, lodged)).split('.');
  await t.rejects(vault.open(alice, `pd1.${iv}.${body}`, lodged), PersonalDataIntegrityError);
});

t.test('a binding is two non-empty, well-formed strings of bounded length', async (t) => {
  const vault = new PersonalDataVault(new MemorySubjectKeyStore());
  const sealed = await vault.seal(alice, 1, lodged);
  const bad: [string, unknown][] = [
    ['missing', undefined],
    ['no field', { record: lodged.record }],
    ['empty record', { record: '', field: 'f' }],
    ['empty field', { record: 'r', field: '' }],
    ['not a string', { record: 'r', field: 7 }],
    ['too long', { record: 'r'.repeat(MAX_BINDING_PART_LENGTH + 1), field: 'f' }],
    ['a lone surrogate (it would encode like U+FFFD)', { record: 'r\uD800', field: 'f' }],
  ];
  for (const [label, binding] of bad) {
    await t.rejects(vault.seal(alice, 1, binding as FieldBinding), TypeError, `seal: ${label}`);
    await t.rejects(vault.open(alice, sealed, binding as FieldBinding), TypeError, `open: ${label}`);
  }
  const longest = { record: 'r'.repeat(MAX_BINDING_PART_LENGTH), field: 'é✓' };
  t.same(await vault.open(alice, await vault.seal(alice, 2, longest), longest), { erased: false, value: 2 });
});

t.test('parseSealed reads both versions and nothing else', async (t) => {
  t.match(parseSealed(PD1_VECTOR), { version: 'pd1' });
  t.match(parseSealed(PD2_VECTOR), { version: 'pd2' });
  const [, iv, body] = PD2_VECTOR.split('.');
  for (const text of [`pd3.${iv}.${body}`, `PD2.${iv}.${body}`, `pd2.${iv}`, 42, null])
    t.equal(parseSealed(text), undefined, String(text));
});
