import { z } from 'zod';
import { applicationSchema } from '../domain/agency/index.ts';

/** POST /agencies body: the domain's application schema (strict: unknown fields are refused). */
export const applicationBody = applicationSchema;

const actor = z.object({ sub: z.string(), name: z.string() });

/** GET /agencies/:id */
export const agencyRecord = z.object({
  id: z.string(),
  status: z.string(),
  version: z.number().int(),
  name: z.string(),
  registrationNumber: z.string(),
  kraPin: z.string(),
  county: z.string(),
  physicalAddress: z.string(),
  phone: z.string(),
  email: z.string(),
  directors: z
    .array(
      z.object({
        fullName: z.string().nullable(),
        nationalId: z.string().nullable(),
        passportNumber: z.string().nullable(),
        nationality: z.string(),
        erased: z.boolean(),
      }),
    )
    .describe(
      'Opened for this response only. A director whose personal data was erased has `erased: true`, and null name and ids; the nationality stays.',
    ),
  guarantee: z.object({ kind: z.string(), issuer: z.string(), reference: z.string(), amountKes: z.number() }),
  associationMembership: z.string().nullable(),
  flags: z.array(
    z.object({
      kind: z.string(),
      revokedAgencyId: z.string(),
      revokedAgencyName: z.string(),
      directorIndex: z.number().int().describe('the matching director: their position in `directors`'),
      director: z
        .string()
        .nullable()
        .describe(
          'the id that matched, `nid:<national id>` or `pp:<passport>`; null once that director was erased',
        ),
    }),
  ),
  recordedBy: actor.nullable(),
  recordedAt: z.string(),
  vettingChecks: z.array(
    z.object({
      check: z.string(),
      outcome: z.enum(['pass', 'fail']),
      note: z.string().nullable(),
      officer: actor,
      at: z.string(),
    }),
  ),
  licence: z.object({ number: z.string(), validFrom: z.string(), validUntil: z.string() }).nullable(),
  suspension: z.object({ reason: z.string(), until: z.string().optional(), at: z.string() }).nullable(),
  licenceHistory: z.array(
    z.object({
      event: z.string(),
      at: z.string(),
      by: actor.optional(),
      reason: z.string().optional(),
      validUntil: z.string().optional(),
      until: z.string().optional(),
    }),
  ),
});
