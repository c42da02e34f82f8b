import { countryCodeSchema } from '@kazi/contracts';
import { expectedVersionField } from '@kazi/service-kit';
import { z } from 'zod';
import {
  AGREEMENT_KINDS,
  AGREEMENT_STATUSES,
  actionDoneInputSchema,
  amendmentInputSchema,
  committeeMeetingInputSchema,
  documentInputSchema,
  endingInputSchema,
  entryIntoForceInputSchema,
  recordAgreementInputSchema,
  reviewInputSchema,
  signatureInputSchema,
} from '../domain/index.ts';
import { LIST_BOUNDS } from '../projections/agreementQueries.ts';

/**
 * Request and response shapes of the BLMA routes (docs/design/api.md). The bodies are the domain's strict
 * input schemas with the version a change was based on; unknown fields are a 400.
 */
export const agreementIdParams = z.object({ id: z.uuid('must be an agreement id (uuid)') }).strict();

const partId = z
  .string()
  .regex(/^[a-z0-9-]{1,100}$/, 'must be an id of this agreement, e.g. meeting-1-action-2');

export const actionParams = agreementIdParams.extend({ actionId: partId }).strict();
export const documentParams = agreementIdParams
  .extend({ documentId: z.uuid('must be a document id (uuid)') })
  .strict();

const versioned = { expectedVersion: expectedVersionField };

export const recordBody = recordAgreementInputSchema;
export const signatureBody = signatureInputSchema(versioned);
export const entryIntoForceBody = entryIntoForceInputSchema(versioned);
export const amendmentBody = amendmentInputSchema(versioned);
export const reviewBody = reviewInputSchema(versioned);
export const endingBody = endingInputSchema(versioned);
export const committeeMeetingBody = committeeMeetingInputSchema(versioned);
export const actionDoneBody = actionDoneInputSchema(versioned);

/** An upload's metadata, in the query string: the body is the file itself, its type the Content-Type. */
export const documentQuery = documentInputSchema.omit({ mediaType: true }).strict();

export const listQuery = z
  .object({
    country: countryCodeSchema.optional(),
    status: z.enum(AGREEMENT_STATUSES).optional(),
    kind: z.enum(AGREEMENT_KINDS).optional(),
    limit: z.coerce.number().int().min(1).max(LIST_BOUNDS.maxLimit).default(50),
    cursor: z.string().max(1000).optional(),
  })
  .strict();

export const getQuery = z.object({ asOf: z.iso.date('must be a date, YYYY-MM-DD').optional() }).strict();

const status = z.enum(AGREEMENT_STATUSES);

export const recordedResponse = z.object({
  id: z.string(),
  status: z.literal('negotiating'),
  version: z.number().int(),
});

export const changedResponse = z.object({ id: z.string(), status, version: z.number().int() });

export const meetingResponse = changedResponse.extend({
  meetingId: z.string(),
  actionIds: z.array(z.string()).describe('the decisions, in order: mark one done with its id'),
});

export const documentResponse = changedResponse.extend({
  documentId: z.string(),
  sha256: z.string(),
  size: z.number().int(),
});

const dayOrNull = z.string().nullable();

export const listResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      partnerCountry: z.string(),
      title: z.string(),
      kind: z.enum(AGREEMENT_KINDS),
      status,
      signedOn: dayOrNull,
      inForceFrom: dayOrNull,
      reviewDue: dayOrNull,
      expiry: dayOrNull,
      endedOn: dayOrNull,
      amendments: z.number().int(),
      meetings: z.number().int(),
      openActions: z.number().int(),
      overdueActions: z.number().int(),
      documents: z.number().int(),
      updatedAt: z.string(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
