import { actorSchema } from '@kazi/core';
import { z } from 'zod';
import {
  ACTION_STATUSES,
  AGREEMENT_KINDS,
  AGREEMENT_STATUSES,
  type AgreementAsOf,
  type AgreementState,
  attendeeSchema,
  DOCUMENT_KINDS,
  overdueActions,
  provisionSchema,
  REVIEW_RECOMMENDATIONS,
  sectorSchema,
} from '../domain/index.ts';

/**
 * What GET /blmas/:id answers: the agreement as it is now, or as it stood on a day (`asOf`). Every reader
 * allowed to see an agreement sees all of it: it is a record between states, with no personal data
 * beyond the names of the officers who recorded it.
 */
const day = z.string().describe('YYYY-MM-DD');
const dayOrNull = day.nullable();

const termsSchema = z.object({
  version: z.number().int().describe('1 as recorded, one more per amendment'),
  validFrom: dayOrNull.describe('the day these terms took effect; null for the terms as recorded'),
  provisions: z.array(provisionSchema),
  sectors: z.array(sectorSchema),
});

const actionSchema = z.object({
  actionId: z.string(),
  action: z.string(),
  owner: z.string(),
  due: day,
  status: z.enum(ACTION_STATUSES),
  doneOn: day.optional(),
});

const meetingSchema = z.object({
  meetingId: z.string(),
  date: day,
  attendees: z.array(attendeeSchema),
  actions: z.array(actionSchema),
  by: actorSchema,
  at: z.string(),
});

const reviewSchema = z.object({
  reviewId: z.string(),
  date: day,
  findings: z.string(),
  recommendation: z.enum(REVIEW_RECOMMENDATIONS),
  nextReviewDue: day.optional(),
  renewedUntil: day.optional(),
  by: actorSchema,
  at: z.string(),
});

const common = {
  id: z.string(),
  partnerCountry: z.string(),
  title: z.string(),
  kind: z.enum(AGREEMENT_KINDS),
  notes: z.string().optional().describe('what is known of the text, e.g. that it is not public'),
  status: z.enum(AGREEMENT_STATUSES),
  signedOn: dayOrNull,
  inForceFrom: dayOrNull,
  reviewDue: dayOrNull,
  expiry: dayOrNull.describe('the last day in force'),
  terms: termsSchema.describe('the terms in effect'),
  reviews: z.array(reviewSchema),
  meetings: z.array(meetingSchema),
};

export const agreementViewSchema = z.object({
  ...common,
  version: z.number().int(),
  amendments: z.array(
    z.object({ number: z.number().int(), date: day, summary: z.string(), by: actorSchema, at: z.string() }),
  ),
  reviewFlaggedFor: dayOrNull.describe(
    'the review day the clock flagged while no review has been recorded since: the review is awaited',
  ),
  overdueActions: z
    .array(actionSchema.omit({ status: true, doneOn: true }).extend({ meetingId: z.string() }))
    .describe("committee actions past their due day and not done (the clock's rule)"),
  lifecycle: z.array(
    z.object({
      step: z.string(),
      date: dayOrNull,
      status: z.enum(AGREEMENT_STATUSES),
      reviewDue: dayOrNull,
      expiry: dayOrNull,
      by: actorSchema.optional().describe('absent for what the clock did'),
      at: z.string(),
    }),
  ),
  documents: z.array(
    z.object({
      documentId: z.string(),
      kind: z.enum(DOCUMENT_KINDS),
      fileName: z.string(),
      mediaType: z.string(),
      sha256: z.string(),
      size: z.number().int(),
      meetingId: z.string().optional(),
      uploadedBy: actorSchema,
      at: z.string(),
      href: z.string().describe('GET it for the bytes'),
    }),
  ),
  recordedBy: actorSchema,
  recordedAt: z.string(),
  updatedAt: z.string(),
});

export const agreementAsOfViewSchema = z.object({
  ...common,
  asOf: day,
  amendments: z.array(z.object({ number: z.number().int(), date: day, summary: z.string() })),
});

export type AgreementView = z.output<typeof agreementViewSchema>;
export type AgreementAsOfView = z.output<typeof agreementAsOfViewSchema>;

/** The review day the clock flagged, while the agreement is under review and no review followed it. */
function awaitedReview(state: AgreementState): string | null {
  if (state.status !== 'under-review') return null;
  const steps = state.lifecycle.map((entry) => entry.step);
  return steps.lastIndexOf('review-due') > steps.lastIndexOf('reviewed') ? state.reviewDueFlagged : null;
}

/** The agreement as it is now, from its state (a recorded agreement: `record` is set). */
export function agreementView(id: string, state: AgreementState, version: number): AgreementView {
  const record = state.record;
  const terms = state.terms.at(-1);
  if (record === null || state.status === null || terms === undefined)
    throw new Error(`agreement ${id} is not recorded`);
  return {
    id,
    version,
    partnerCountry: record.partnerCountry,
    title: record.title,
    kind: record.kind,
    ...(record.notes ? { notes: record.notes } : {}),
    status: state.status,
    signedOn: state.signedOn,
    inForceFrom: state.inForceFrom,
    reviewDue: state.reviewDue,
    expiry: state.expiry,
    reviewFlaggedFor: awaitedReview(state),
    terms: {
      version: terms.version,
      validFrom: terms.validFrom,
      provisions: terms.provisions,
      sectors: terms.sectors,
    },
    amendments: state.terms.flatMap((t) =>
      t.amendment && t.validFrom !== null ? [{ ...t.amendment, date: t.validFrom }] : [],
    ),
    overdueActions: overdueActions(state).map(({ meetingId, actionId, action, owner, due }) => ({
      meetingId,
      actionId,
      action,
      owner,
      due,
    })),
    lifecycle: state.lifecycle,
    reviews: state.reviews,
    meetings: state.meetings,
    documents: state.documents.map((d) => ({
      ...d,
      href: `/blmas/${id}/documents/${d.documentId}`,
    })),
    recordedBy: record.recordedBy,
    recordedAt: record.at,
    updatedAt: state.updatedAt ?? record.at,
  };
}

/** The agreement as it stood on a day (the domain's agreementAsOf), under its id. */
export function agreementAsOfView(id: string, asOf: AgreementAsOf): AgreementAsOfView {
  const { agreementId: _, ...rest } = asOf;
  return { id, ...rest };
}
