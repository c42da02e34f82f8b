import type { Actor } from '@kazi/core';
import type { Attendee, DocumentMetadata, Provision, Sector } from './events.ts';
import type { AgreementKind, ReviewRecommendation } from './vocabulary.ts';

/**
 * Commands carry everything decided outside the pure core: the agreement's and a document's ids, the
 * document's digest and size (the application reads the bytes), who acts and `now`. Dates (`date`,
 * `reviewDue`, `due`…) are the calendar days the officer gives; `now` is when it is recorded.
 */
interface Acted {
  actor: Actor;
  now: string;
}

export interface RecordAgreement extends Acted {
  type: 'RecordAgreement';
  agreementId: string;
  partnerCountry: string;
  title: string;
  kind: AgreementKind;
  sectors: Sector[];
  provisions: Provision[];
  notes?: string;
}

export interface SignAgreement extends Acted {
  type: 'SignAgreement';
  date: string;
}

export interface EnterIntoForce extends Acted {
  type: 'EnterIntoForce';
  date: string;
  reviewDue?: string;
  /** The last day in force. */
  expiry?: string;
}

export interface RecordReview extends Acted {
  type: 'RecordReview';
  date: string;
  findings: string;
  recommendation: ReviewRecommendation;
  nextReviewDue?: string;
  /** Only with a recommendation to renew: the new last day in force. */
  renewedUntil?: string;
}

/** New terms from `date`: every provision in force after it; the sectors when they change too. */
export interface AmendAgreement extends Acted {
  type: 'AmendAgreement';
  date: string;
  summary: string;
  provisions: Provision[];
  sectors?: Sector[];
}

/** An officer records that the agreement expired (the clock does it by itself at the expiry date). */
export interface RecordExpiry extends Acted {
  type: 'RecordExpiry';
  /** The first day it was no longer in force. */
  date: string;
  reason: string;
}

export interface TerminateAgreement extends Acted {
  type: 'TerminateAgreement';
  date: string;
  reason: string;
}

export interface HoldCommitteeMeeting extends Acted {
  type: 'HoldCommitteeMeeting';
  date: string;
  attendees: Attendee[];
  decisions: { action: string; owner: string; due: string }[];
}

export interface RecordActionDone extends Acted {
  type: 'RecordActionDone';
  actionId: string;
  date: string;
}

export interface AttachDocument extends Acted {
  type: 'AttachDocument';
  document: DocumentMetadata;
}

/** From the clock's sweep: expires an agreement past its last day in force, once; otherwise nothing. */
export interface ExpireAgreement {
  type: 'ExpireAgreement';
  now: string;
}

/** From the clock's sweep: puts an agreement whose review fell due under review, once per due day. */
export interface FlagReviewDue {
  type: 'FlagReviewDue';
  now: string;
}

/** From the clock's sweep: reports each open action past its due day overdue, once per action. */
export interface FlagOverdueActions {
  type: 'FlagOverdueActions';
  now: string;
}

export type AgreementCommand =
  | RecordAgreement
  | SignAgreement
  | EnterIntoForce
  | RecordReview
  | AmendAgreement
  | RecordExpiry
  | TerminateAgreement
  | HoldCommitteeMeeting
  | RecordActionDone
  | AttachDocument
  | ExpireAgreement
  | FlagReviewDue
  | FlagOverdueActions;

/** The commands of the clock: they act as the system, without an officer. */
export type ClockCommand = ExpireAgreement | FlagReviewDue | FlagOverdueActions;
