import { z } from 'zod';

/**
 * What each view of one case shows (GET /cases/:id, and the `current` of a stale change's 409), in this
 * one place. Who gets which view is caseAccess.ts.
 *
 * - `full` (NEA officers and directors, the attachés of the case's mission): the whole case, the worker's
 *   personal data and every text opened (null once erased).
 * - `analyst`: what statistics and oversight need: the case's type, mission, status, the worker's sex, age
 *   band and occupation, a registered employer, the kinds and dates of actions, stages and outcome. Not:
 *   the worker's name, passport, phone, date of birth or whereabouts, the summary, notes, reasons, who
 *   acted, nor the name of an employer typed in (it may be a household: a person).
 * The response schema of each view strips anything not listed, so a field added to the record later stays
 * hidden from a view until it is added there on purpose.
 */
const actor = z.object({ sub: z.string(), name: z.string() });
const nullableString = z.string().nullable();

/** An action as recorded; the fields of its kind only (a hearing its forum and outcome, wages an amount…). */
const actionFacts = {
  kind: z.string(),
  date: z.string().optional(),
  forum: z.string().optional(),
  outcome: z.string().optional(),
  amount: z.number().optional(),
  currency: z.string().optional(),
  disposition: z.string().optional(),
  familyConsent: z.object({ date: z.string(), relation: z.string() }).optional(),
};

const remains = z.object({ disposition: z.string(), consentDate: z.string() }).nullable();

export const fullCaseView = z.object({
  view: z.literal('full'),
  id: z.string(),
  type: z.string(),
  country: z.string().describe('the mission'),
  status: z.string(),
  complaintId: nullableString.describe('the complaint the case was opened from, when referred'),
  personalData: z
    .enum(['held', 'erased', 'none'])
    .describe(
      "'none': a case opened from a referred complaint before the attaché added the worker's details",
    ),
  worker: z.object({
    fullName: nullableString,
    passportNumber: nullableString,
    phone: nullableString,
    dateOfBirth: nullableString,
    whereabouts: nullableString,
    sex: z.string(),
    ageBand: nullableString,
    occupation: nullableString,
  }),
  employer: z
    .object({
      employerId: nullableString,
      name: z.string(),
      country: z.string(),
      statusAtOpening: nullableString,
    })
    .nullable(),
  flags: z
    .array(z.string())
    .describe('employer-flagged, employer-blacklisted: the employer as vetted at opening'),
  summary: nullableString,
  timeline: z.array(
    z.object({
      updateId: z.string(),
      action: z.object({ ...actionFacts, note: nullableString }),
      by: actor,
      at: z.string(),
    }),
  ),
  inShelterSince: nullableString,
  repatriation: z.array(
    z.object({
      updateId: z.string(),
      stage: z.string(),
      date: z.string(),
      safeAndDignified: z.boolean().nullable(),
      reason: nullableString,
      by: actor,
      at: z.string(),
    }),
  ),
  remains,
  closure: z
    .object({ updateId: z.string(), outcome: z.string(), note: nullableString, by: actor, at: z.string() })
    .nullable(),
  erasure: z.object({ reason: nullableString, by: actor, at: z.string() }).nullable(),
  openedBy: actor,
  openedAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});

export const analystCaseView = z.object({
  view: z.literal('analyst'),
  id: z.string(),
  type: z.string(),
  country: z.string(),
  status: z.string(),
  complaintId: nullableString,
  personalData: z.enum(['held', 'erased', 'none']),
  worker: z.object({ sex: z.string(), ageBand: nullableString, occupation: nullableString }),
  employer: z
    .object({
      employerId: nullableString,
      name: nullableString.describe('registered employers only'),
      country: z.string(),
      statusAtOpening: nullableString,
    })
    .nullable(),
  flags: z.array(z.string()),
  timeline: z.array(z.object({ action: z.object(actionFacts), at: z.string() })),
  inShelterSince: nullableString,
  repatriation: z.array(
    z.object({
      stage: z.string(),
      date: z.string(),
      safeAndDignified: z.boolean().nullable(),
      at: z.string(),
    }),
  ),
  remains,
  closure: z.object({ outcome: z.string(), at: z.string() }).nullable(),
  openedAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});

export const caseViewSchema = z.discriminatedUnion('view', [fullCaseView, analystCaseView]);
export type CaseViewOf = z.output<typeof caseViewSchema>;

/** The case with its sealed parts opened: the full view without its tag (caseRecord.ts builds it). */
export type CaseRecord = Omit<z.output<typeof fullCaseView>, 'view'>;

export const caseViews = {
  full: (record: CaseRecord): z.output<typeof fullCaseView> => ({ view: 'full', ...record }),

  analyst: (record: CaseRecord): z.output<typeof analystCaseView> => ({
    view: 'analyst',
    id: record.id,
    type: record.type,
    country: record.country,
    status: record.status,
    complaintId: record.complaintId,
    personalData: record.personalData,
    worker: { sex: record.worker.sex, ageBand: record.worker.ageBand, occupation: record.worker.occupation },
    employer: record.employer && {
      employerId: record.employer.employerId,
      name: record.employer.employerId === null ? null : record.employer.name,
      country: record.employer.country,
      statusAtOpening: record.employer.statusAtOpening,
    },
    flags: record.flags,
    timeline: record.timeline.map(({ action: { note: _note, ...facts }, at }) => ({ action: facts, at })),
    inShelterSince: record.inShelterSince,
    repatriation: record.repatriation.map(({ stage, date, safeAndDignified, at }) => ({
      stage,
      date,
      safeAndDignified,
      at,
    })),
    remains: record.remains,
    closure: record.closure && { outcome: record.closure.outcome, at: record.closure.at },
    openedAt: record.openedAt,
    updatedAt: record.updatedAt,
    version: record.version,
  }),
};
