import { actorSchema, type EventsOf, eventParser, eventTypeGuard } from '@kazi/core';
import { z } from 'zod';
import {
  AGREEMENT_KINDS,
  AGREEMENT_STATUSES,
  DOCUMENT_KINDS,
  PROVISION_KINDS,
  REVIEW_RECOMMENDATIONS,
} from './vocabulary.ts';

/**
 * Domain events of an agreement, stored in its stream `agreement.<id>`. An agreement is between states:
 * nothing here is personal data. Committee attendees and action owners are institutions, and who acted is
 * the officer's subject and name, as every event records it.
 *
 * Every event after the recording repeats the partner country, and those that change what is in force
 * (entry into force, amendment) the provisions' kinds and the sectors: the relay maps one event at a time,
 * so each must stand alone for other services.
 */
const wire = <E extends string>(event: E) => `ke.nea.blma-records.${event}.v1` as const;

export const AgreementEventType = {
  Recorded: wire('agreement-recorded'),
  Signed: wire('agreement-signed'),
  EnteredIntoForce: wire('agreement-entered-into-force'),
  ReviewDue: wire('agreement-review-due'),
  Reviewed: wire('agreement-reviewed'),
  Amended: wire('agreement-amended'),
  Expired: wire('agreement-expired'),
  Terminated: wire('agreement-terminated'),
  CommitteeMeetingHeld: wire('committee-meeting-held'),
  ActionDone: wire('committee-action-done'),
  ActionOverdue: wire('committee-action-overdue'),
  DocumentAttached: wire('document-attached'),
} as const;

const isoTime = z.iso.datetime({ offset: true });
/** A calendar day, YYYY-MM-DD: what an agreement's dates are. */
export const isoDate = z.iso.date();
const country = z.string().length(2);

/** ISCO-08: a major group (1 digit) down to a unit group (4 digits), e.g. 2221 nursing professionals. */
export const iscoCodeSchema = z.string().regex(/^\d{1,4}$/, 'must be an ISCO-08 code, e.g. 2221');

/**
 * What an agreement covers: an ISCO-08 code with its label. A group's code (e.g. 22 health professionals)
 * covers a sector of work, a unit group's (9111 domestic cleaners and helpers) one occupation.
 */
export const sectorSchema = z.object({ isco: iscoCodeSchema, label: z.string().min(1) });

export const provisionSchema = z.object({ kind: z.enum(PROVISION_KINDS), text: z.string().min(1) });

/** Who attended a joint committee meeting: an institution of either party, never a person. */
export const attendeeSchema = z.object({ institution: z.string().min(1), country });

/** A committee's decision: an action, the institution that owns it and the last day to do it. */
export const committeeActionSchema = z.object({
  actionId: z.string().min(1),
  action: z.string().min(1),
  owner: z.string().min(1),
  due: isoDate,
});

export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 digest, 64 hex digits');

/** What the domain knows of an attachment; its bytes live in the object store under the same id. */
export const documentSchema = z.object({
  documentId: z.string().min(1),
  kind: z.enum(DOCUMENT_KINDS),
  fileName: z.string().min(1),
  mediaType: z.string().min(1),
  sha256: sha256Schema,
  size: z.number().int().positive(),
  /** The meeting minutes are of. */
  meetingId: z.string().min(1).optional(),
});

const acted = { by: actorSchema, at: isoTime };

