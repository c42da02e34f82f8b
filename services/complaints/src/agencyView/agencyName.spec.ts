import t from 'tap';
import { nameSimilarity, normaliseAgencyName } from './agencyName.ts';

t.test('normalising keeps the distinctive words of a name', async (t) => {
  t.same(normaliseAgencyName('Al-Safa Manpower Recruitment Agency Ltd'), ['al', 'safa', 'manpower']);
  t.same(normaliseAgencyName('  AL   SAFA   recruitment '), ['al', 'safa'], 'case and spaces do not matter');
  t.same(normaliseAgencyName('Bidii & Sons Co. Limited'), ['bidii', 'sons'], '& and generic words dropped');
  t.same(
    normaliseAgencyName('The Kenya International Employment Bureau and Consultants Services'),
    ['kenya', 'international', 'employment', 'bureau', 'consultants', 'services'],
    'a name made only of generic words keeps them, so it can still be found',
  );
  t.same(normaliseAgencyName("Mama's E.A. Agencies"), ['mamas', 'ea'], 'apostrophes and dots join');
  t.same(normaliseAgencyName('Café Überseas Intl'), ['cafe', 'uberseas'], 'accents dropped');
  t.same(normaliseAgencyName('Safa Safa Ltd'), ['safa'], 'each word once');
  t.same(normaliseAgencyName('!!!'), []);
});

t.test('similarity is the Dice coefficient over distinctive words', async (t) => {
  const full = normaliseAgencyName('Al-Safa Manpower Recruitment Agency Ltd');
  t.equal(nameSimilarity(normaliseAgencyName('al safa manpower'), full), 1, 'same words score 1');
  t.equal(
    nameSimilarity(normaliseAgencyName('Al Safa Recruitment'), full),
    0.8,
    'a partial name scores high',
  );
  t.equal(nameSimilarity(normaliseAgencyName('Bidii Agency'), full), 0, 'nothing shared scores 0');
  t.equal(nameSimilarity([], full), 0);
  t.equal(nameSimilarity(['al', 'noor'], full), 0.4);
  t.equal(nameSimilarity(['a', 'b'], ['b', 'a']), nameSimilarity(['b', 'a'], ['a', 'b']), 'symmetric');
});
