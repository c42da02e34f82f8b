import { countryCodeSchema, multilineText, text } from '@kazi/contracts';
import { z } from 'zod';
import { iscoCodeSchema } from './events.ts';
import { AGREEMENT_KINDS, DOCUMENT_KINDS, PROVISION_KINDS, REVIEW_RECOMMENDATIONS } from './vocabulary.ts';

/**
 * What a Ministry officer sends (docs/design/api.md, request bodies). Bodies are strict: an unknown field is
 * refused rather than dropped, so a misspelt optional field does not vanish silently. Lists are bounded, so
 * the work one request causes is too. The domain checks what depends on the agreement (the order of its
 * days, its status); these schemas what a body must be on its own.
 */
const isoDate = z.iso.date('must be a date, YYYY-MM-DD');
const MAX_PROVISIONS = 100;
const MAX_SECTORS = 50;

export const sectorInputSchema = z.object({ isco: iscoCodeSchema, label: text(2, 200) }).strict();

export const provisionInputSchema = z
  .object({ kind: z.enum(PROVISION_KINDS), text: multilineText(1, 10_000) })
  .strict();

/** Each ISCO-08 code once: a sector listed twice with two labels would leave readers guessing. */
const sectorsSchema = z
  .array(sectorInputSchema)
  .max(MAX_SECTORS)
  .superRefine((sectors, ctx) => {
    const seen = new Set<string>();
    sectors.forEach((sector, i) => {
      if (seen.has(sector.isco))
        ctx.addIssue({ code: 'custom', path: [i, 'isco'], message: `${sector.isco} is listed twice` });
      seen.add(sector.isco);
    });
  });

const provisionsSchema = z.array(provisionInputSchema).max(MAX_PROVISIONS);

/** POST /blmas. Kenya is one party of every agreement, so the partner is another country. */
export const recordAgreementInputSchema = z
  .object({
    partnerCountry: countryCodeSchema.refine(
      (code) => code !== 'KE',
      'must be the partner country, not Kenya',
    ),
    title: text(3, 300),
    kind: z.enum(AGREEMENT_KINDS),
    sectors: sectorsSchema.min(1, 'name at least one sector or occupation'),
    provisions: provisionsSchema,
    notes: multilineText(1, 5000).optional(),
  })
  .strict();

export type RecordAgreementInput = z.output<typeof recordAgreementInputSchema>;

type Shape = z.ZodRawShape;
/**
 * Lifecycle bodies. `extra` adds the fields every change route takes (expectedVersion) to each shape, so
 * the bodies stay strict.
 */
export const signatureInputSchema = <E extends Shape>(extra: E = {} as E) =>
  z.object({ date: isoDate, ...extra }).strict();

export const entryIntoForceInputSchema = <E extends Shape>(extra: E = {} as E) =>
  z.object({ date: isoDate, reviewDue: isoDate.optional(), expiry: isoDate.optional(), ...extra }).strict();

export const amendmentInputSchema = <E extends Shape>(extra: E = {} as E) =>
  z
    .object({
      date: isoDate,
      summary: multilineText(3, 2000),
      provisions: provisionsSchema.min(1, 'give the provisions in force after the amendment'),
      sectors: sectorsSchema.min(1).optional(),
      ...extra,
    })
    .strict();

export const reviewInputSchema = <E extends Shape>(extra: E = {} as E) =>
  z
    .object({
      date: isoDate,
      findings: multilineText(3, 10_000),
      recommendation: z.enum(REVIEW_RECOMMENDATIONS),
      nextReviewDue: isoDate.optional(),
      renewedUntil: isoDate.optional(),
      ...extra,
    })
    .strict();

/** POST /blmas/:id/expiry and /termination. */
export const endingInputSchema = <E extends Shape>(extra: E = {} as E) =>
  z.object({ date: isoDate, reason: multilineText(3, 2000), ...extra }).strict();

export const committeeMeetingInputSchema = <E extends Shape>(extra: E = {} as E) =>
  z
    .object({
      date: isoDate,
      attendees: z
        .array(z.object({ institution: text(2, 200), country: countryCodeSchema }).strict())
        .min(1, 'name at least one institution that attended')
        .max(50),
      decisions: z
        .array(
          z
            .object({
              action: multilineText(3, 2000),
              /** The institution that owns the action, not a person. */
              owner: text(2, 200),
              due: isoDate,
            })
            .strict(),
        )
        .max(100),
      ...extra,
    })
    .strict();

export const actionDoneInputSchema = <E extends Shape>(extra: E = {} as E) =>
  z.object({ date: isoDate, ...extra }).strict();

/**
 * What an upload says of its file besides the bytes (the application computes the SHA-256 and the size
 * while it stores them). A file name is a name, not a path.
 */
export const documentInputSchema = z
  .object({
    kind: z.enum(DOCUMENT_KINDS),
    fileName: text(1, 255).regex(/^[^/\\]+$/, 'must be a file name, without a folder'),
    mediaType: z
      .string()
      .trim()
      .toLowerCase()
      .regex(
        /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/,
        'must be a media type, e.g. application/pdf',
      ),
    meetingId: z.string().trim().min(1).max(100).optional(),
  })
  .strict();

export type DocumentInput = z.output<typeof documentInputSchema>;
