import { foldEvents } from '@kazi/core';
import t from 'tap';
import { type AgreementEvent, parseAgreementEvent } from './events.ts';
import { agreementDecider, currentTerms } from './index.ts';
import {
  actionDone,
  actionOverdue,
  amended,
  attached,
  enteredIntoForce,
  expiredByClock,
  expiredByOfficer,
  meetingHeld,
  noonOf,
  officer,
  recorded,
  recordedAt,
  reviewDue,
  reviewed,
  reviewFlagged,
  signed,
  terminated,
} from './specFixtures.ts';
import type { AgreementState } from './state.ts';

/** The state the stored events rebuild: what the decider decides on, what is snapshotted and shown. */
const fold = (events: readonly AgreementEvent[]): AgreementState =>
  foldEvents(agreementDecider, agreementDecider.initialState(), events);

t.test('before any event the agreement does not exist', async (t) => {
  t.same(agreementDecider.initialState(), {
    status: null,
    record: null,
    terms: [],
    signedOn: null,
    inForceFrom: null,
    reviewDue: null,
    reviewDueFlagged: null,
    expiry: null,
    lifecycle: [],
    reviews: [],
    meetings: [],
    documents: [],
    updatedAt: null,
  });
});

t.test(
  'every step of the lifecycle is kept with its day, status and the review and expiry days after it',
  async (t) => {
    const flaggedAt = noonOf(reviewDue);
    const state = fold([
      recorded(),
      signed(),
      enteredIntoForce(),
      reviewFlagged(flaggedAt),
      reviewed('2027-02-10', 'renew', { nextReviewDue: '2029-02-01', renewedUntil: '2036-01-31' }),
      amended('2027-04-01'),
      expiredByOfficer('2030-01-01', { expiry: '2036-01-31' }),
    ]);
    t.same(
      state.lifecycle.map((e) => [e.step, e.date, e.status, e.reviewDue, e.expiry, e.by?.sub ?? 'clock']),
      [
        ['recorded', null, 'negotiating', null, null, officer.sub],
        ['signed', '2026-01-20', 'signed', null, null, officer.sub],
        ['entered-into-force', '2026-02-01', 'in-force', reviewDue, '2031-01-31', officer.sub],
        ['review-due', reviewDue, 'under-review', reviewDue, '2031-01-31', 'clock'],
        ['reviewed', '2027-02-10', 'in-force', '2029-02-01', '2036-01-31', officer.sub],
        ['amended', '2027-04-01', 'in-force', '2029-02-01', '2036-01-31', officer.sub],
        ['expired', '2030-01-01', 'expired', '2029-02-01', '2036-01-31', officer.sub],
      ],
    );
    t.equal(state.status, 'expired');
    t.equal(state.reviewDueFlagged, reviewDue, 'the review day flagged is remembered');
    t.equal(state.updatedAt, noonOf('2030-01-01'));
    t.equal(currentTerms(state)?.version, 2);
  },
);

t.test('a review to amend or terminate keeps the agreement under review', async (t) => {
  const flagged = [recorded(), signed(), enteredIntoForce(), reviewFlagged(noonOf(reviewDue))];
  t.equal(fold([...flagged, reviewed('2027-02-10', 'amend')]).status, 'under-review');
  t.equal(fold([...flagged, reviewed('2027-02-10', 'terminate')]).status, 'under-review');
  t.equal(fold([...flagged, reviewed('2027-02-10', 'renew')]).status, 'in-force');
  const early = fold([recorded(), signed(), enteredIntoForce(), reviewed('2026-10-01', 'amend')]);
  t.equal(early.status, 'under-review', 'also a review recorded before it was due');
  t.equal(early.reviewDue, null, 'which did the due one');
});

t.test('the clock’s expiry has no officer', async (t) => {
  const state = fold([
    recorded(),
    signed(),
    enteredIntoForce(),
    expiredByClock('2031-02-01T00:00:00.000Z', '2031-02-01'),
  ]);
  t.equal(state.lifecycle.at(-1)?.by, undefined);
  t.equal(state.status, 'expired');
});

t.test('meetings, actions and documents add to the record without changing its status', async (t) => {
  const state = fold([
    recorded(),
    signed(),
    enteredIntoForce(),
    meetingHeld(),
    actionOverdue('2026-05-01T00:00:00.000Z'),
    actionDone('meeting-1-action-2', '2026-05-02'),
    attached(),
  ]);
  t.equal(state.status, 'in-force');
  t.same(
    state.meetings[0]?.actions.map((a) => [a.actionId, a.status, a.doneOn]),
    [
      ['meeting-1-action-1', 'overdue', undefined],
      ['meeting-1-action-2', 'done', '2026-05-02'],
    ],
  );
  t.same(
    state.documents.map((d) => [d.documentId, d.uploadedBy.sub]),
    [['document-1', officer.sub]],
  );
  t.equal(state.lifecycle.length, 3, 'no lifecycle step');
});

t.test('every event the fixtures build is one the schemas accept, as stored events are read', async (t) => {
  const events: AgreementEvent[] = [
    recorded(),
    signed(),
    enteredIntoForce(),
    reviewFlagged(noonOf(reviewDue)),
    reviewed('2027-02-10', 'renew', { nextReviewDue: '2029-02-01' }),
    amended('2027-04-01'),
    expiredByOfficer('2030-01-01'),
    expiredByClock('2031-02-01T00:00:00.000Z', '2031-02-01'),
    terminated('2026-09-01', 'in-force'),
    meetingHeld(),
    actionOverdue('2026-05-01T00:00:00.000Z'),
    actionDone('meeting-1-action-1', '2026-05-02'),
    attached(),
  ];
  for (const event of events) t.same(parseAgreementEvent(event), event, event.type);
  t.throws(() => parseAgreementEvent({ type: 'ke.nea.complaints.complaint-lodged.v2', data: {} }), {
    message: 'ke.nea.complaints.complaint-lodged.v2 is not an agreement event',
  });
  t.equal(recorded().data.at, recordedAt);
});
