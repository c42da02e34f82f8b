import t from 'tap';
import { caseTypeOfReferral } from './referral.ts';

/** A referred complaint opens a case of the kind its categories call for. */
t.test('the case type follows the most pressing category', async (t) => {
  t.equal(caseTypeOfReferral(['withheld-wages', 'death']), 'death-case', 'a death comes first');
  t.equal(caseTypeOfReferral(['stranded', 'confinement']), 'repatriation', 'then a wish to come home');
  t.equal(caseTypeOfReferral(['withheld-wages', 'confinement']), 'rescue-shelter');
  t.equal(caseTypeOfReferral(['sexual-abuse']), 'rescue-shelter');
  t.equal(caseTypeOfReferral(['physical-abuse']), 'rescue-shelter');
  t.equal(caseTypeOfReferral(['withheld-wages', 'contract-substitution']), 'labour-dispute');
  t.equal(caseTypeOfReferral([]), 'labour-dispute');
});
