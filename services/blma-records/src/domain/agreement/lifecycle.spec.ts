import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import { agreementDecider } from './index.ts';
import {
  amend,
  enteredIntoForce,
  enterIntoForce,
  expired,
  expiry,
  holdMeeting,
  inForce,
  inForceFrom,
  negotiating,
  noonOf,
  recordExpiry,
  review,
  secondOfficer,
  sign,
  signed,
  signedAgreement,
  signedOn,
  terminate,
  terminated,
  terminatedAgreement,
  underReview,
} from './specFixtures.ts';

/**
 * negotiating → signed → in-force → under-review → in-force (amended) | expired | terminated: entry into
 * force needs a signature, termination is final, and the steps' days stay in order.
 */
const spec = deciderSpec(agreementDecider);

t.test('signature', async (t) => {
  t.test('a negotiated agreement is signed on a day', async (t) => {
    spec(t).given(negotiating).when(sign()).then([signed()]);
  });
  t.test('by whoever records it, at the time they do', async (t) => {
    const now = '2026-02-03T14:00:00.000Z';
    spec(t)
      .given(negotiating)
      .when(sign(signedOn, { now, actor: secondOfficer }))
      .then([signed(signedOn, { now, actor: secondOfficer })]);
  });
  t.test('years after the fact too: an agreement signed in 2017 recorded in 2026', async (t) => {
    spec(t)
      .given(negotiating)
      .when(sign('2017-05-21', { now: noonOf('2026-01-06') }))
      .then([signed('2017-05-21', { now: noonOf('2026-01-06') })]);
  });
  t.test('today anywhere on Earth is not the future; tomorrow everywhere is', async (t) => {
    const now = '2026-01-20T12:00:00.000Z';
    spec(t)
      .given(negotiating)
      .when(sign('2026-01-21', { now }))
      .then([signed('2026-01-21', { now })], 'it is already the 21st east of UTC+12');
    spec(t)
      .given(negotiating)
      .when(sign('2026-01-22', { now }))
      .thenThrows({
        type: 'date-in-future',
        kind: 'invalid',
        extra: { errors: [{ path: 'date', message: 'must not be in the future' }] },
      });
  });
  t.test('once', async (t) => {
    spec(t)
      .given(signedAgreement)
      .when(sign())
      .thenThrows({
        type: 'invalid-transition',
        kind: 'conflict',
        extra: { status: 'signed', allowed: ['negotiating'] },
      });
    spec(t)
      .given(inForce)
      .when(sign())
      .thenThrows({ type: 'invalid-transition', kind: 'conflict' }, 'nor once in force');
  });
});

