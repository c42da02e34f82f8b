import { foldEvents } from '@kazi/core';
import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import type { AgreementEvent } from './events.ts';
import { agreementDecider, overdueActions } from './index.ts';
import {
  actionDone,
  actionOverdue,
  decisions,
  expired,
  flagOverdue,
  holdMeeting,
  inForce,
  meetingDate,
  meetingHeld,
  negotiating,
  noonOf,
  recordActionDone,
  signedAgreement,
  signedOn,
  terminated,
  underReview,
} from './specFixtures.ts';

/**
 * A joint committee meets, institutions attend, decisions are actions with an owner and a due day; an action
 * is done, or overdue once its due day has passed (reported once by the clock).
 */
const spec = deciderSpec(agreementDecider);
const fold = (events: readonly AgreementEvent[]) =>
  foldEvents(agreementDecider, agreementDecider.initialState(), events);
const met = [...inForce, meetingHeld()];
const [first, second] = decisions as [(typeof decisions)[0], (typeof decisions)[0]];
/** The decisions of a meeting on a later day, due a month after it. */
const decidedOn = (date: string) => [{ ...first, due: `${date.slice(0, 8)}28` }];

t.test('meetings', async (t) => {
  t.test('a meeting is recorded with its attendees and its decisions as numbered actions', async (t) => {
    spec(t).given(inForce).when(holdMeeting()).then([meetingHeld()]);
  });
  t.test('meetings are numbered in the agreement', async (t) => {
    const decided = decidedOn('2026-09-15');
    spec(t)
      .given(met)
      .when(holdMeeting('2026-09-15', decided))
      .then([meetingHeld('2026-09-15', decided, 2)]);
  });
  t.test('a meeting may decide nothing', async (t) => {
    spec(t)
      .given(inForce)
      .when(holdMeeting(meetingDate, []))
      .then([meetingHeld(meetingDate, [])]);
  });
  t.test('once the agreement is signed: under review and after its expiry too', async (t) => {
    spec(t).given(signedAgreement).when(holdMeeting()).then([meetingHeld()], 'signed');
    for (const [given, date, name] of [
      [underReview, '2027-03-01', 'under review'],
      [expired, '2031-03-01', 'expired, to prepare a renewal'],
    ] as const)
      spec(t)
        .given(given)
        .when(holdMeeting(date, decidedOn(date)))
        .then([meetingHeld(date, decidedOn(date))], name);
  });
  t.test('not before the signature, not after a termination', async (t) => {
    spec(t)
      .given(negotiating)
      .when(holdMeeting())
      .thenThrows({ type: 'joint-committee-not-established', kind: 'conflict' });
    spec(t)
      .given([...inForce, terminated('2026-03-01', 'in-force')])
      .when(holdMeeting())
      .thenThrows({ type: 'agreement-terminated', kind: 'conflict' });
  });
  t.test('on a day since the signature, not in the future', async (t) => {
    spec(t)
      .given(signedAgreement)
      .when(holdMeeting('2026-01-19'))
      .thenThrows({
        type: 'date-before-signature',
        kind: 'invalid',
        extra: { errors: [{ path: 'date', message: `must not be before the signature (${signedOn})` }] },
      });
    spec(t)
      .given(inForce)
      .when(holdMeeting(meetingDate, decisions, { now: noonOf('2026-03-01') }))
      .thenThrows({ type: 'date-in-future', kind: 'invalid' });
  });
  t.test('one meeting a day: the same meeting sent twice is refused', async (t) => {
    spec(t)
      .given(met)
      .when(holdMeeting())
      .thenThrows({ type: 'meeting-exists', kind: 'conflict', extra: { meetingId: 'meeting-1' } });
  });
  t.test('an action is due on or after its meeting', async (t) => {
    spec(t)
      .given(inForce)
      .when(holdMeeting(meetingDate, [first, { ...second, due: '2026-03-09' }]))
      .thenThrows({
        type: 'date-order',
        kind: 'invalid',
        extra: { errors: [{ path: 'decisions.1.due', message: 'must not be before the meeting' }] },
      });
    spec(t)
      .given(inForce)
      .when(holdMeeting(meetingDate, [{ ...first, due: meetingDate }]))
      .then([meetingHeld(meetingDate, [{ ...first, due: meetingDate }])], 'due the same day');
  });
});

