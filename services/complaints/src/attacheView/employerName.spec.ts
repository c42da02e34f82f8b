import t from 'tap';
import { employerWordsIn, normaliseEmployerName } from './employerName.ts';

t.test('an employer name keeps its distinctive words', async (t) => {
  t.same(
    normaliseEmployerName('Al-Safa General Trading Est.'),
    ['safa'],
    '"Al", trade and legal form dropped',
  );
  t.same(
    normaliseEmployerName('Nasser Bin Ali Al-Otaibi Contracting Co. W.L.L.'),
    ['nasser', 'ali', 'otaibi'],
    'particles of a family name and W.L.L. dropped',
  );
  t.same(normaliseEmployerName('El Noor Cleaning Services LLC'), ['noor', 'cleaning']);
  t.same(
    normaliseEmployerName('Trading Company LLC'),
    ['trading', 'company', 'llc'],
    'a name made only of generic words keeps them, so it can still be found',
  );
});

t.test("an employer is indexed under its words in its country, whatever the code's case", async (t) => {
  t.same(employerWordsIn('SA', 'Al Safa Household Est'), ['sa:safa', 'sa:household']);
  t.same(employerWordsIn('qa', 'Al Safa Household Est'), ['qa:safa', 'qa:household']);
  t.same(employerWordsIn('SA', '!!!'), []);
});
