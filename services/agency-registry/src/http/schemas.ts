import { expectedVersionField, reasonField } from '@kazi/service-kit';
import { z } from 'zod';
import { VETTING_CHECKS } from '../config.ts';
import { DIRECTOR_ERASURE_REASONS, licenceApplicationSchema } from '../domain/agency/index.ts';
import { AGENCY_STATUSES } from '../projections/eventNames.ts';

/** Request and response shapes of the agency routes (docs/design/api.md). Bodies are strict: unknown fields are a 400. */
export const agencyIdParams = z.object({ id: z.string().uuid('must be an agency id (uuid)') }).strict();

/** POST /agencies body: the domain's application schema (strict: unknown fields are refused). */
export const licenceApplicationBody = licenceApplicationSchema;

export const vettingCheckBody = z
  .object({
    check: z.enum(VETTING_CHECKS),
    outcome: z.enum(['pass', 'fail']),
    note: z.string().trim().max(2000).optional(),
    expectedVersion: expectedVersionField,
  })
  .strict();

export const versionOnlyBody = z.object({ expectedVersion: expectedVersionField }).strict();
export const reasonBody = z.object({ reason: reasonField, expectedVersion: expectedVersionField }).strict();
export const suspensionBody = z
  .object({
    reason: reasonField,
    until: z.iso.date('must be a date, YYYY-MM-DD').optional(),
    expectedVersion: expectedVersionField,
  })
  .strict();

/** A director is named by their position in the agency's `directors` (as flags name them): no id in URLs. */
export const directorParams = z
  .object({
    id: z.string().uuid('must be an agency id (uuid)'),
    directorIndex: z
      .string()
      .regex(/^\d{1,3}$/, "must be a director's position in `directors` (0, 1, …)")
      .transform(Number),
  })
  .strict();

export const directorErasureBody = z
  .object({
    reason: z.enum(DIRECTOR_ERASURE_REASONS),
    note: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters')
      .optional()
      .describe('free text; sealed under a key of its own, shown only to NEA officers and directors'),
    expectedVersion: expectedVersionField,
  })
  .strict();

export const searchQuery = z
  .object({
    status: z.enum(AGENCY_STATUSES).optional(),
    q: z.string().trim().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();

export const publicQuery = z
  .object({
    q: z.string().trim().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();

export const createdResponse = z.object({
  id: z.string(),
  status: z.literal('applied'),
  version: z.number().int(),
});

export const changedResponse = z.object({ id: z.string(), status: z.string(), version: z.number().int() });

export const directorErasureResponse = changedResponse.extend({
  directorIndex: z.number().int(),
  reason: z.enum(DIRECTOR_ERASURE_REASONS),
  erasedAt: z.string(),
  erasedBy: z.object({ sub: z.string(), name: z.string() }),
  alreadyErased: z
    .boolean()
    .describe('true when this director was already erased here: nothing was recorded'),
});

export const approvalResponse = changedResponse.extend({
  licenceNumber: z.string(),
  validFrom: z.string(),
  validUntil: z.string(),
});

export const agencySummary = z.object({
  id: z.string(),
  name: z.string(),
  registrationNumber: z.string(),
  county: z.string(),
  status: z.string(),
  licenceNumber: z.string().nullable(),
  validUntil: z.string().nullable(),
  flagged: z.boolean(),
  updatedAt: z.string(),
});

export const searchResponse = z.object({ items: z.array(agencySummary), nextCursor: z.string().nullable() });

export const publicEntry = z.object({
  name: z.string(),
  licenceNumber: z.string(),
  status: z.string(),
  validUntil: z.string(),
});
export const publicResponse = z.object({ items: z.array(publicEntry) });
