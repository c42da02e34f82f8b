import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import { agreementDecider } from './index.ts';
import {
  enteredIntoForce,
  expire,
  expired,
  expiredByClock,
  expiredByOfficer,
  expiry,
  inForce,
  inForceFrom,
  negotiating,
  noonOf,
  recordExpiry,
  reviewed,
  signed,
  signedAgreement,
  terminatedAgreement,
  underReview,
} from './specFixtures.ts';

/**
 * The clock expires an agreement from the day after its last day in force (in Nairobi), exactly once: the
 * sweep may run any number of times, on any replica. An officer may also record an expiry.
 */
const spec = deciderSpec(agreementDecider);

/** Midnight in Nairobi (21:00 UTC the evening before) starting the day after the last day in force. */
const lapse = '2031-01-31T21:00:00.000Z';

t.test('an agreement in force past its last day expires, as of the next day', async (t) => {
  spec(t)
    .given(inForce)
    .when(expire(lapse))
    .then([expiredByClock(lapse, '2031-02-01')], 'at midnight in Nairobi');
  const later = '2031-05-01T03:00:00.000Z';
  spec(t)
    .given(inForce)
    .when(expire(later))
    .then([expiredByClock(later, '2031-02-01')], 'or whenever the sweep next runs, dated the day it lapsed');
});

t.test('an agreement under review expires too', async (t) => {
  spec(t)
    .given(underReview)
    .when(expire(lapse))
    .then([expiredByClock(lapse, '2031-02-01')]);
});

t.test('not on its last day in force', async (t) => {
  spec(t)
    .given(inForce)
    .when(expire('2031-01-31T20:59:59.999Z'))
    .thenNothing('23:59 in Nairobi on the last day');
  spec(t)
    .given(inForce)
    .when(expire(noonOf(inForceFrom)))
    .thenNothing('not while in force');
});

t.test('exactly once', async (t) => {
  spec(t).given(expired).when(expire('2031-03-01T00:00:00.000Z')).thenNothing('not twice');
});

t.test('only an agreement in force expires by the clock', async (t) => {
  const now = '2040-01-01T00:00:00.000Z';
  spec(t).given(negotiating).when(expire(now)).thenNothing('not while negotiated');
  spec(t).given(signedAgreement).when(expire(now)).thenNothing('not before it is in force');
  spec(t).given(terminatedAgreement).when(expire(now)).thenNothing('not after its termination');
});

t.test('an agreement without an expiry day never expires by the clock', async (t) => {
  spec(t)
    .given([...signedAgreement, enteredIntoForce(inForceFrom, {})])
    .when(expire('2099-01-01T00:00:00.000Z'))
    .thenNothing();
});

t.test('a renewal moves the day it expires', async (t) => {
  const renewed = [
    ...underReview,
    reviewed('2027-02-10', 'renew', { renewedUntil: '2036-01-31', nextReviewDue: '2032-02-01' }),
  ];
  spec(t).given(renewed).when(expire(lapse)).thenNothing('not at the old expiry');
  const newLapse = '2036-01-31T21:00:00.000Z';
  spec(t)
    .given(renewed)
    .when(expire(newLapse))
    .then([expiredByClock(newLapse, '2036-02-01', '2036-01-31')], 'at the new one');
});

t.test(
  'an agreement whose expiry day is past when it is recorded expires at the sweep’s next run',
  async (t) => {
    const days = { reviewDue: '2019-06-01', expiry: '2022-05-31' };
    const now = '2026-01-06T10:00:00.000Z';
    const loaded = [
      ...negotiating,
      signed('2017-05-21', { now }),
      enteredIntoForce('2017-06-01', days, { now }),
    ];
    spec(t)
      .given(loaded)
      .when(expire(now))
      .then([expiredByClock(now, '2022-06-01', '2022-05-31')]);
  },
);

t.test('an officer records an expiry', async (t) => {
  t.test('of an agreement in force or under review, with the reason', async (t) => {
    const date = '2026-09-01';
    spec(t)
      .given(inForce)
      .when(recordExpiry(date))
      .then([expiredByOfficer(date)]);
    spec(t)
      .given(underReview)
      .when(recordExpiry('2027-03-01'))
      .then([expiredByOfficer('2027-03-01')]);
  });
  t.test('of one without an expiry day too', async (t) => {
    spec(t)
      .given([...signedAgreement, enteredIntoForce(inForceFrom, {})])
      .when(recordExpiry('2026-09-01'))
      .then([expiredByOfficer('2026-09-01', { expiry: null })]);
  });
  t.test('on the day after its last day in force at the latest, before the clock does', async (t) => {
    const now = noonOf('2031-02-05');
    spec(t)
      .given(inForce)
      .when(recordExpiry('2031-02-01', { now }))
      .then([expiredByOfficer('2031-02-01', { now })]);
    spec(t)
      .given(inForce)
      .when(recordExpiry('2031-02-02', { now }))
      .thenThrows({ type: 'agreement-lapsed', kind: 'conflict', extra: { expiry, lapsedOn: '2031-02-01' } });
  });
  t.test('not of an agreement never in force', async (t) => {
    spec(t)
      .given(signedAgreement)
      .when(recordExpiry('2026-09-01'))
      .thenThrows({ type: 'invalid-transition', kind: 'conflict' });
  });
  t.test('once: an expired agreement stays expired', async (t) => {
    spec(t)
      .given([...inForce, expiredByOfficer('2026-09-01')])
      .when(recordExpiry('2026-09-02'))
      .thenThrows({ type: 'agreement-expired', kind: 'conflict' });
    spec(t)
      .given([...inForce, expiredByOfficer('2026-09-01')])
      .when(expire('2031-03-01T00:00:00.000Z'))
      .thenNothing('and the clock does not expire it again');
  });
  t.test('not before the agreement’s previous step, nor on a future day', async (t) => {
    spec(t).given(inForce).when(recordExpiry('2026-01-31')).thenThrows({ type: 'date-before-previous' });
    spec(t)
      .given(underReview)
      .when(recordExpiry('2027-01-31', { now: noonOf('2027-02-02') }))
      .thenThrows({
        type: 'date-before-previous',
        extra: { previous: { step: 'review-due', date: '2027-02-01' } },
      });
    spec(t)
      .given(inForce)
      .when(recordExpiry('2026-09-01', { now: noonOf('2026-08-01') }))
      .thenThrows({ type: 'date-in-future', kind: 'invalid' });
  });
});