export const agreementEventDataSchemas = {
  [AgreementEventType.Recorded]: z.object({
    agreementId: z.string().min(1),
    partnerCountry: country,
    title: z.string().min(1),
    kind: z.enum(AGREEMENT_KINDS),
    sectors: z.array(sectorSchema),
    provisions: z.array(provisionSchema),
    /** What is known of the text, e.g. that it is not public: said here rather than invented. */
    notes: z.string().min(1).optional(),
    recordedBy: actorSchema,
    at: isoTime,
  }),
  [AgreementEventType.Signed]: z.object({ partnerCountry: country, date: isoDate, ...acted }),
  [AgreementEventType.EnteredIntoForce]: z.object({
    partnerCountry: country,
    date: isoDate,
    reviewDue: isoDate.optional(),
    /** The last day the agreement is in force. */
    expiry: isoDate.optional(),
    /** What came into force, copied from the terms: the provisions' kinds and the sectors covered. */
    provisionKinds: z.array(z.enum(PROVISION_KINDS)),
    sectors: z.array(sectorSchema),
    ...acted,
  }),
  /** From the clock: a review fell due. */
  [AgreementEventType.ReviewDue]: z.object({
    partnerCountry: country,
    reviewDue: isoDate,
    /** The day the agreement went under review: the review's due day, or a later day already recorded. */
    date: isoDate,
    at: isoTime,
  }),
  [AgreementEventType.Reviewed]: z.object({
    partnerCountry: country,
    reviewId: z.string().min(1),
    date: isoDate,
    findings: z.string().min(1),
    recommendation: z.enum(REVIEW_RECOMMENDATIONS),
    nextReviewDue: isoDate.optional(),
    /** A renewal's new last day in force. */
    renewedUntil: isoDate.optional(),
    ...acted,
  }),
  [AgreementEventType.Amended]: z.object({
    partnerCountry: country,
    /** 1 for the first amendment: the terms' version is this plus one. */
    amendment: z.number().int().positive(),
    /** The day the amended terms took effect. */
    date: isoDate,
    summary: z.string().min(1),
    /** The whole terms after the amendment: every provision and sector, changed or not. */
    provisions: z.array(provisionSchema),
    sectors: z.array(sectorSchema),
    ...acted,
  }),
  [AgreementEventType.Expired]: z.object({
    partnerCountry: country,
    /** The first day the agreement was no longer in force. */
    date: isoDate,
    /** Its last day in force, when one was set. */
    expiry: isoDate.optional(),
    /** The clock's sweep at the expiry date, or an officer recording it. */
    cause: z.enum(['clock', 'officer']),
    reason: z.string().min(1).optional(),
    /** Absent when the clock expired it. */
    by: actorSchema.optional(),
    at: isoTime,
  }),
  [AgreementEventType.Terminated]: z.object({
    partnerCountry: country,
    date: isoDate,
    reason: z.string().min(1),
    previousStatus: z.enum(AGREEMENT_STATUSES),
    ...acted,
  }),
  [AgreementEventType.CommitteeMeetingHeld]: z.object({
    partnerCountry: country,
    meetingId: z.string().min(1),
    date: isoDate,
    attendees: z.array(attendeeSchema),
    decisions: z.array(committeeActionSchema),
    ...acted,
  }),
  [AgreementEventType.ActionDone]: z.object({
    partnerCountry: country,
    meetingId: z.string().min(1),
    actionId: z.string().min(1),
    date: isoDate,
    /** Whether it had been reported overdue before it was done. */
    wasOverdue: z.boolean(),
    ...acted,
  }),
  /** From the clock: an action's due day passed before it was done (once per action). */
  [AgreementEventType.ActionOverdue]: z.object({
    partnerCountry: country,
    meetingId: z.string().min(1),
    actionId: z.string().min(1),
    owner: z.string().min(1),
    due: isoDate,
    at: isoTime,
  }),
  [AgreementEventType.DocumentAttached]: z.object({
    ...documentSchema.shape,
    uploadedBy: actorSchema,
    at: isoTime,
  }),
} as const;

type Schemas = typeof agreementEventDataSchemas;
export type AgreementEventTypeName = keyof Schemas;
export type AgreementEvent = EventsOf<Schemas>;
/** One event by its key in AgreementEventType, e.g. `AgreementEventOf<'Signed'>`. */
export type AgreementEventOf<K extends keyof typeof AgreementEventType> = Extract<
  AgreementEvent,
  { type: (typeof AgreementEventType)[K] }
>;
export type Sector = z.output<typeof sectorSchema>;
export type Provision = z.output<typeof provisionSchema>;
export type Attendee = z.output<typeof attendeeSchema>;
export type CommitteeActionDecided = z.output<typeof committeeActionSchema>;
export type DocumentMetadata = z.output<typeof documentSchema>;

export const isAgreementEventType = eventTypeGuard(agreementEventDataSchemas);
export const parseAgreementEvent = eventParser(agreementEventDataSchemas, 'an agreement');
