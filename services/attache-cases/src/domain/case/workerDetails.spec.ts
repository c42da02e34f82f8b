import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import { caseDecider } from './index.ts';
import {
  closed,
  day,
  detailsRecorded,
  erased,
  openedEvent,
  openFromReferral,
  recordDetails,
  referralActor,
  update,
  updated,
} from './specFixtures.ts';

/**
 * A case opened from a referred complaint has no worker details: the attaché adds them (sealed) once they
 * reach the worker, as a change like any other (its updateId, its version). A worker may also ask for a
 * correction. Sex, age band and occupation stay clear; a date of birth is reduced to its band.
 */
const spec = deciderSpec(caseDecider);
const referred = caseDecider.decide(openFromReferral(), caseDecider.initialState());

t.test('the attaché adds the worker’s details to a referred case', async (t) => {
  spec(t)
    .given(referred)
    .when(recordDetails(day(1)))
    .then([detailsRecorded(day(1))]);
  t.match(referred[0]?.data, { openedBy: referralActor }, 'a referred case, opened by the service');
});

t.test('an age band given instead of a date of birth, or neither', async (t) => {
  spec(t)
    .given(referred)
    .when(recordDetails(day(1), { dateOfBirth: undefined, ageBand: '35-44' }))
    .then([detailsRecorded(day(1), { ageBand: '35-44' })]);
  const noBand = detailsRecorded(day(1));
  const { ageBand: _ageBand, ...worker } = noBand.data.worker;
  spec(t)
    .given(referred)
    .when(recordDetails(day(1), { dateOfBirth: undefined }))
    .then([{ ...noBand, data: { ...noBand.data, worker } }]);
});

t.test('an implausible date of birth is refused, naming the field', async (t) => {
  spec(t)
    .given(referred)
    .when(recordDetails(day(1), { dateOfBirth: '2090-01-01' }))
    .thenThrows({
      type: 'implausible-date-of-birth',
      kind: 'invalid',
      extra: {
        errors: [{ path: 'worker.dateOfBirth', message: 'must be a past date within the last 100 years' }],
      },
    });
});

t.test('sent again it decides nothing; another change under its updateId is refused', async (t) => {
  spec(t)
    .given([...referred, detailsRecorded(day(1))])
    .when(recordDetails(day(2)))
    .thenNothing();
  spec(t)
    .given([...referred, detailsRecorded(day(1))])
    .when(update(day(2), { kind: 'employer-contacted', date: day(2).slice(0, 10) }))
    .thenThrows({ type: 'update-id-reused', kind: 'conflict' });
  spec(t)
    .given([...referred, updated(day(1), { kind: 'employer-contacted', date: day(1).slice(0, 10) })])
    .when(recordDetails(day(2)))
    .thenThrows({ type: 'update-id-reused', kind: 'conflict' });
});

t.test('a correction of an attaché’s own case', async (t) => {
  spec(t)
    .given([openedEvent])
    .when(recordDetails(day(1), { sex: 'female' }))
    .then([detailsRecorded(day(1))]);
});

t.test('not on a closed case, nor once the worker’s data is erased', async (t) => {
  spec(t)
    .given([openedEvent, closed(day(1), 'resolved', { n: 2 })])
    .when(recordDetails(day(2)))
    .thenThrows({ type: 'case-closed', kind: 'conflict' });
  spec(t)
    .given([openedEvent, erased(day(1))])
    .when(recordDetails(day(2)))
    .thenThrows({ type: 'worker-data-erased', kind: 'conflict' });
});
