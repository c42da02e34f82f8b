import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import { caseDecider } from './index.ts';
import {
  close,
  closed,
  dateOf,
  day,
  erase,
  erased,
  noteAction,
  openedEvent,
  sealedText,
  update,
  updated,
} from './specFixtures.ts';

/**
 * The worker's personal data is erased as a complaint's complainant's is: the key is destroyed, then the
 * erasure recorded. The case goes on with what is clear (sex, age band, dates, outcomes).
 */
const spec = deciderSpec(caseDecider);

t.test('the erasure is recorded with the subject whose key was destroyed, open or closed', async (t) => {
  spec(t)
    .given([openedEvent])
    .when(erase(day(1)))
    .then([erased(day(1))]);
  spec(t)
    .given([openedEvent, closed(day(1))])
    .when(erase(day(2)))
    .then([erased(day(2))]);
});

t.test('once', async (t) => {
  spec(t)
    .given([openedEvent, erased(day(1))])
    .when(erase(day(2)))
    .thenThrows({ type: 'worker-data-already-erased', kind: 'conflict' });
});

t.test('afterwards no text about the worker is recorded: there is no key to seal it with', async (t) => {
  const refused = { type: 'worker-data-erased', kind: 'conflict' } as const;
  const given = [openedEvent, erased(day(1))];
  spec(t)
    .given(given)
    .when(update(day(2), noteAction()))
    .thenThrows(refused, 'a note');
  spec(t)
    .given(given)
    .when(update(day(2), { kind: 'employer-contacted', date: dateOf(2), note: sealedText('x') }))
    .thenThrows(refused, 'an action with a note');
  spec(t)
    .given(given)
    .when(close(day(2), 'resolved', { note: 'x' }))
    .thenThrows(refused, 'a closure note');
});

t.test('afterwards the case goes on without text', async (t) => {
  const given = [openedEvent, erased(day(1))];
  const contacted = { kind: 'employer-contacted', date: dateOf(2) } as const;
  spec(t)
    .given(given)
    .when(update(day(2), contacted))
    .then([updated(day(2), contacted)]);
  spec(t)
    .given(given)
    .when(close(day(2), 'resolved'))
    .then([closed(day(2), 'resolved')]);
});
