import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import { agreementDecider } from './index.ts';
import {
  amended,
  enteredIntoForce,
  expired,
  flagReviewDue,
  inForce,
  inForceFrom,
  negotiating,
  noonOf,
  review,
  reviewDue,
  reviewed,
  reviewFlagged,
  signedAgreement,
  underReview,
} from './specFixtures.ts';

/**
 * When its review falls due the clock puts an agreement under review, once per due day; a recorded review
 * has findings and a recommendation: to renew returns it to in-force, to amend or terminate keeps it under
 * review until that is done.
 */
const spec = deciderSpec(agreementDecider);

/** Midnight in Nairobi starting the review's day. */
const due = '2027-01-31T21:00:00.000Z';

t.test('the clock flags a review when it falls due', async (t) => {
  t.test('an agreement in force goes under review on its review day', async (t) => {
    spec(t)
      .given(inForce)
      .when(flagReviewDue(due))
      .then([reviewFlagged(due)], 'at midnight in Nairobi');
    const later = '2027-03-01T08:00:00.000Z';
    spec(t)
      .given(inForce)
      .when(flagReviewDue(later))
      .then([reviewFlagged(later)], 'or at the next sweep');
  });
  t.test('not before', async (t) => {
    spec(t).given(inForce).when(flagReviewDue('2027-01-31T20:59:59.999Z')).thenNothing();
  });
  t.test('exactly once per review day', async (t) => {
    spec(t).given(underReview).when(flagReviewDue('2027-03-01T00:00:00.000Z')).thenNothing('not twice');
    spec(t)
      .given([...underReview, amended('2027-03-01')])
      .when(flagReviewDue('2027-03-02T00:00:00.000Z'))
      .thenNothing('not again when an amendment ends the review before any is recorded');
  });
  t.test('the next review day is flagged in its turn', async (t) => {
    const next = '2029-02-01';
    const reviewedOnce = [...underReview, reviewed('2027-02-10', 'renew', { nextReviewDue: next })];
    spec(t).given(reviewedOnce).when(flagReviewDue('2028-01-01T00:00:00.000Z')).thenNothing();
    const now = noonOf(next);
    spec(t)
      .given(reviewedOnce)
      .when(flagReviewDue(now))
      .then([reviewFlagged(now, next)]);
  });
  t.test('a review recorded before it was due does the due one', async (t) => {
    spec(t)
      .given([...inForce, reviewed('2026-11-01')])
      .when(flagReviewDue(noonOf('2027-06-01')))
      .thenNothing();
  });
  t.test('nothing for an agreement without a review day, not in force, or lapsed', async (t) => {
    const now = '2040-01-01T00:00:00.000Z';
    spec(t)
      .given([...signedAgreement, enteredIntoForce(inForceFrom, {})])
      .when(flagReviewDue(now))
      .thenNothing('no review day');
    spec(t).given(negotiating).when(flagReviewDue(now)).thenNothing('negotiating');
    spec(t).given(signedAgreement).when(flagReviewDue(now)).thenNothing('signed');
    spec(t).given(expired).when(flagReviewDue(now)).thenNothing('expired');
    spec(t).given(inForce).when(flagReviewDue(now)).thenNothing('past its last day: it expires instead');
  });
  t.test(
    'dated by the latest step already recorded when an officer recorded one after the review day',
    async (t) => {
      const now = noonOf('2027-05-01');
      spec(t)
        .given([...inForce, amended('2027-04-01', {}, { now: noonOf('2027-04-01') })])
        .when(flagReviewDue(now))
        .then([reviewFlagged(now, reviewDue, '2027-04-01')]);
    },
  );
});

