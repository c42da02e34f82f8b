import { z } from 'zod';
import { DIRECTOR_ERASURE_REASONS } from '../domain/agency/index.ts';

const actor = z.object({ sub: z.string(), name: z.string() });

/** What every reader of an agency sees: the company's own facts, none of them about a person. */
const agencyFacts = z.object({
  id: z.string(),
  status: z.string(),
  version: z.number().int(),
  name: z.string(),
  registrationNumber: z.string(),
  kraPin: z.string(),
  county: z.string(),
});

const licence = z.object({ number: z.string(), validFrom: z.string(), validUntil: z.string() });

/** GET /agencies/:id as NEA's officers and directors read it (application/fullAgencyView.ts). */
export const fullAgencyViewResponse = agencyFacts.extend({
  view: z.literal('full').describe('what this reader may see: the full record (nea-officer, nea-director)'),
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
  licence: licence.nullable(),
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
  directorErasures: z
    .array(
      z.object({
        directorIndex: z.number().int().describe('the erased director: their position in `directors`'),
        reason: z.enum(DIRECTOR_ERASURE_REASONS),
        note: z.string().nullable().describe('the free-text note, opened for this response; null if none'),
        by: actor,
        at: z.string(),
      }),
    )
    .describe('Directors of this agency whose personal data was erased here, oldest first.'),
});

/** GET /agencies/:id as analysts read it: no personal data at all (application/agencyViews.ts). */
export const analystAgencyViewResponse = agencyFacts.extend({
  view: z.literal('analyst').describe('what this reader may see: no personal data (analyst)'),
  guarantee: z.object({ kind: z.string(), issuer: z.string(), amountKes: z.number() }),
  associationMembership: z.string().nullable(),
  directorCount: z.number().int(),
  flags: z.array(z.object({ kind: z.string(), revokedAgencyId: z.string(), revokedAgencyName: z.string() })),
  recordedAt: z.string(),
  vettingChecks: z.array(z.object({ check: z.string(), outcome: z.enum(['pass', 'fail']), at: z.string() })),
  licence: licence.nullable(),
  suspension: z.object({ until: z.string().optional(), at: z.string() }).nullable(),
  licenceHistory: z.array(
    z.object({
      event: z.string(),
      at: z.string(),
      validUntil: z.string().optional(),
      until: z.string().optional(),
    }),
  ),
});

/** GET /agencies/:id: one view per kind of reader, told apart by `view`. */
export const agencyViewResponse = z
  .discriminatedUnion('view', [fullAgencyViewResponse, analystAgencyViewResponse])
  .describe(
    'nea-officer and nea-director read `view: "full"`; analysts read `view: "analyst"`, with no names, ids, nationalities, staff identities, free text or contact details, and a count of directors.',
  );
