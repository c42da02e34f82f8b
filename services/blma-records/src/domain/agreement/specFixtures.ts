/**
 * The agreement's test data, written once: a builder for each command and the event it decides. The
 * service exports these from its testing entry (src/testing/index.ts); they live here so that the domain's
 * own specifications use them without reaching out of the domain folder.
 *
 * The story they tell (made up for the tests, not a real agreement's dates): an agreement with Qatar on
 * health workers, recorded in January 2026, signed on 20 January, in force from 1 February with a review
 * due on 1 February 2027 and its last day in force on 31 January 2031. A command's `now` defaults to 09:00
 * UTC (noon in Nairobi) on the day it is about, and every event carries its own time, so a wrong one shows.
 */

import type { Actor } from '@kazi/core';
import type {
  AmendAgreement,
  AttachDocument,
  EnterIntoForce,
  ExpireAgreement,
  FlagOverdueActions,
  FlagReviewDue,
  HoldCommitteeMeeting,
  RecordActionDone,
  RecordAgreement,
  RecordExpiry,
  RecordReview,
  SignAgreement,
  TerminateAgreement,
} from './commands.ts';
import {
  type AgreementEvent,
  type AgreementEventOf,
  type Attendee,
  type DocumentMetadata,
  AgreementEventType as E,
  type Provision,
  type Sector,
} from './events.ts';
import type { AgreementStatus, ReviewRecommendation } from './vocabulary.ts';

export const agreementId = 'agreement-1';
export const partnerCountry = 'QA';
export const officer: Actor = { sub: 'mol-officer-1', name: 'Wanjiru Kamau' };
export const secondOfficer: Actor = { sub: 'mol-officer-2', name: 'Kiprono Langat' };

/** Noon in Nairobi on `date`: when an officer records what happened that day. */
export const noonOf = (date: string): string => `${date}T09:00:00.000Z`;

export const recordedAt = '2026-01-05T07:30:00.000Z';
export const signedOn = '2026-01-20';
export const inForceFrom = '2026-02-01';
export const reviewDue = '2027-02-01';
export const expiry = '2031-01-31';

export const sectors: Sector[] = [
  { isco: '2221', label: 'Nursing professionals' },
  { isco: '2222', label: 'Midwifery professionals' },
];

export const provisions: Provision[] = [
  { kind: 'passport-retention-prohibited', text: 'The employer shall not keep the worker’s passport.' },
  { kind: 'wage-protection', text: 'Wages are paid monthly into a bank account in the worker’s name.' },
  { kind: 'recruitment-fees', text: 'The employer bears the costs of recruitment.' },
  { kind: 'joint-committee', text: 'A joint committee meets at least once a year.' },
];

/** The terms of the first amendment: rest days added, the fees provision reworded, midwives no longer. */
export const amendedProvisions: Provision[] = [
  ...provisions.filter((p) => p.kind !== 'recruitment-fees'),
  {
    kind: 'recruitment-fees',
    text: 'The employer bears every cost of recruitment, the visa and the flight.',
  },
  { kind: 'rest-days', text: 'One paid rest day a week.' },
];
export const amendedSectors: Sector[] = [{ isco: '2221', label: 'Nursing professionals' }];

export const attendees: Attendee[] = [
  { institution: 'State Department for Labour and Skills Development', country: 'KE' },
  { institution: 'Ministry of Labour', country: 'QA' },
];

type Options = { now?: string; actor?: Actor };
const acted = (date: string, { now = noonOf(date), actor = officer }: Options) => ({ actor, now });
const by = (date: string, { now = noonOf(date), actor = officer }: Options) => ({ by: actor, at: now });

export const record = (overrides: Partial<Omit<RecordAgreement, 'type'>> = {}): RecordAgreement => ({
  type: 'RecordAgreement',
  agreementId,
  partnerCountry,
  title: 'Agreement on the employment of Kenyan health workers in Qatar',
  kind: 'bilateral-labour-agreement',
  sectors,
  provisions,
  notes: 'Test data.',
  actor: officer,
  now: recordedAt,
  ...overrides,
});

export const recorded = (
  overrides: Partial<AgreementEventOf<'Recorded'>['data']> = {},
): AgreementEventOf<'Recorded'> => {
  const { type: _, actor, now, ...command } = record();
  return { type: E.Recorded, data: { ...command, recordedBy: actor, at: now, ...overrides } };
};

