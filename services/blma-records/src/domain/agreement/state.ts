import type { Actor } from '@kazi/core';
import type { Attendee, DocumentMetadata, Provision, Sector } from './events.ts';
import type { ActionStatus, AgreementKind, AgreementStatus, ReviewRecommendation } from './vocabulary.ts';

/**
 * The terms of an agreement for a period: its provisions and the sectors it covers. The first are the
 * terms as recorded; each amendment adds the next, so the terms that stood on any day can be told.
 */
export interface Terms {
  /** 1 as recorded, then one more per amendment. */
  version: number;
  /** The day these terms took effect; null for the terms as recorded (in effect from the start). */
  validFrom: string | null;
  provisions: Provision[];
  sectors: Sector[];
  /** The amendment that made these terms; absent for the terms as recorded. */
  amendment?: { number: number; summary: string; by: Actor; at: string };
}

export type LifecycleStep =
  | 'recorded'
  | 'signed'
  | 'entered-into-force'
  | 'review-due'
  | 'reviewed'
  | 'amended'
  | 'expired'
  | 'terminated';

/** One step of the lifecycle, with what it left: the status and the review and expiry days after it. */
export interface LifecycleEntry {
  step: LifecycleStep;
  /** The day it took effect; null for the recording: when the negotiations began is not known. */
  date: string | null;
  status: AgreementStatus;
  reviewDue: string | null;
  expiry: string | null;
  /** Absent for what the clock did. */
  by?: Actor;
  at: string;
}

export interface Review {
  reviewId: string;
  date: string;
  findings: string;
  recommendation: ReviewRecommendation;
  nextReviewDue?: string;
  renewedUntil?: string;
  by: Actor;
  at: string;
}

export interface CommitteeAction {
  actionId: string;
  action: string;
  owner: string;
  due: string;
  status: ActionStatus;
  /** The day it was done. */
  doneOn?: string;
}

export interface CommitteeMeeting {
  meetingId: string;
  date: string;
  attendees: Attendee[];
  actions: CommitteeAction[];
  by: Actor;
  at: string;
}

export type AttachedDocument = DocumentMetadata & { uploadedBy: Actor; at: string };

/**
 * An agreement as the decider sees it. JSON-serialisable (snapshotted); a change of shape needs a new state
 * schema version in the module's declaration. It keeps every version of the terms and every lifecycle step
 * with its day, so what stood on a past day is computed from it (asOf.ts).
 */
export interface AgreementState {
  /** null until recorded: the agreement does not exist. */
  status: AgreementStatus | null;
  record: {
    agreementId: string;
    partnerCountry: string;
    title: string;
    kind: AgreementKind;
    notes?: string;
    recordedBy: Actor;
    at: string;
  } | null;
  /** Oldest first; the last is in effect now. */
  terms: Terms[];
  signedOn: string | null;
  inForceFrom: string | null;
  reviewDue: string | null;
  /** The review due day the clock already flagged: each due day puts the agreement under review once. */
  reviewDueFlagged: string | null;
  /** The last day in force. */
  expiry: string | null;
  /** Oldest first; every dated step is on or after the one before. */
  lifecycle: LifecycleEntry[];
  reviews: Review[];
  meetings: CommitteeMeeting[];
  documents: AttachedDocument[];
  /** Time of the last event. */
  updatedAt: string | null;
}

export const initialAgreementState = (): AgreementState => ({
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

/** The terms in effect now. */
export const currentTerms = (state: AgreementState): Terms | undefined => state.terms.at(-1);

/** The latest dated step of the lifecycle: no later step may be dated before it. */
export const lastDatedStep = (state: AgreementState): LifecycleEntry | undefined =>
  state.lifecycle.filter((entry) => entry.date !== null).at(-1);

/** Every action of every meeting, with its meeting's id. */
export const committeeActions = (state: AgreementState): (CommitteeAction & { meetingId: string })[] =>
  state.meetings.flatMap((m) => m.actions.map((a) => ({ ...a, meetingId: m.meetingId })));

/** The actions past their due day and not done: what shows on the agreement as overdue. */
export const overdueActions = (state: AgreementState): (CommitteeAction & { meetingId: string })[] =>
  committeeActions(state).filter((a) => a.status === 'overdue');
