import { foldEvents } from '@kazi/core';
import t from 'tap';
import { agreementAsOf } from './asOf.ts';
import type { AgreementEvent } from './events.ts';
import { agreementDecider } from './index.ts';
import {
  actionDone,
  actionOverdue,
  amended,
  amendedProvisions,
  enteredIntoForce,
  expiredByClock,
  expiry,
  inForceFrom,
  meetingHeld,
  negotiating,
  noonOf,
  provisions,
  recorded,
  recordedAt,
  reviewDue,
  reviewed,
  reviewFlagged,
  signed,
  signedOn,
  terminated,
} from './specFixtures.ts';

/**
 * GET /blmas/:id?asOf=YYYY-MM-DD: the agreement as it stood on a day, by the days things took effect, not
 * the days they were recorded.
 */
const fold = (events: readonly AgreementEvent[]) =>
  foldEvents(agreementDecider, agreementDecider.initialState(), events);
const statusOn = (events: readonly AgreementEvent[], day: string) => agreementAsOf(fold(events), day)?.status;

const story: AgreementEvent[] = [
  recorded(),
  signed(),
  enteredIntoForce(),
  reviewFlagged(noonOf(reviewDue)),
  reviewed('2027-02-10', 'amend'),
  amended('2027-04-01'),
  expiredByClock('2031-02-01T00:00:00.000Z', '2031-02-01'),
];

t.test('each day has the status the last step on or before it left', async (t) => {
  const days: [string, string | undefined][] = [
    ['2026-01-05', 'negotiating'],
    [signedOn, 'signed'],
    ['2026-01-31', 'signed'],
    [inForceFrom, 'in-force'],
    ['2027-01-31', 'in-force'],
    [reviewDue, 'under-review'],
    ['2027-02-10', 'under-review'],
    ['2027-04-01', 'in-force'],
    [expiry, 'in-force'],
    ['2031-02-01', 'expired'],
    ['2040-01-01', 'expired'],
  ];
  for (const [day, status] of days) t.equal(statusOn(story, day), status, day);
});

t.test('with the review and expiry days that stood then', async (t) => {
  const state = fold([
    ...story.slice(0, 4),
    reviewed('2027-02-10', 'renew', { renewedUntil: '2036-01-31', nextReviewDue: '2029-02-01' }),
  ]);
  t.match(agreementAsOf(state, '2026-01-25'), { reviewDue: null, expiry: null, signedOn, inForceFrom: null });
  t.match(agreementAsOf(state, '2026-06-01'), { reviewDue, expiry, inForceFrom });
  t.match(agreementAsOf(state, '2027-03-01'), {
    reviewDue: '2029-02-01',
    expiry: '2036-01-31',
    status: 'in-force',
  });
});

t.test('nothing is known of an agreement before its recording and its first dated step', async (t) => {
  t.equal(agreementAsOf(fold(negotiating), '2026-01-04'), null, 'the day before it was recorded');
  t.equal(statusOn(negotiating, '2026-01-05'), 'negotiating', 'the day it was recorded (in Nairobi)');
  t.equal(agreementAsOf(fold([]), '2026-01-05'), null, 'an agreement never recorded');
});

t.test('an agreement signed in 2017 and recorded in 2026 was in force in 2018', async (t) => {
  const now = noonOf('2026-01-06');
  const loaded = [...negotiating, signed('2017-05-21', { now }), enteredIntoForce('2017-06-01', {}, { now })];
  t.equal(agreementAsOf(fold(loaded), '2017-05-20'), null, 'before its signature nothing is known');
  t.equal(statusOn(loaded, '2017-05-21'), 'signed');
  t.equal(statusOn(loaded, '2018-01-01'), 'in-force');
  t.match(agreementAsOf(fold(loaded), '2018-01-01'), { signedOn: '2017-05-21', inForceFrom: '2017-06-01' });
});

t.test('the terms of each day, and the amendments made by then', async (t) => {
  const state = fold(story);
  const before = agreementAsOf(state, '2027-03-31');
  const after = agreementAsOf(state, '2027-04-01');
  t.same(before?.terms.provisions, provisions);
  t.same(before?.amendments, []);
  t.same(after?.terms.provisions, amendedProvisions);
  t.same(
    after?.amendments.map((a) => [a.number, a.date]),
    [[1, '2027-04-01']],
  );
  t.same(
    after?.reviews.map((r) => r.date),
    ['2027-02-10'],
    'the reviews by then',
  );
  t.same(agreementAsOf(state, '2027-02-09')?.reviews, [], 'none before');
});

t.test('a recorded agreement keeps its record on every day', async (t) => {
  const view = agreementAsOf(fold(story), '2028-01-01');
  t.match(view, {
    asOf: '2028-01-01',
    agreementId: recorded().data.agreementId,
    partnerCountry: 'QA',
    title: recorded().data.title,
    kind: 'bilateral-labour-agreement',
    notes: 'Test data.',
  });
  t.equal(fold(story).record?.at, recordedAt);
});

t.test('the committee’s meetings held by then, each action as it stood that day', async (t) => {
  const state = fold([
    ...story.slice(0, 3),
    meetingHeld(),
    actionOverdue('2026-05-01T00:00:00.000Z'),
    actionDone('meeting-1-action-1', '2026-05-10', true),
  ]);
  t.same(agreementAsOf(state, '2026-03-09')?.meetings, [], 'before the meeting');
  const statuses = (day: string) => agreementAsOf(state, day)?.meetings[0]?.actions.map((a) => a.status);
  t.same(statuses('2026-03-10'), ['open', 'open'], 'the day of the meeting');
  t.same(statuses('2026-04-30'), ['open', 'open'], 'the first action’s due day');
  t.same(statuses('2026-05-01'), ['overdue', 'open'], 'the day after');
  t.same(statuses('2026-05-10'), ['done', 'open'], 'done, late');
  t.same(statuses('2026-07-01'), ['done', 'overdue']);
  t.equal(agreementAsOf(state, '2026-05-09')?.meetings[0]?.actions[0]?.doneOn, undefined, 'not done yet');
  t.equal(agreementAsOf(state, '2026-05-10')?.meetings[0]?.actions[0]?.doneOn, '2026-05-10');
});

t.test('a termination is final from its day', async (t) => {
  const ended = [...story.slice(0, 3), terminated('2026-09-01', 'in-force')];
  t.equal(statusOn(ended, '2026-08-31'), 'in-force');
  t.equal(statusOn(ended, '2026-09-01'), 'terminated');
  t.equal(statusOn(ended, '2030-01-01'), 'terminated');
});