export const sign = (date = signedOn, options: Options = {}): SignAgreement => ({
  type: 'SignAgreement',
  date,
  ...acted(date, options),
});

export const signed = (date = signedOn, options: Options = {}): AgreementEventOf<'Signed'> => ({
  type: E.Signed,
  data: { partnerCountry, date, ...by(date, options) },
});

type Days = { reviewDue?: string; expiry?: string };
const defaultDays: Days = { reviewDue, expiry };

export const enterIntoForce = (
  date = inForceFrom,
  days: Days = defaultDays,
  options: Options = {},
): EnterIntoForce => ({
  type: 'EnterIntoForce',
  date,
  ...days,
  ...acted(date, options),
});

export const enteredIntoForce = (
  date = inForceFrom,
  days: Days = defaultDays,
  options: Options & { terms?: { provisions: Provision[]; sectors: Sector[] } } = {},
): AgreementEventOf<'EnteredIntoForce'> => {
  const terms = options.terms ?? { provisions, sectors };
  return {
    type: E.EnteredIntoForce,
    data: {
      partnerCountry,
      date,
      ...days,
      provisionKinds: terms.provisions.map((p) => p.kind),
      sectors: terms.sectors,
      ...by(date, options),
    },
  };
};

export const amendmentSummary = 'Rest days added; the employer pays the visa and flight; nurses only.';

type Terms = { summary?: string; provisions?: Provision[]; sectors?: Sector[] };

export const amend = (date: string, terms: Terms = {}, options: Options = {}): AmendAgreement => ({
  type: 'AmendAgreement',
  date,
  summary: terms.summary ?? amendmentSummary,
  provisions: terms.provisions ?? amendedProvisions,
  ...(terms.sectors === undefined ? { sectors: amendedSectors } : { sectors: terms.sectors }),
  ...acted(date, options),
});

export const amended = (
  date: string,
  terms: Terms & { amendment?: number } = {},
  options: Options = {},
): AgreementEventOf<'Amended'> => ({
  type: E.Amended,
  data: {
    partnerCountry,
    amendment: terms.amendment ?? 1,
    date,
    summary: terms.summary ?? amendmentSummary,
    provisions: terms.provisions ?? amendedProvisions,
    sectors: terms.sectors ?? amendedSectors,
    ...by(date, options),
  },
});

export const findings = 'Wages paid on time in 9 of 10 inspected hospitals; two passports held.';

type ReviewFields = { nextReviewDue?: string; renewedUntil?: string; findings?: string };

export const review = (
  date: string,
  recommendation: ReviewRecommendation = 'renew',
  fields: ReviewFields = {},
  options: Options = {},
): RecordReview => ({
  type: 'RecordReview',
  date,
  findings,
  recommendation,
  ...fields,
  ...acted(date, options),
});

export const reviewed = (
  date: string,
  recommendation: ReviewRecommendation = 'renew',
  fields: ReviewFields & { n?: number } = {},
  options: Options = {},
): AgreementEventOf<'Reviewed'> => {
  const { n = 1, ...rest } = fields;
  return {
    type: E.Reviewed,
    data: {
      partnerCountry,
      reviewId: `review-${n}`,
      date,
      findings,
      recommendation,
      ...rest,
      ...by(date, options),
    },
  };
};

export const reviewFlagged = (now: string, due = reviewDue, date = due): AgreementEventOf<'ReviewDue'> => ({
  type: E.ReviewDue,
  data: { partnerCountry, reviewDue: due, date, at: now },
});

export const endingReason = 'Both parties agreed to replace it with a new agreement.';

export const recordExpiry = (date: string, options: Options = {}): RecordExpiry => ({
  type: 'RecordExpiry',
  date,
  reason: endingReason,
  ...acted(date, options),
});

export const expiredByOfficer = (
  date: string,
  options: Options & { expiry?: string | null } = {},
): AgreementEventOf<'Expired'> => {
  const last = options.expiry === undefined ? expiry : options.expiry;
  return {
    type: E.Expired,
    data: {
      partnerCountry,
      date,
      ...(last !== null ? { expiry: last } : {}),
      cause: 'officer',
      reason: endingReason,
      ...by(date, options),
    },
  };
};

export const expiredByClock = (now: string, date: string, last = expiry): AgreementEventOf<'Expired'> => ({
  type: E.Expired,
  data: { partnerCountry, date, expiry: last, cause: 'clock', at: now },
});