t.test('a recorded review', async (t) => {
  t.test(
    'to renew returns the agreement under review to in-force; the next review is due when it says',
    async (t) => {
      const fields = { nextReviewDue: '2029-02-01' };
      spec(t)
        .given(underReview)
        .when(review('2027-02-10', 'renew', fields))
        .then([reviewed('2027-02-10', 'renew', fields)]);
    },
  );
  t.test('of an agreement in force, before its review is due', async (t) => {
    spec(t)
      .given(inForce)
      .when(review('2026-11-01', 'amend'))
      .then([reviewed('2026-11-01', 'amend')]);
  });
  t.test('every recommendation is recorded; reviews are numbered', async (t) => {
    for (const recommendation of ['renew', 'amend', 'terminate'] as const)
      spec(t)
        .given(underReview)
        .when(review('2027-02-10', recommendation))
        .then([reviewed('2027-02-10', recommendation)], recommendation);
    spec(t)
      .given([...underReview, reviewed('2027-02-10', 'amend')])
      .when(review('2027-05-10', 'renew'))
      .then([reviewed('2027-05-10', 'renew', { n: 2 })], 'the second review');
  });
  t.test('a renewal may move the expiry, to a later day', async (t) => {
    spec(t)
      .given(underReview)
      .when(review('2027-02-10', 'renew', { renewedUntil: '2036-01-31' }))
      .then([reviewed('2027-02-10', 'renew', { renewedUntil: '2036-01-31' })]);
    spec(t)
      .given(underReview)
      .when(review('2027-02-10', 'renew', { renewedUntil: '2030-01-31' }))
      .thenThrows({
        type: 'date-order',
        kind: 'invalid',
        extra: { errors: [{ path: 'renewedUntil', message: 'must be after the expiry' }] },
      });
  });
  t.test('only a recommendation to renew renews', async (t) => {
    for (const recommendation of ['amend', 'terminate'] as const)
      spec(t)
        .given(underReview)
        .when(review('2027-02-10', recommendation, { renewedUntil: '2036-01-31' }))
        .thenThrows({ type: 'renewal-needs-renew-recommendation', kind: 'invalid' }, recommendation);
  });
  t.test('the next review comes after this one and before the expiry', async (t) => {
    spec(t)
      .given(underReview)
      .when(review('2027-02-10', 'renew', { nextReviewDue: '2027-02-10' }))
      .thenThrows({
        type: 'date-order',
        extra: { errors: [{ path: 'nextReviewDue', message: 'must be after the review' }] },
      });
    spec(t)
      .given(underReview)
      .when(review('2027-02-10', 'renew', { nextReviewDue: '2031-06-01' }))
      .thenThrows({
        type: 'date-order',
        extra: { errors: [{ path: 'nextReviewDue', message: 'must not be after the expiry' }] },
      });
    const fields = { nextReviewDue: '2031-06-01', renewedUntil: '2036-01-31' };
    spec(t)
      .given(underReview)
      .when(review('2027-02-10', 'renew', fields))
      .then([reviewed('2027-02-10', 'renew', fields)], 'the renewed expiry counts');
  });
  t.test('only of an agreement in force or under review', async (t) => {
    spec(t)
      .given(negotiating)
      .when(review('2026-03-01'))
      .thenThrows({ type: 'invalid-transition', kind: 'conflict' });
    spec(t).given(signedAgreement).when(review('2026-03-01')).thenThrows({ type: 'invalid-transition' });
    spec(t).given(expired).when(review('2031-03-01')).thenThrows({ type: 'agreement-expired' });
  });
  t.test('on a day the agreement was in force, after its previous step, not in the future', async (t) => {
    spec(t)
      .given(inForce)
      .when(review('2031-02-01', 'renew', {}, { now: noonOf('2031-02-01') }))
      .thenThrows({ type: 'agreement-lapsed', kind: 'conflict' });
    spec(t).given(underReview).when(review('2027-01-20')).thenThrows({ type: 'date-before-previous' });
    spec(t)
      .given(underReview)
      .when(review('2027-02-10', 'renew', {}, { now: noonOf('2027-02-08') }))
      .thenThrows({ type: 'date-in-future' });
  });
});
