import t from 'tap';
import { type CandidateLimits, planCandidateReads, wordsToLookUp } from './candidateReads.ts';

const limits: CandidateLimits = { maxIdsRead: 100, maxWords: 3, commonWordShare: 0.05, maxCandidates: 5 };
const total = (reads: { count: number }[]) => reads.reduce((sum, r) => sum + r.count, 0);

t.test('the rarest words are read first, within the budget', async (t) => {
  t.same(
    planCandidateReads(
      [
        { word: 'gulf', agencies: 900 },
        { word: 'safa', agencies: 3 },
        { word: 'al', agencies: 60 },
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
        { word: 'b', agencies: 5 },
        { word: 'a', agencies: 5 },
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
    planCandidateReads([{ word: 'nowhere', agencies: 0 }], 1000, limits),
    [],
    'unknown words read nothing',
  );
});

t.test('a common word is read only when every word is common', async (t) => {
  const manpower = { word: 'manpower', agencies: 50_000 };
  t.same(
    planCandidateReads([manpower, { word: 'zebra', agencies: 2 }], 200_000, limits),
    [{ word: 'zebra', count: 2 }],
    'with a rare word, the common one only scores what the rare one found',
  );
  const sampled = planCandidateReads([manpower, { word: 'gulf', agencies: 30_000 }], 200_000, limits);
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
    planCandidateReads([{ word: 'manpower', agencies: 80 }], 100, limits),
    [{ word: 'manpower', count: 80 }],
    'in a small registry a word within the budget is never common: it is read whole',
  );
});

t.test('no plan reads more than the budget, whatever the sizes', async (t) => {
  for (const sizes of [[1e6], [1e6, 1e6, 1e6], [99, 99, 99], [1, 1e6], [150, 20]]) {
    const plan = planCandidateReads(
      sizes.map((agencies, i) => ({ word: `w${i}`, agencies })),
      2e6,
      limits,
    );
    t.ok(total(plan) <= limits.maxIdsRead, `${sizes.join(',')}: ${total(plan)} ids`);
  }
});

t.test('only the first words of a long name are looked up', async (t) => {
  t.same(wordsToLookUp(['a', 'b', 'a', 'c', 'd'], limits), ['a', 'b', 'c']);
});
