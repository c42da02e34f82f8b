import { actorSchema, type EventsOf, eventTypeGuard } from '@kazi/core';
import { z } from 'zod';
import {
  AGE_BANDS,
  COMPLAINT_CATEGORIES,
  FORCED_LABOUR_INDICATORS,
  LANGUAGES,
  REFERRAL_TARGETS,
  REMEDY_KINDS,
  RESOLUTION_OUTCOMES,
  SEVERITIES,
  SEXES,
} from './vocabulary.ts';

/**
 * Domain events of a complaint, stored in its stream `complaint.<id>`. Identifying data of the complainant
 * (name, phone, ids, date of birth, narrative, notes) and every free text an officer or the hotline types
 * about them (reasons, referral notes, the remedy's description, the employer's name, the city) is never
 * stored in the clear: it travels sealed, encrypted under the complainant's own key (packages/personal-data).
 * What stays clear is what statistics need: sex, age band, country, categories, agency, dates, outcome.
 */
const wire = <E extends string, V extends 1 | 2>(event: E, version: V) =>
  `ke.nea.complaints.${event}.v${version}` as const;

/**
 * Current wire names. The v2 events carry sealed free text where their v1 carried it in the clear; v1
 * events in the log are upcast on read (upcasters.ts).
 */
export const ComplaintEventType = {
  Lodged: wire('complaint-lodged', 2),
  Triaged: wire('complaint-triaged', 2),
  Assigned: wire('complaint-assigned', 1),
  NoteAdded: wire('complaint-note-added', 1),
  Referred: wire('complaint-referred', 2),
  Resolved: wire('complaint-resolved', 2),
  Closed: wire('complaint-closed', 1),
  Reopened: wire('complaint-reopened', 2),
  Withdrawn: wire('complaint-withdrawn', 2),
  ResponseOverdue: wire('complaint-response-overdue', 1),
  ComplainantDataErased: wire('complainant-data-erased', 2),
} as const;

/** Free text about the complainant, encrypted under their key (what v2 events write). */
export const sealedTextSchema = z.object({ sealed: z.string().min(1) }).strict();
/**
 * Free text as a v1 event stored it, in the clear: only ever produced by an upcaster. It reads as erased
 * once the complainant's data is erased (the state drops it then), though the v1 event keeps it in the log.
 */
export const clearTextSchema = z.object({ clear: z.string() }).strict();
export const freeTextSchema = z.union([sealedTextSchema, clearTextSchema]);

const isoTime = z.iso.datetime({ offset: true });
export const categoriesSchema = z.array(z.enum(COMPLAINT_CATEGORIES));
export const indicatorsSchema = z.array(z.enum(FORCED_LABOUR_INDICATORS));
export const severitySchema = z.enum(SEVERITIES);

export const agencyCandidateSchema = z.object({
  agencyId: z.string(),
  name: z.string(),
  status: z.string(),
  score: z.number(),
});

/** Why a complaint needs a second look at its agency (issue: unlicensed, suspended, revoked or expired). */
export const agencyFlagSchema = z.object({
  kind: z.enum(['agency-not-licensed', 'agency-not-identified']),
  agencyStatus: z.string().optional(),
});

export const remedySchema = z.object({
  kind: z.enum(REMEDY_KINDS),
  amount: z.number().nonnegative().optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  description: freeTextSchema.optional(),
});

