import { countryCodeSchema, multilineText, text } from '@kazi/contracts';
import { expectedVersionField, reasonField } from '@kazi/service-kit';
import { z } from 'zod';
import { complaintViewSchema } from '../application/complaintViews.ts';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_STATUSES,
  FORCED_LABOUR_INDICATORS,
  REFERRAL_TARGETS,
  REMEDY_KINDS,
  RESOLUTION_OUTCOMES,
  SEVERITIES,
} from '../domain/complaint/vocabulary.ts';

/** Request and response shapes of the complaint routes (docs/design/api.md). Bodies are strict: unknown fields are a 400. */
export const complaintIdParams = z.object({ id: z.string().uuid('must be a complaint id (uuid)') }).strict();

const unique = <T>(items: T[]) => new Set(items).size === items.length;

export const triageBody = z
  .object({
    categories: z.array(z.enum(COMPLAINT_CATEGORIES)).min(1).refine(unique, 'each category once').optional(),
    indicators: z.array(z.enum(FORCED_LABOUR_INDICATORS)).refine(unique, 'each indicator once').optional(),
    severity: z.enum(SEVERITIES).optional(),
    traffickingSuspected: z.boolean().optional(),
    reason: reasonField,
    expectedVersion: expectedVersionField,
  })
  .strict();

export const assignmentBody = z
  .object({ assignee: text(1, 200), expectedVersion: expectedVersionField })
  .strict();
export const noteBody = z
  .object({ text: multilineText(1, 5000), expectedVersion: expectedVersionField })
  .strict();
export const referralBody = z
  .object({
    to: z.enum(REFERRAL_TARGETS),
    country: countryCodeSchema.optional(),
    note: text(1, 2000).optional(),
    expectedVersion: expectedVersionField,
  })
  .strict();

export const resolutionBody = z
  .object({
    outcome: z.enum(RESOLUTION_OUTCOMES),
    remedy: z
      .object({
        kind: z.enum(REMEDY_KINDS),
        amount: z.number().nonnegative().max(1e12).optional(),
        currency: z
          .string()
          .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code, e.g. SAR')
          .optional(),
        description: text(1, 1000).optional(),
      })
      .strict()
      .refine((r) => (r.amount === undefined) === (r.currency === undefined), {
        message: 'an amount needs its currency (and a currency its amount)',
        path: ['currency'],
      })
      .optional(),
    expectedVersion: expectedVersionField,
  })
  .strict();

export const versionOnlyBody = z.object({ expectedVersion: expectedVersionField }).strict();
export const reasonBody = z.object({ reason: reasonField, expectedVersion: expectedVersionField }).strict();
export const withdrawalBody = z
  .object({ reason: reasonField.optional(), expectedVersion: expectedVersionField })
  .strict();

export const queueQuery = z
  .object({
    status: z.enum(COMPLAINT_STATUSES).optional(),
    severity: z.enum(SEVERITIES).optional(),
    agencyId: z.string().trim().min(1).max(100).optional(),
    country: countryCodeSchema.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();

export const statusQuery = z
  .object({
    reference: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^NEA-\d{4}-\d{6}$/, 'must be a reference like NEA-2026-000123'),
    pin: z.string().trim().min(6).max(32),
  })
  .strict();

export const lodgedResponse = z.object({
  id: z.string(),
  reference: z.string(),
  trackingPin: z
    .string()
    .nullable()
    .describe('Shown once: only in this response (and its idempotent repeats)'),
  severity: z.enum(SEVERITIES),
  status: z.literal('lodged'),
  personalData: z
    .enum(['held', 'erased'])
    .describe("'erased' on a repeat after the complainant's data was erased (the PIN is then null)"),
  version: z.number().int(),
});

export const changedResponse = z.object({
  id: z.string(),
  status: z.string(),
  severity: z.string().nullable(),
  version: z.number().int(),
});

/** GET /complaints/:id: one view per role (application/complaintViews.ts), told apart by `view`. */
export const complaintRecord = complaintViewSchema;

export const complaintSummary = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.string(),
  severity: z.string(),
  respondBy: z.string(),
  overdue: z.boolean(),
  country: z.string(),
  agencyId: z.string().nullable(),
  agencyName: z.string().nullable(),
  categories: z.array(z.string()),
  flags: z.array(z.string()),
  assignee: z.string().nullable(),
  personalData: z.enum(['held', 'erased']),
  lodgedAt: z.string(),
  updatedAt: z.string(),
});

export const queueResponse = z.object({
  items: z.array(complaintSummary),
  nextCursor: z.string().nullable(),
});

export const statusResponse = z.object({
  reference: z.string(),
  status: z.string(),
  lastUpdated: z.string(),
  attacheOutcomes: z
    .array(z.string())
    .optional()
    .describe(
      'only once a labour attaché closed a case of this complaint: the outcome of each such case (e.g. worker-returned), nothing else of it',
    ),
});
