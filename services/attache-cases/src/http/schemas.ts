import { countryCodeSchema, text } from '@kazi/contracts';
import { expectedVersionField, reasonField } from '@kazi/service-kit';
import { z } from 'zod';
import { caseViewSchema } from '../application/caseViews.ts';
import {
  CASE_STATUSES,
  caseUpdateInputSchema,
  closureInputSchema,
  EMPLOYER_STATUSES,
  employerInputSchema,
  openCaseInputSchema,
  repatriationInputSchema,
  updateIdSchema,
  VETTING_OUTCOMES,
  vettingInputSchema,
  workerInputSchema,
} from '../domain/index.ts';

/**
 * Request and response shapes of the attaché routes (docs/design/api.md). Bodies are strict: unknown
 * fields are a 400. The bodies themselves are the domain's input schemas; here they gain what every
 * change route takes: the version it was based on (or If-Match) and the client's updateId.
 */

/** An attaché's case id is a UUID; a referred case's is `referral-<complaint id>-<mission>`. */
export const caseIdParams = z
  .object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be a case id') })
  .strict();
export const employerIdParams = z.object({ id: z.uuid('must be an employer id (uuid)') }).strict();

const changeFields = { expectedVersion: expectedVersionField, updateId: updateIdSchema };

export const openCaseBody = openCaseInputSchema;
export const caseUpdateBody = caseUpdateInputSchema(changeFields);
export const repatriationBody = repatriationInputSchema(changeFields);
export const closureBody = closureInputSchema(changeFields);
export const workerDetailsBody = z.object({ worker: workerInputSchema, ...changeFields }).strict();
export const erasureBody = z.object({ reason: reasonField, expectedVersion: expectedVersionField }).strict();

export const feedQuery = z
  .object({
    mission: countryCodeSchema.optional(),
    status: z.enum(CASE_STATUSES).optional(),
    complaintId: z.string().trim().min(1).max(100).optional(),
    employerId: z.string().trim().min(1).max(100).optional(),
    updatedSince: z.iso
      .datetime({ offset: true, message: 'must be an ISO time, e.g. 2026-03-01T00:00:00Z' })
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(100).optional(),
  })
  .strict();

export const registerEmployerBody = employerInputSchema;
export const vettingBody = vettingInputSchema;

export const employerSearchQuery = z
  .object({
    q: text(1, 100),
    country: countryCodeSchema.optional(),
    limit: z.coerce.number().int().min(1).max(20).default(10),
  })
  .strict();

const employerMatch = z.object({
  employerId: z.string(),
  name: z.string(),
  country: z.string(),
  status: z.enum(EMPLOYER_STATUSES),
  registrationNumber: z.string().nullable(),
  score: z.number(),
});

export const openedResponse = z.object({
  id: z.string(),
  version: z.number().int(),
  status: z.literal('open'),
  flags: z.array(z.string()).describe('employer-flagged, employer-blacklisted'),
  employer: z
    .object({
      employerId: z.string().nullable(),
      name: z.string(),
      country: z.string(),
      status: z.string().nullable().describe("a registered employer's vetting status now"),
    })
    .nullable(),
  employerMatches: z
    .array(employerMatch)
    .describe('for an employer typed in by name: registered employers of that name in that country'),
});

export const changedResponse = z.object({
  id: z.string(),
  updateId: z.string(),
  version: z.number().int(),
  status: z.enum(CASE_STATUSES),
});

export const erasedResponse = z.object({
  id: z.string(),
  version: z.number().int(),
  personalData: z.literal('erased'),
});

export const caseRecord = caseViewSchema;

export const caseSummary = z.object({
  id: z.string(),
  type: z.string(),
  country: z.string(),
  status: z.string(),
  complaintId: z.string().nullable(),
  employerId: z.string().nullable(),
  employerName: z.string().nullable(),
  flags: z.array(z.string()),
  sex: z.string(),
  ageBand: z.string().nullable(),
  occupation: z.string().nullable(),
  lastAction: z.string().nullable(),
  repatriationStage: z.string().nullable(),
  inShelter: z.boolean(),
  outcome: z.string().nullable(),
  personalData: z.enum(['held', 'erased', 'none']),
  openedAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});

export const feedResponse = z.object({
  items: z.array(caseSummary),
  nextCursor: z.string().nullable(),
  syncCursor: z
    .string()
    .nullable()
    .describe('send as `cursor` later to get only what changed after this page, even at the end'),
});

export const employerRegisteredResponse = z.object({
  id: z.string(),
  status: z.literal('unvetted'),
  version: z.number().int(),
});

export const vettedResponse = z.object({
  id: z.string(),
  status: z.enum(VETTING_OUTCOMES),
  version: z.number().int(),
});

const vettingActor = z.object({
  sub: z.string(),
  name: z.string(),
  role: z.string(),
  mission: z.string().optional(),
});

export const employerRecordResponse = z.object({
  id: z.string(),
  name: z.string(),
  country: z.string(),
  registrationNumber: z.string().nullable(),
  contact: z
    .object({ phone: z.string().optional(), email: z.string().optional(), address: z.string().optional() })
    .nullable(),
  status: z.enum(EMPLOYER_STATUSES),
  vettings: z.array(
    z.object({ outcome: z.enum(VETTING_OUTCOMES), reason: z.string(), by: vettingActor, at: z.string() }),
  ),
  registeredBy: z.object({ sub: z.string(), name: z.string() }),
  registeredAt: z.string(),
  linkedCases: z.object({ total: z.number().int(), items: z.array(caseSummary) }),
  version: z.number().int(),
});

export const employerSearchResponse = z.object({ items: z.array(employerMatch) });