export const complaintEventDataSchemas = {
  [ComplaintEventType.Lodged]: z.object({
    complaintId: z.string().min(1),
    reference: z.string().regex(/^NEA-\d{4}-\d{6}$/),
    channel: z.enum(['hotline', 'nea-officer']),
    lodgedBy: actorSchema,
    complainant: z.object({
      sex: z.enum(SEXES),
      ageBand: z.enum(AGE_BANDS),
      /** Key id in the personal-data key store: erasure destroys it. */
      subjectId: z.string().min(1),
      /** fullName, phone, dateOfBirth, nationalId, passportNumber, narrative — encrypted. */
      sealed: z.string().min(1),
    }),
    location: z.object({ country: z.string().length(2), city: freeTextSchema.optional() }),
    agency: z.object({
      agencyId: z.string().optional(),
      agencyName: z.string().optional(),
      /** The registry's status of the named agency when the complaint was lodged. */
      statusAtLodging: z.string().optional(),
      candidates: z.array(agencyCandidateSchema),
    }),
    flags: z.array(agencyFlagSchema),
    employer: z.object({ name: freeTextSchema, country: z.string() }).optional(),
    categories: categoriesSchema,
    indicators: indicatorsSchema,
    severity: severitySchema,
    language: z.enum(LANGUAGES),
    /** scrypt hash of the tracking PIN; the PIN itself is only ever in the 201 response. */
    trackingPinHash: z.string().min(1),
    respondBy: isoTime,
    at: isoTime,
  }),
  [ComplaintEventType.Triaged]: z.object({
    categories: categoriesSchema,
    indicators: indicatorsSchema,
    traffickingSuspected: z.boolean(),
    severity: severitySchema,
    previousSeverity: severitySchema,
    respondBy: isoTime,
    /** Absent when the complainant's data was already erased: there is no key left to seal it with. */
    reason: freeTextSchema.optional(),
    by: actorSchema,
    at: isoTime,
  }),
  [ComplaintEventType.Assigned]: z.object({ assignee: z.string(), by: actorSchema, at: isoTime }),
  [ComplaintEventType.NoteAdded]: z.object({
    noteId: z.string(),
    source: z.enum(['hotline', 'officer']),
    sealed: z.string().min(1),
    by: actorSchema,
    at: isoTime,
  }),
  [ComplaintEventType.Referred]: z.object({
    // The complaint's facts travel with the referral: the receiving service needs them, not the stream.
    reference: z.string(),
    categories: categoriesSchema,
    severity: severitySchema,
    to: z.enum(REFERRAL_TARGETS),
    country: z.string().length(2),
    note: freeTextSchema.optional(),
    by: actorSchema,
    at: isoTime,
  }),
  [ComplaintEventType.Resolved]: z.object({
    outcome: z.enum(RESOLUTION_OUTCOMES),
    remedy: remedySchema.optional(),
    by: actorSchema,
    at: isoTime,
  }),
  [ComplaintEventType.Closed]: z.object({ by: actorSchema, at: isoTime }),
  [ComplaintEventType.Reopened]: z.object({
    reason: freeTextSchema.optional(),
    severity: severitySchema,
    respondBy: isoTime,
    by: actorSchema,
    at: isoTime,
  }),
  [ComplaintEventType.Withdrawn]: z.object({
    reason: freeTextSchema.optional(),
    by: actorSchema,
    at: isoTime,
  }),
  [ComplaintEventType.ResponseOverdue]: z.object({
    respondBy: isoTime,
    severity: severitySchema,
    at: isoTime,
  }),
  [ComplaintEventType.ComplainantDataErased]: z.object({
    subjectId: z.string(),
    /** Sealed just before the key is destroyed, so it reads as erased like the rest. */
    reason: freeTextSchema.optional(),
    by: actorSchema,
    at: isoTime,
  }),
} as const;

type Schemas = typeof complaintEventDataSchemas;
export type ComplaintEventTypeName = keyof Schemas;
export type ComplaintEvent = EventsOf<Schemas>;
export type ComplaintEventOf<K extends keyof typeof ComplaintEventType> = Extract<
  ComplaintEvent,
  { type: (typeof ComplaintEventType)[K] }
>;
export type AgencyCandidate = z.output<typeof agencyCandidateSchema>;
export type AgencyFlag = z.output<typeof agencyFlagSchema>;
export type Remedy = z.output<typeof remedySchema>;
export type SealedText = z.output<typeof sealedTextSchema>;
export type FreeText = z.output<typeof freeTextSchema>;

export const isComplaintEventType = eventTypeGuard(complaintEventDataSchemas);