export const terminate = (date: string, options: Options = {}): TerminateAgreement => ({
  type: 'TerminateAgreement',
  date,
  reason: endingReason,
  ...acted(date, options),
});

export const terminated = (
  date: string,
  previousStatus: AgreementStatus,
  options: Options = {},
): AgreementEventOf<'Terminated'> => ({
  type: E.Terminated,
  data: { partnerCountry, date, reason: endingReason, previousStatus, ...by(date, options) },
});

export const meetingDate = '2026-03-10';
export const decisions = [
  {
    action: 'Share the list of licensed recruitment agencies',
    owner: 'National Employment Authority',
    due: '2026-04-30',
  },
  {
    action: 'Translate the standard contract into Arabic',
    owner: 'Ministry of Labour (Qatar)',
    due: '2026-06-30',
  },
];

export const holdMeeting = (
  date = meetingDate,
  decided: HoldCommitteeMeeting['decisions'] = decisions,
  options: Options = {},
): HoldCommitteeMeeting => ({
  type: 'HoldCommitteeMeeting',
  date,
  attendees,
  decisions: decided,
  ...acted(date, options),
});

/** The `n`th meeting held, its actions numbered in it. */
export const meetingHeld = (
  date = meetingDate,
  decided: HoldCommitteeMeeting['decisions'] = decisions,
  n = 1,
  options: Options = {},
): AgreementEventOf<'CommitteeMeetingHeld'> => ({
  type: E.CommitteeMeetingHeld,
  data: {
    partnerCountry,
    meetingId: `meeting-${n}`,
    date,
    attendees,
    decisions: decided.map((d, i) => ({ actionId: `meeting-${n}-action-${i + 1}`, ...d })),
    ...by(date, options),
  },
});

export const recordActionDone = (
  actionId: string,
  date: string,
  options: Options = {},
): RecordActionDone => ({
  type: 'RecordActionDone',
  actionId,
  date,
  ...acted(date, options),
});

export const actionDone = (
  actionId: string,
  date: string,
  wasOverdue = false,
  options: Options = {},
): AgreementEventOf<'ActionDone'> => ({
  type: E.ActionDone,
  data: {
    partnerCountry,
    meetingId: actionId.replace(/-action-\d+$/, ''),
    actionId,
    date,
    wasOverdue,
    ...by(date, options),
  },
});

export const actionOverdue = (
  now: string,
  actionId = 'meeting-1-action-1',
  decided = decisions[0],
): AgreementEventOf<'ActionOverdue'> => ({
  type: E.ActionOverdue,
  data: {
    partnerCountry,
    meetingId: actionId.replace(/-action-\d+$/, ''),
    actionId,
    owner: decided?.owner ?? '',
    due: decided?.due ?? '',
    at: now,
  },
});

export const signedText: DocumentMetadata = {
  documentId: 'document-1',
  kind: 'signed-text',
  fileName: 'agreement-qatar-2026.pdf',
  mediaType: 'application/pdf',
  sha256: 'a'.repeat(64),
  size: 482_113,
};

export const attach = (document: DocumentMetadata = signedText, options: Options = {}): AttachDocument => ({
  type: 'AttachDocument',
  document,
  ...acted('2026-03-12', options),
});

export const attached = (
  document: DocumentMetadata = signedText,
  options: Options = {},
): AgreementEventOf<'DocumentAttached'> => {
  const { by: uploadedBy, at } = by('2026-03-12', options);
  return { type: E.DocumentAttached, data: { ...document, uploadedBy, at } };
};

// The clock's commands: they carry only `now`.
export const expire = (now: string): ExpireAgreement => ({ type: 'ExpireAgreement', now });
export const flagReviewDue = (now: string): FlagReviewDue => ({ type: 'FlagReviewDue', now });
export const flagOverdue = (now: string): FlagOverdueActions => ({ type: 'FlagOverdueActions', now });

// The agreement at each status, as the stored events rebuild it.
export const negotiating: AgreementEvent[] = [recorded()];
export const signedAgreement: AgreementEvent[] = [...negotiating, signed()];
export const inForce: AgreementEvent[] = [...signedAgreement, enteredIntoForce()];
export const underReview: AgreementEvent[] = [...inForce, reviewFlagged(noonOf(reviewDue))];
export const expired: AgreementEvent[] = [
  ...inForce,
  expiredByClock('2031-02-01T00:05:00.000Z', '2031-02-01'),
];
export const terminatedAgreement: AgreementEvent[] = [...inForce, terminated('2026-09-01', 'in-force')];
