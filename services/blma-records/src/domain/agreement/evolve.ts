import { type AgreementEvent, AgreementEventType as E } from './events.ts';
import type { AgreementState, CommitteeAction, LifecycleEntry } from './state.ts';

/** Records a lifecycle step with what it leaves: the state's status, review and expiry days after it. */
const step = (
  state: AgreementState,
  entry: Pick<LifecycleEntry, 'step' | 'date' | 'by' | 'at'>,
): AgreementState => {
  const { status, reviewDue, expiry } = state;
  if (status === null) return state;
  const { by, ...rest } = entry;
  return {
    ...state,
    lifecycle: [...state.lifecycle, { ...rest, status, reviewDue, expiry, ...(by ? { by } : {}) }],
  };
};

const changeAction = (
  state: AgreementState,
  actionId: string,
  change: (action: CommitteeAction) => CommitteeAction,
): AgreementState['meetings'] =>
  state.meetings.map((m) => ({
    ...m,
    actions: m.actions.map((a) => (a.actionId === actionId ? change(a) : a)),
  }));

/** Folds one event into the state. Pure; never refuses (events are facts). */
export function evolveAgreement(state: AgreementState, event: AgreementEvent): AgreementState {
  const s: AgreementState = { ...state, updatedAt: event.data.at };
  switch (event.type) {
    case E.Recorded: {
      const { agreementId, partnerCountry, title, kind, notes, sectors, provisions, recordedBy, at } =
        event.data;
      return step(
        {
          ...s,
          status: 'negotiating',
          record: { agreementId, partnerCountry, title, kind, ...(notes ? { notes } : {}), recordedBy, at },
          terms: [{ version: 1, validFrom: null, provisions, sectors }],
        },
        { step: 'recorded', date: null, by: recordedBy, at },
      );
    }
    case E.Signed: {
      const { date, by, at } = event.data;
      return step({ ...s, status: 'signed', signedOn: date }, { step: 'signed', date, by, at });
    }
    case E.EnteredIntoForce: {
      const { date, reviewDue, expiry, by, at } = event.data;
      return step(
        { ...s, status: 'in-force', inForceFrom: date, reviewDue: reviewDue ?? null, expiry: expiry ?? null },
        { step: 'entered-into-force', date, by, at },
      );
    }
    case E.ReviewDue: {
      const { reviewDue, date, at } = event.data;
      return step(
        { ...s, status: 'under-review', reviewDueFlagged: reviewDue },
        { step: 'review-due', date, at },
      );
    }
    case E.Reviewed: {
      const { partnerCountry, ...review } = event.data;
      const { recommendation, nextReviewDue, renewedUntil, date, by, at } = review;
      return step(
        {
          ...s,
          // A recommendation to amend or terminate keeps the agreement under review until that is done.
          status: recommendation === 'renew' ? 'in-force' : 'under-review',
          // The review that was due is done; the next is due when the review says.
          reviewDue: nextReviewDue ?? null,
          expiry: renewedUntil ?? s.expiry,
          reviews: [...s.reviews, review],
        },
        { step: 'reviewed', date, by, at },
      );
    }
    case E.Amended: {
      const { amendment, date, summary, provisions, sectors, by, at } = event.data;
      return step(
        {
          ...s,
          status: 'in-force',
          terms: [
            ...s.terms,
            {
              version: amendment + 1,
              validFrom: date,
              provisions,
              sectors,
              amendment: { number: amendment, summary, by, at },
            },
          ],
        },
        { step: 'amended', date, by, at },
      );
    }
    case E.Expired: {
      const { date, by, at } = event.data;
      return step({ ...s, status: 'expired' }, { step: 'expired', date, at, ...(by ? { by } : {}) });
    }
    case E.Terminated: {
      const { date, by, at } = event.data;
      return step({ ...s, status: 'terminated' }, { step: 'terminated', date, by, at });
    }
    case E.CommitteeMeetingHeld: {
      const { meetingId, date, attendees, decisions, by, at } = event.data;
      const actions = decisions.map((d): CommitteeAction => ({ ...d, status: 'open' }));
      return { ...s, meetings: [...s.meetings, { meetingId, date, attendees, actions, by, at }] };
    }
    case E.ActionDone: {
      const { actionId, date } = event.data;
      return { ...s, meetings: changeAction(s, actionId, (a) => ({ ...a, status: 'done', doneOn: date })) };
    }
    case E.ActionOverdue:
      return { ...s, meetings: changeAction(s, event.data.actionId, (a) => ({ ...a, status: 'overdue' })) };
    case E.DocumentAttached:
      return { ...s, documents: [...s.documents, event.data] };
    default: {
      const unhandled: never = event;
      void unhandled;
      return state;
    }
  }
}
