import { actorSchema, type EventsOf, eventParser, eventTypeGuard } from '@kazi/core';
import { z } from 'zod';
import { EMPLOYER_STATUSES } from '../employer/vocabulary.ts';
import {
  AGE_BANDS,
  CASE_TYPES,
  CLOSURE_OUTCOMES,
  FAMILY_RELATIONS,
  HEARING_FORUMS,
  HEARING_OUTCOMES,
  REMAINS_DISPOSITIONS,
  REPATRIATION_STAGES,
  SEXES,
} from './vocabulary.ts';

/**
 * Domain events of a case, stored in its stream `case.<id>`. What identifies the worker (name, passport
 * number, phone, date of birth, whereabouts) and every free text an attaché types about the case (the
 * summary, notes, an abandonment's reason) travel sealed under the worker's own key (packages/personal-data):
 * the application seals them, the domain holds them as opaque strings. What stays clear is what statistics
 * need: sex, age band, occupation, the mission, the case's type, actions, stages, dates and outcome.
 */
const wire = <E extends string>(event: E) => `ke.nea.attache-cases.${event}.v1` as const;

export const CaseEventType = {
  Opened: wire('case-opened'),
  UpdateRecorded: wire('case-update-recorded'),
  RepatriationStageReached: wire('repatriation-stage-reached'),
  Closed: wire('case-closed'),
  WorkerDetailsRecorded: wire('worker-details-recorded'),
  WorkerDataErased: wire('worker-data-erased'),
} as const;

const isoTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();

/** Free text about the worker, encrypted under their key. */
export const sealedTextSchema = z.object({ sealed: z.string().min(1) }).strict();

/** ISCO-08: a major group (1 digit) down to a unit group (4 digits), e.g. 9111 domestic cleaners. */
export const iscoCodeSchema = z.string().regex(/^\d{1,4}$/, 'must be an ISCO-08 code, e.g. 9111');
export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code, e.g. SAR');

/**
 * Every change after the opening names the client's `updateId` and the application's `fingerprint` of the
 * request as the client sent it, so a resend is recognised and answered as the first time (see rules.ts).
 */
const change = {
  updateId: z.string().min(1),
  fingerprint: z.string().min(1),
  by: actorSchema,
  at: isoTime,
};

const dated = { date: isoDate, note: sealedTextSchema.optional() };

/** What an attaché recorded on a case, by kind. */
export const caseActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('note'), note: sealedTextSchema }),
  z.object({ kind: z.literal('employer-contacted'), ...dated }),
  z.object({
    kind: z.literal('hearing'),
    forum: z.enum(HEARING_FORUMS),
    outcome: z.enum(HEARING_OUTCOMES),
    ...dated,
  }),
  z.object({ kind: z.literal('shelter-admission'), ...dated }),
  z.object({ kind: z.literal('shelter-discharge'), ...dated }),
  z.object({
    kind: z.literal('wages-recovered'),
    amount: z.number().positive(),
    currency: currencySchema,
    ...dated,
  }),
  z.object({ kind: z.literal('lawyer-referral'), ...dated }),
  z.object({
    kind: z.literal('remains-disposition'),
    disposition: z.enum(REMAINS_DISPOSITIONS),
    /** The day the family consented, and who of them: the relation only. */
    familyConsent: z.object({ date: isoDate, relation: z.enum(FAMILY_RELATIONS) }),
    note: sealedTextSchema.optional(),
  }),
]);

/** The employer as the case names it: a registered employer (by id) or a name and country typed in. */
export const caseEmployerSchema = z.object({
  employerId: z.string().min(1).optional(),
  name: z.string().min(1),
  country: z.string().length(2),
  /** A registered employer's vetting status when the case was opened. */
  statusAtOpening: z.enum(EMPLOYER_STATUSES).optional(),
});

/** Why a case needs a second look at its employer: an attaché flagged or blacklisted it. */
export const employerFlagSchema = z.object({ kind: z.enum(['employer-flagged', 'employer-blacklisted']) });

