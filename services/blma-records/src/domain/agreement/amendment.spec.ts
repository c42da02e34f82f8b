import { foldEvents } from '@kazi/core';
import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import { agreementAsOf } from './asOf.ts';
import type { AgreementEvent } from './events.ts';
import { agreementDecider } from './index.ts';
import {
  amend,
  amended,
  amendedProvisions,
  amendedSectors,
  amendmentSummary,
  expired,
  inForce,
  negotiating,
  noonOf,
  provisions,
  reviewed,
  sectors,
  signedAgreement,
  underReview,
} from './specFixtures.ts';

/**
 * An amendment changes the provisions (and the sectors) from its day and keeps the history: what stood
 * before it can still be told.
 */
const spec = deciderSpec(agreementDecider);
const fold = (events: readonly AgreementEvent[]) =>
  foldEvents(agreementDecider, agreementDecider.initialState(), events);

t.test('an agreement in force is amended from a day, with the whole terms after it', async (t) => {
  spec(t)
    .given(inForce)
    .when(amend('2026-06-01'))
    .then([amended('2026-06-01')]);
});

t.test('an amendment ends a review: under-review → in-force (amended)', async (t) => {
  const after = [...underReview, reviewed('2027-02-10', 'amend')];
  spec(t)
    .given(after)
    .when(amend('2027-04-01'))
    .then([amended('2027-04-01')]);
  t.equal(fold([...after, amended('2027-04-01')]).status, 'in-force');
});

t.test('the sectors stay as they were when the amendment does not name them', async (t) => {
  const { sectors: _, ...unchangedSectors } = amend('2026-06-01');
  spec(t)
    .given(inForce)
    .when(unchangedSectors)
    .then([amended('2026-06-01', { sectors })]);
});

t.test('the sectors alone may change', async (t) => {
  spec(t)
    .given(inForce)
    .when(amend('2026-06-01', { provisions, sectors: amendedSectors }))
    .then([amended('2026-06-01', { provisions, sectors: amendedSectors })]);
});

t.test('amendments are numbered', async (t) => {
  const second = [
    ...provisions,
    { kind: 'medical-cover' as const, text: 'Medical insurance paid by the employer.' },
  ];
  spec(t)
    .given([...inForce, amended('2026-06-01')])
    .when(amend('2026-12-01', { provisions: second }))
    .then([amended('2026-12-01', { provisions: second, amendment: 2 })]);
});

t.test('an amendment that changes nothing is refused, whatever the order of its provisions', async (t) => {
  spec(t)
    .given(inForce)
    .when(amend('2026-06-01', { provisions: [...provisions].reverse(), sectors: [...sectors].reverse() }))
    .thenThrows({ type: 'amendment-changes-nothing', kind: 'conflict' });
});

t.test('only an agreement in force or under review is amended', async (t) => {
  spec(t)
    .given(negotiating)
    .when(amend('2026-01-10'))
    .thenThrows({
      type: 'invalid-transition',
      kind: 'conflict',
      extra: {
        status: 'negotiating',
        allowed: ['in-force', 'under-review'],
      },
    });
  spec(t).given(signedAgreement).when(amend('2026-01-25')).thenThrows({ type: 'invalid-transition' });
  spec(t).given(expired).when(amend('2031-03-01')).thenThrows({ type: 'agreement-expired' });
});

t.test('on a day it was in force, not before its previous step, not in the future', async (t) => {
  spec(t)
    .given(inForce)
    .when(amend('2031-02-01', {}, { now: noonOf('2031-02-01') }))
    .thenThrows({ type: 'agreement-lapsed', kind: 'conflict' });
  spec(t)
    .given([...inForce, amended('2026-06-01')])
    .when(amend('2026-05-01', { provisions }))
    .thenThrows({
      type: 'date-before-previous',
      extra: { previous: { step: 'amended', date: '2026-06-01' } },
    });
  spec(t)
    .given(inForce)
    .when(amend('2026-06-01', {}, { now: noonOf('2026-05-01') }))
    .thenThrows({ type: 'date-in-future' });
});

t.test('asOf before and after an amendment', async (t) => {
  const state = fold([...inForce, amended('2026-06-01')]);
  const before = agreementAsOf(state, '2026-05-31');
  const after = agreementAsOf(state, '2026-06-01');
  t.match(
    before,
    {
      status: 'in-force',
      terms: { version: 1, validFrom: null, provisions, sectors },
      amendments: [],
    },
    'the day before: the terms as recorded',
  );
  t.match(
    after,
    {
      status: 'in-force',
      terms: { version: 2, validFrom: '2026-06-01', provisions: amendedProvisions, sectors: amendedSectors },
      amendments: [{ number: 1, date: '2026-06-01', summary: amendmentSummary }],
    },
    'from its day: the amended terms',
  );
  t.notOk(
    before?.terms.provisions.some((p) => p.kind === 'rest-days'),
    'no rest days before the amendment',
  );
  t.ok(
    after?.terms.provisions.some((p) => p.kind === 'rest-days'),
    'rest days after it',
  );
  t.same(
    state.terms.map((terms) => terms.version),
    [1, 2],
    'the state keeps both versions',
  );
});
