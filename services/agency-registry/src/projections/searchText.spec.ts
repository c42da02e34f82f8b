import t from 'tap';
import { decodeCursor, encodeCursor } from './searchCursor.ts';
import { identifierKeyOf, idOfSortKey, searchWordsOf, sortKeyOf } from './searchText.ts';

t.test(
  'words: lower case, accents dropped, apostrophes and dots join, other punctuation separates',
  async (t) => {
    t.same(searchWordsOf("Mama's Fadhilí E.A. Al-Safa  Agency"), [
      'mamas',
      'fadhili',
      'ea',
      'al',
      'safa',
      'agency',
    ]);
    t.same(searchWordsOf('Amani AMANI amani Ltd'), ['amani', 'ltd'], 'each word once');
    t.same(searchWordsOf('The Bank of Kenya'), ['the', 'bank', 'of', 'kenya'], 'common words are kept');
    t.same(searchWordsOf(' -- !! '), [], 'no letters, no words');
  },
);

t.test('identifiers: one key whatever the case, spacing or punctuation', async (t) => {
  for (const typed of ['NEA/PRA/2026/00012', 'nea pra 2026 00012', 'NEA-PRA-2026-00012'])
    t.equal(identifierKeyOf(typed), 'neapra202600012', typed);
  t.equal(identifierKeyOf('PVT-2026-2026'), 'pvt20262026', 'a repeated part is not dropped');
  t.equal(identifierKeyOf('--'), '');
});

t.test('a sort key orders by lower-case name, then id, and gives its id back', async (t) => {
  const id = '0b5ad0a4-8a7e-4c3b-9d62-2f0c3c1d9e11';
  t.ok(
    sortKeyOf('Amani', id) < sortKeyOf('amani ltd', '00000000-0000-4000-8000-000000000000'),
    'a name before longer names',
  );
  t.equal(idOfSortKey(sortKeyOf('Amani', id)), id);
});

t.test('a cursor round-trips; anything else is a 400 naming the cursor', async (t) => {
  const key = sortKeyOf('Amani Ltd', '0b5ad0a4-8a7e-4c3b-9d62-2f0c3c1d9e11');
  t.equal(decodeCursor(encodeCursor(key)), key);
  for (const bad of [
    '',
    'not base64!',
    Buffer.from('no separator').toString('base64url'),
    Buffer.from('amani\u0000not-a-uuid').toString('base64url'),
    Buffer.from('am\u0007ani\u00000b5ad0a4-8a7e-4c3b-9d62-2f0c3c1d9e11').toString('base64url'),
    `${encodeCursor(key)}A`,
    Buffer.from([0xff, 0x00, 0x41]).toString('base64url'),
  ]) {
    const refusal = (() => {
      try {
        decodeCursor(bad);
      } catch (error) {
        return error;
      }
    })();
    t.match(
      refusal,
      { kind: 'bad-request', extra: { errors: [{ path: 'query.cursor' }] } },
      `${JSON.stringify(bad)}: a 400 (kind bad-request) naming the cursor`,
    );
  }
});
