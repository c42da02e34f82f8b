import t from 'tap';
import { normaliseAgencyName } from './agencyName.ts';

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