export const caseEventDataSchemas = {
  [CaseEventType.Opened]: z.object({
    caseId: z.string().min(1),
    caseType: z.enum(CASE_TYPES),
    /** The mission (ISO 3166-1 alpha-2): the country where the worker is. */
    country: z.string().length(2),
    complaintId: z.string().min(1).optional(),
    worker: z.object({
      /** Key id in the personal-data key store: erasure destroys it. */
      subjectId: z.string().min(1),
      /**
       * fullName, passportNumber, phone, dateOfBirth, whereabouts — encrypted. Absent for a case opened from
       * a referred complaint: the complaints service holds that worker's details.
       */
      sealed: z.string().min(1).optional(),
      sex: z.enum(SEXES),
      ageBand: z.enum(AGE_BANDS).optional(),
      occupation: iscoCodeSchema.optional(),
    }),
    employer: caseEmployerSchema.optional(),
    flags: z.array(employerFlagSchema),
    summary: sealedTextSchema.optional(),
    openedBy: actorSchema,
    at: isoTime,
  }),
  [CaseEventType.UpdateRecorded]: z.object({ action: caseActionSchema, ...change }),
  [CaseEventType.RepatriationStageReached]: z.object({
    stage: z.enum(REPATRIATION_STAGES),
    date: isoDate,
    /** On arrival only: whether the return was safe and dignified (indicator 30.4.1)… */
    safeAndDignified: z.boolean().optional(),
    /** …counted by the worker's sex and age band, copied from the opening so the event stands alone. */
    worker: z.object({ sex: z.enum(SEXES), ageBand: z.enum(AGE_BANDS).optional() }).optional(),
    /** On abandonment only; absent when the worker's data was already erased. */
    reason: sealedTextSchema.optional(),
    /** The remains of a deceased worker (a death case). */
    remains: z.literal(true).optional(),
    ...change,
  }),
  [CaseEventType.Closed]: z.object({
    outcome: z.enum(CLOSURE_OUTCOMES),
    note: sealedTextSchema.optional(),
    /** Copied from the opening, so the complaint it came from hears of the closure from this event alone. */
    complaintId: z.string().min(1).optional(),
    ...change,
  }),
  /**
   * The worker's details, recorded after the opening: a case opened from a referred complaint has none
   * until the attaché adds them, and a worker may ask for a correction. They replace the earlier ones.
   */
  [CaseEventType.WorkerDetailsRecorded]: z.object({
    worker: z.object({
      /** fullName, passportNumber, phone, dateOfBirth, whereabouts — encrypted under the worker's key. */
      sealed: z.string().min(1),
      sex: z.enum(SEXES),
      ageBand: z.enum(AGE_BANDS).optional(),
      occupation: iscoCodeSchema.optional(),
    }),
    ...change,
  }),
  [CaseEventType.WorkerDataErased]: z.object({
    subjectId: z.string().min(1),
    /** Sealed just before the key is destroyed, so it reads as erased like the rest. */
    reason: sealedTextSchema.optional(),
    by: actorSchema,
    at: isoTime,
  }),
} as const;

type Schemas = typeof caseEventDataSchemas;
export type CaseEventTypeName = keyof Schemas;
export type CaseEvent = EventsOf<Schemas>;
/** One event by its key in CaseEventType, e.g. `CaseEventOf<'Closed'>`. */
export type CaseEventOf<K extends keyof typeof CaseEventType> = Extract<
  CaseEvent,
  { type: (typeof CaseEventType)[K] }
>;
export type SealedText = z.output<typeof sealedTextSchema>;
export type CaseAction = z.output<typeof caseActionSchema>;
export type CaseActionOf<K extends CaseAction['kind']> = Extract<CaseAction, { kind: K }>;
export type CaseEmployer = z.output<typeof caseEmployerSchema>;
export type EmployerFlag = z.output<typeof employerFlagSchema>;

export const isCaseEventType = eventTypeGuard(caseEventDataSchemas);
export const parseCaseEvent = eventParser(caseEventDataSchemas, 'a case');
