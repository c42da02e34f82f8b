import {
  countryCodeSchema,
  e164PhoneSchema,
  multilineText,
  passportNumberSchema,
  text,
} from '@kazi/contracts';
import { z } from 'zod';
import { currencySchema, iscoCodeSchema } from './events.ts';
import {
  AGE_BANDS,
  CASE_TYPES,
  CLOSURE_OUTCOMES,
  FAMILY_RELATIONS,
  HEARING_FORUMS,
  HEARING_OUTCOMES,
  REMAINS_DISPOSITIONS,
  SEXES,
} from './vocabulary.ts';

/**
 * What an attaché's app sends (docs/design/api.md, request bodies), in the clear: the application seals what
 * identifies the worker and the free text before the decider sees it. Bodies are strict: an unknown field
 * is refused rather than dropped, so a misspelt optional field does not vanish silently.
 */
const isoDate = z.iso.date('must be a date, YYYY-MM-DD');
const note = multilineText(1, 5000);

export const workerInputSchema = z
  .object({
    fullName: text(2, 200),
    sex: z.enum(SEXES),
    dateOfBirth: isoDate.optional(),
    ageBand: z.enum(AGE_BANDS).optional(),
    passportNumber: passportNumberSchema.optional(),
    phone: e164PhoneSchema.optional(),
    occupation: iscoCodeSchema.optional(),
    /** Where the worker can be found (an address, a shelter, a detention centre): sealed like the name. */
    whereabouts: text(1, 500).optional(),
  })
  .strict();

/** POST /cases. */
export const openCaseInputSchema = z
  .object({
    type: z.enum(CASE_TYPES),
    country: countryCodeSchema,
    worker: workerInputSchema,
    employerId: z.string().trim().min(1).max(100).optional(),
    employer: z
      .object({ name: text(1, 200), country: countryCodeSchema })
      .strict()
      .optional(),
    complaintId: z.string().trim().min(1).max(100).optional(),
    summary: note,
  })
  .strict()
  .refine((body) => body.employerId === undefined || body.employer === undefined, {
    message: 'name a registered employer (employerId) or type one in (employer), not both',
    path: ['employer'],
  });

export type OpenCaseInput = z.output<typeof openCaseInputSchema>;

/** What is sealed per data subject: everything that identifies the worker. */
export interface WorkerPersonalData {
  fullName: string;
  passportNumber?: string;
  phone?: string;
  dateOfBirth?: string;
  whereabouts?: string;
}

export function workerPersonalDataOf(worker: OpenCaseInput['worker']): WorkerPersonalData {
  const { fullName, passportNumber, phone, dateOfBirth, whereabouts } = worker;
  return {
    fullName,
    ...(passportNumber ? { passportNumber } : {}),
    ...(phone ? { phone } : {}),
    ...(dateOfBirth ? { dateOfBirth } : {}),
    ...(whereabouts ? { whereabouts } : {}),
  };
}

/** Made by the client once per change and sent again with each retry (a UUID fits). */
export const updateIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'must be 1 to 100 letters, digits or . _ : -');

type Shape = z.ZodRawShape;
/** The day it happened; the application takes today at the mission when it is left out. */
const dated = { date: isoDate.optional(), note: note.optional() };

/**
 * POST /cases/:id/updates, one shape per `action`. `extra` adds the fields every change route takes
 * (expectedVersion, updateId) to each shape, so the bodies stay strict.
 */
export const caseUpdateInputSchema = <E extends Shape>(extra: E = {} as E) =>
  z.discriminatedUnion('action', [
    z.object({ action: z.literal('note'), note, ...extra }).strict(),
    z.object({ action: z.literal('employer-contacted'), ...dated, ...extra }).strict(),
    z
      .object({
        action: z.literal('hearing'),
        forum: z.enum(HEARING_FORUMS),
        outcome: z.enum(HEARING_OUTCOMES),
        ...dated,
        ...extra,
      })
      .strict(),
    z.object({ action: z.literal('shelter-admission'), ...dated, ...extra }).strict(),
    z.object({ action: z.literal('shelter-discharge'), ...dated, ...extra }).strict(),
    z
      .object({
        action: z.literal('wages-recovered'),
        amount: z.number().positive('must be more than 0').max(1e12),
        currency: currencySchema,
        ...dated,
        ...extra,
      })
      .strict(),
    z.object({ action: z.literal('lawyer-referral'), ...dated, ...extra }).strict(),
    z
      .object({
        action: z.literal('remains-disposition'),
        disposition: z.enum(REMAINS_DISPOSITIONS),
        familyConsent: z.object({ date: isoDate, relation: z.enum(FAMILY_RELATIONS) }).strict(),
        note: note.optional(),
        ...extra,
      })
      .strict(),
  ]);

/** POST /cases/:id/repatriation: arrival says whether it was safe and dignified, abandonment why. */
export const repatriationInputSchema = <E extends Shape>(extra: E = {} as E) =>
  z.discriminatedUnion('stage', [
    z.object({ stage: z.literal('planned'), date: isoDate.optional(), ...extra }).strict(),
    z.object({ stage: z.literal('documents-ready'), date: isoDate.optional(), ...extra }).strict(),
    z.object({ stage: z.literal('departed'), date: isoDate.optional(), ...extra }).strict(),
    z
      .object({
        stage: z.literal('arrived'),
        date: isoDate.optional(),
        safeAndDignified: z.boolean(),
        ...extra,
      })
      .strict(),
    z
      .object({ stage: z.literal('abandoned'), date: isoDate.optional(), reason: text(1, 2000), ...extra })
      .strict(),
  ]);

/** POST /cases/:id/closure. */
export const closureInputSchema = <E extends Shape>(extra: E = {} as E) =>
  z.object({ outcome: z.enum(CLOSURE_OUTCOMES), note: note.optional(), ...extra }).strict();