t.test('actions done', async (t) => {
  t.test('an open action is done on a day', async (t) => {
    spec(t)
      .given(met)
      .when(recordActionDone('meeting-1-action-1', '2026-04-20'))
      .then([actionDone('meeting-1-action-1', '2026-04-20')]);
  });
  t.test('an overdue action is done late, and says it was overdue', async (t) => {
    const now = '2026-05-01T00:00:00.000Z';
    spec(t)
      .given([...met, actionOverdue(now)])
      .when(recordActionDone('meeting-1-action-1', '2026-05-10'))
      .then([actionDone('meeting-1-action-1', '2026-05-10', true)]);
  });
  t.test('once', async (t) => {
    spec(t)
      .given([...met, actionDone('meeting-1-action-1', '2026-04-20')])
      .when(recordActionDone('meeting-1-action-1', '2026-04-21'))
      .thenThrows({ type: 'action-already-done', kind: 'conflict', extra: { doneOn: '2026-04-20' } });
  });
  t.test('of an action the agreement’s committee decided', async (t) => {
    spec(t)
      .given(met)
      .when(recordActionDone('meeting-1-action-9', '2026-04-20'))
      .thenThrows({ type: 'action-not-found', kind: 'not-found' });
  });
  t.test('not before its meeting, nor in the future', async (t) => {
    spec(t)
      .given(met)
      .when(recordActionDone('meeting-1-action-1', '2026-03-09'))
      .thenThrows({ type: 'date-before-meeting', kind: 'invalid' });
    spec(t)
      .given(met)
      .when(recordActionDone('meeting-1-action-1', '2026-04-20', { now: noonOf('2026-04-01') }))
      .thenThrows({ type: 'date-in-future', kind: 'invalid' });
  });
});

t.test('overdue by the clock', async (t) => {
  /** Midnight in Nairobi starting the day after the first action's due day. */
  const afterDue = '2026-04-30T21:00:00.000Z';
  t.test('an open action past its due day is reported overdue', async (t) => {
    spec(t)
      .given(met)
      .when(flagOverdue(afterDue))
      .then([actionOverdue(afterDue)]);
  });
  t.test('not on its due day', async (t) => {
    spec(t).given(met).when(flagOverdue('2026-04-30T20:59:59.999Z')).thenNothing();
  });
  t.test('exactly once per action', async (t) => {
    spec(t)
      .given([...met, actionOverdue(afterDue)])
      .when(flagOverdue('2026-05-15T00:00:00.000Z'))
      .thenNothing();
  });
  t.test('each action in its turn, all those past due at once', async (t) => {
    const late = '2026-07-01T00:00:00.000Z';
    spec(t)
      .given([...met, actionOverdue(afterDue)])
      .when(flagOverdue(late))
      .then([actionOverdue(late, 'meeting-1-action-2', second)], 'the second after the first');
    spec(t)
      .given(met)
      .when(flagOverdue(late))
      .then([actionOverdue(late), actionOverdue(late, 'meeting-1-action-2', second)], 'both at once');
  });
  t.test('not a done action', async (t) => {
    spec(t)
      .given([...met, actionDone('meeting-1-action-1', '2026-04-20')])
      .when(flagOverdue(afterDue))
      .thenNothing();
  });
  t.test('after the agreement expired too; not after a termination', async (t) => {
    const late = '2031-03-01T00:00:00.000Z';
    const meetingAfterExpiry = meetingHeld('2031-02-10', [{ ...first, due: '2031-02-20' }]);
    spec(t)
      .given([...expired, meetingAfterExpiry])
      .when(flagOverdue(late))
      .then([actionOverdue(late, 'meeting-1-action-1', { ...first, due: '2031-02-20' })]);
    spec(t)
      .given([...met, terminated('2026-04-01', 'in-force')])
      .when(flagOverdue(afterDue))
      .thenNothing();
  });
});

t.test('overdue actions show on the agreement, until done', async (t) => {
  const afterDue = '2026-04-30T21:00:00.000Z';
  const overdue = fold([...met, actionOverdue(afterDue)]);
  t.same(
    overdueActions(overdue).map((a) => [a.meetingId, a.actionId, a.owner, a.due]),
    [['meeting-1', 'meeting-1-action-1', first.owner, first.due]],
  );
  const done = fold([...met, actionOverdue(afterDue), actionDone('meeting-1-action-1', '2026-05-10', true)]);
  t.same(overdueActions(done), []);
  t.match(done.meetings[0]?.actions[0], { status: 'done', doneOn: '2026-05-10' });
});