t.test('entry into force', async (t) => {
  t.test(
    'a signed agreement enters into force with its review and expiry days and what it covers',
    async (t) => {
      spec(t).given(signedAgreement).when(enterIntoForce()).then([enteredIntoForce()]);
    },
  );
  t.test('the review and expiry days are the agreement’s to set, or not', async (t) => {
    spec(t)
      .given(signedAgreement)
      .when(enterIntoForce(inForceFrom, {}))
      .then([enteredIntoForce(inForceFrom, {})]);
    spec(t)
      .given(signedAgreement)
      .when(enterIntoForce(inForceFrom, { expiry }))
      .then([enteredIntoForce(inForceFrom, { expiry })], 'an expiry without a review');
  });
  t.test('on the day of its signature at the earliest', async (t) => {
    spec(t)
      .given(signedAgreement)
      .when(enterIntoForce(signedOn))
      .then([enteredIntoForce(signedOn)], 'in force on signature');
    spec(t)
      .given(signedAgreement)
      .when(enterIntoForce('2026-01-19'))
      .thenThrows({
        type: 'date-before-previous',
        kind: 'invalid',
        extra: { previous: { step: 'signed', date: signedOn } },
      });
  });
  t.test('needs a signature', async (t) => {
    spec(t)
      .given(negotiating)
      .when(enterIntoForce())
      .thenThrows({ type: 'signature-required', kind: 'conflict', extra: { status: 'negotiating' } });
  });
  t.test('once', async (t) => {
    spec(t)
      .given(inForce)
      .when(enterIntoForce())
      .thenThrows({ type: 'invalid-transition', kind: 'conflict' });
    spec(t)
      .given(underReview)
      .when(enterIntoForce())
      .thenThrows({ type: 'invalid-transition', kind: 'conflict' });
  });
  t.test('not on a future day', async (t) => {
    spec(t)
      .given(signedAgreement)
      .when(enterIntoForce('2026-03-01', {}, { now: noonOf('2026-02-20') }))
      .thenThrows({ type: 'date-in-future', kind: 'invalid' });
  });
  t.test('its review and expiry come after it, the review before the expiry', async (t) => {
    const refused = (days: { reviewDue?: string; expiry?: string }, path: string, message: string) =>
      spec(t)
        .given(signedAgreement)
        .when(enterIntoForce(inForceFrom, days))
        .thenThrows({ type: 'date-order', kind: 'invalid', extra: { errors: [{ path, message }] } }, message);
    refused({ reviewDue: inForceFrom }, 'reviewDue', 'must be after the date it enters into force');
    refused({ expiry: '2026-01-31' }, 'expiry', 'must be after the date it enters into force');
    refused({ reviewDue: '2031-02-01', expiry }, 'reviewDue', 'must not be after the expiry');
    spec(t)
      .given(signedAgreement)
      .when(enterIntoForce(inForceFrom, { reviewDue: expiry, expiry }))
      .then([enteredIntoForce(inForceFrom, { reviewDue: expiry, expiry })], 'a review on its last day');
  });
  t.test('days already past are taken as they are: an agreement recorded after it expired', async (t) => {
    const days = { reviewDue: '2019-06-01', expiry: '2022-05-31' };
    const now = noonOf('2026-01-06');
    spec(t)
      .given([...negotiating, signed('2017-05-21', { now })])
      .when(enterIntoForce('2017-06-01', days, { now }))
      .then([enteredIntoForce('2017-06-01', days, { now })]);
  });
});

t.test('termination', async (t) => {
  t.test('ends an agreement at any status before its end, naming the status it ended', async (t) => {
    const date = '2026-09-01';
    spec(t)
      .given(negotiating)
      .when(terminate(date))
      .then([terminated(date, 'negotiating')], 'talks broken off');
    spec(t)
      .given(signedAgreement)
      .when(terminate(date))
      .then([terminated(date, 'signed')]);
    spec(t)
      .given(inForce)
      .when(terminate(date))
      .then([terminated(date, 'in-force')]);
    spec(t)
      .given(underReview)
      .when(terminate('2027-03-01'))
      .then([terminated('2027-03-01', 'under-review')]);
  });
  t.test('is final: nothing moves a terminated agreement again', async (t) => {
    const later = '2026-10-01';
    const commands = [
      sign(later),
      enterIntoForce(later),
      amend(later),
      review(later),
      recordExpiry(later),
      terminate(later),
      holdMeeting(later),
    ];
    for (const command of commands)
      spec(t)
        .given(terminatedAgreement)
        .when(command)
        .thenThrows({ type: 'agreement-terminated', kind: 'conflict' }, command.type);
  });
  t.test('not of an expired agreement: it ended already', async (t) => {
    spec(t)
      .given(expired)
      .when(terminate('2031-02-02'))
      .thenThrows({
        type: 'agreement-expired',
        kind: 'conflict',
        extra: {
          status: 'expired',
          allowed: ['negotiating', 'signed', 'in-force', 'under-review'],
        },
      });
  });
  t.test('not after its last day in force, and not before its previous step', async (t) => {
    spec(t)
      .given(inForce)
      .when(terminate('2031-02-01', { now: noonOf('2031-02-01') }))
      .thenThrows({ type: 'agreement-lapsed', kind: 'conflict', extra: { expiry, lapsedOn: '2031-02-01' } });
    spec(t)
      .given(inForce)
      .when(terminate(expiry, { now: noonOf(expiry) }))
      .then([terminated(expiry, 'in-force', { now: noonOf(expiry) })], 'on its last day');
    spec(t)
      .given(inForce)
      .when(terminate('2026-01-31'))
      .thenThrows({ type: 'date-before-previous', kind: 'invalid' });
  });
});

t.test('an expired agreement stays expired', async (t) => {
  const later = '2031-03-01';
  for (const command of [sign(later), amend(later), review(later), recordExpiry(later)])
    spec(t)
      .given(expired)
      .when(command)
      .thenThrows({ type: 'agreement-expired', kind: 'conflict' }, command.type);
});
