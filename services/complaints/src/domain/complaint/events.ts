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
 * (name, phone, ids, date of birth, narrative, notes) is never stored in the clear: it travels as `sealed`
 * strings, encrypted under the complainant's own key (packages/personal-data). What stays clear is what
 * statistics need: sex, age band, country, categories, agency, dates, outcome.
 */
const wire = <E extends string>(event: E) => `ke.nea.complaints.${event}.v1` as const;

export const ComplaintEventType = {
  Lodged: wire('complaint-lodged'),
  Triaged: wire('complaint-triaged'),
  Assigned: wire('complaint-assigned'),
  NoteAdded: wire('complaint-note-added'),
  Referred: wire('complaint-referred'),
  Resolved: wire('complaint-resolved'),
  Closed: wire('complaint-closed'),
  Reopened: wire('complaint-reopened'),
  Withdrawn: wire('complaint-withdrawn'),
  ResponseOverdue: wire('complaint-response-overdue'),
  ComplainantDataErased: wire('complainant-data-erased'),
} as const;

const isoTime = z.iso.datetime({ offset: true });
export const actorSchema = z.object({ sub: z.string().min(1), name: z.string() });
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
  description: z.string().optional(),
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
    location: z.object({ country: z.string().length(2), city: z.string().optional() }),
    agency: z.object({
      agencyId: z.string().optional(),
      agencyName: z.string().optional(),
      /** The registry's status of the named agency when the complaint was lodged. */
      statusAtLodging: z.string().optional(),
      candidates: z.array(agencyCandidateSchema),
    }),
    flags: z.array(agencyFlagSchema),
    employer: z.object({ name: z.string(), country: z.string() }).optional(),
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
    reason: z.string(),
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
    note: z.string().optional(),
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
    reason: z.string(),
    severity: severitySchema,
    respondBy: isoTime,
    by: actorSchema,
    at: isoTime,
  }),
  [ComplaintEventType.Withdrawn]: z.object({ reason: z.string().optional(), by: actorSchema, at: isoTime }),
  [ComplaintEventType.ResponseOverdue]: z.object({
    respondBy: isoTime,
    severity: severitySchema,
    at: isoTime,
  }),
  [ComplaintEventType.ComplainantDataErased]: z.object({
    subjectId: z.string(),
    reason: z.string(),
    by: actorSchema,
    at: isoTime,
  }),
} as const;

type Schemas = typeof complaintEventDataSchemas;
export type ComplaintEventTypeName = keyof Schemas;
export type ComplaintEvent = {
  [T in ComplaintEventTypeName]: { type: T; data: z.output<Schemas[T]> };
}[ComplaintEventTypeName];
export type ComplaintEventOf<K extends keyof typeof ComplaintEventType> = Extract<
  ComplaintEvent,
  { type: (typeof ComplaintEventType)[K] }
>;
export type Actor = z.output<typeof actorSchema>;
export type AgencyCandidate = z.output<typeof agencyCandidateSchema>;
export type AgencyFlag = z.output<typeof agencyFlagSchema>;
export type Remedy = z.output<typeof remedySchema>;

export const isComplaintEventType = (type: string): type is ComplaintEventTypeName =>
  Object.hasOwn(complaintEventDataSchemas, type);
