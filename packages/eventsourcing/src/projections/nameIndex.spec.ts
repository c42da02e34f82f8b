import t from 'tap';
import {
  type CandidateLimits,
  nameSimilarity,
  nameWords,
  planCandidateReads,
  wordsToLookUp,
} from './nameIndex.ts';

const limits: CandidateLimits = { maxIdsRead: 100, maxWords: 3, commonWordShare: 0.05, maxCandidates: 5 };
const total = (reads: { count: number }[]) => reads.reduce((sum, r) => sum + r.count, 0);

t.test('the rarest words are read first, within the budget', async (t) => {
  t.same(
    planCandidateReads(
      [
        { word: 'gulf', entries: 900 },
        { word: 'safa', entries: 3 },
        { word: 'al', entries: 60 },
      ],
      20_000,
      limits,
    ),
    [
      { word: 'safa', count: 3 },
      { word: 'al', count: 60 },
      { word: 'gulf', count: 37 },
    ],
    'rarest first; the last rare word gets what is left',
  );
  t.same(
    planCandidateReads(
      [
        { word: 'b', entries: 5 },
        { word: 'a', entries: 5 },
      ],
      1000,
      limits,
    ),
    [
      { word: 'a', count: 5 },
      { word: 'b', count: 5 },
    ],
    'equal sizes: by word, so the same name reads the same ids',
  );
  t.same(
    planCandidateReads([{ word: 'nowhere', entries: 0 }], 1000, limits),
    [],
    'unknown words read nothing',
  );
});

t.test('a common word is read only when every word is common', async (t) => {
  const manpower = { word: 'manpower', entries: 50_000 };
  t.same(
    planCandidateReads([manpower, { word: 'zebra', entries: 2 }], 200_000, limits),
    [{ word: 'zebra', count: 2 }],
    'with a rare word, the common one only scores what the rare one found',
  );
  const sampled = planCandidateReads([manpower, { word: 'gulf', entries: 30_000 }], 200_000, limits);
  t.same(
    sampled,
    [
      { word: 'gulf', count: 50 },
      { word: 'manpower', count: 50 },
    ],
    'all common: a bounded sample of each',
  );
  t.same(
    planCandidateReads([manpower], 60_000, limits),
    [{ word: 'manpower', count: 100 }],
    'one common word: a sample of the whole budget',
  );
  t.same(
    planCandidateReads([{ word: 'manpower', entries: 80 }], 100, limits),
    [{ word: 'manpower', count: 80 }],
    'in a small registry a word within the budget is never common: it is read whole',
  );
});

t.test('no plan reads more than the budget, whatever the sizes', async (t) => {
  for (const sizes of [[1e6], [1e6, 1e6, 1e6], [99, 99, 99], [1, 1e6], [150, 20]]) {
    const plan = planCandidateReads(
      sizes.map((entries, i) => ({ word: `w${i}`, entries })),
      2e6,
      limits,
    );
    t.ok(total(plan) <= limits.maxIdsRead, `${sizes.join(',')}: ${total(plan)} ids`);
  }
});

t.test('only the first words of a long name are looked up', async (t) => {
  t.same(wordsToLookUp(['a', 'b', 'a', 'c', 'd'], limits), ['a', 'b', 'c']);
});

const generic = new Set(['ltd', 'recruitment', 'agency', 'agencies', 'co', 'limited']);
const words = (name: string) => nameWords(name, generic);

t.test(
  "a name's words: distinctive, lower case, each once; generic ones only when nothing else is left",
  async (t) => {
    t.same(words('Al-Safa Manpower Recruitment Agency Ltd'), ['al', 'safa', 'manpower']);
    t.same(words('  AL   SAFA   recruitment '), ['al', 'safa'], 'case and spaces do not matter');
    t.same(words('Bidii & Sons Co. Limited'), ['bidii', 'sons'], '& and generic words dropped');
    t.same(words('The Recruitment Agency'), ['recruitment', 'agency'], 'only generic words: kept, not "the"');
    t.same(words("Mama's E.A. Agencies"), ['mamas', 'ea'], 'apostrophes and dots join');
    t.same(words('Café Überseas'), ['cafe', 'uberseas'], 'accents dropped');
    t.same(words('Safa Safa Ltd'), ['safa'], 'each word once');
    t.same(words('!!!'), []);
  },
);

t.test('similarity is the Dice coefficient over distinctive words', async (t) => {
  const full = words('Al-Safa Manpower Recruitment Agency Ltd');
  t.equal(nameSimilarity(words('al safa manpower'), full), 1, 'same words score 1');
  t.equal(nameSimilarity(words('Al Safa Recruitment'), full), 0.8, 'a partial name scores high');
  t.equal(nameSimilarity(words('Bidii Agency'), full), 0, 'nothing shared scores 0');
  t.equal(nameSimilarity([], full), 0);
  t.equal(nameSimilarity(['al', 'noor'], full), 0.4);
  t.equal(nameSimilarity(['a', 'b'], ['b', 'a']), nameSimilarity(['b', 'a'], ['a', 'b']), 'symmetric');
});
