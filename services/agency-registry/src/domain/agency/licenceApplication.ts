import {
  countryCodeSchema as countryCode,
  e164PhoneSchema,
  nationalIdSchema,
  passportNumberSchema,
  text,
} from '@kazi/contracts';
import { z } from 'zod';

/** An application of a private recruitment agency, as recorded (docs/design/api.md POST /agencies). */
export const kraPinSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]\d{9}[A-Z]$/, 'must be a letter, 9 digits and a letter, e.g. P051234567X');

export const directorSchema = z
  .object({
    fullName: text(2, 200),
    nationalId: nationalIdSchema.optional(),
    passportNumber: passportNumberSchema.optional(),
    nationality: countryCode,
  })
  .strict()
  .refine((d) => d.nationalId !== undefined || d.passportNumber !== undefined, {
    message: 'a director needs a national ID or a passport number',
    path: ['nationalId'],
  });

export const guaranteeSchema = z
  .object({
    kind: z.enum(['bank', 'insurance']),
    issuer: text(2, 200),
    reference: text(1, 100),
    amountKes: z.number().int().positive().max(1_000_000_000_000),
  })
  .strict();

export const licenceApplicationSchema = z
  .object({
    name: text(2, 200),
    registrationNumber: text(3, 50).regex(/^[A-Za-z0-9/\- ]+$/, 'letters, digits, "/", "-" and spaces only'),
    kraPin: kraPinSchema,
    county: text(2, 100),
    physicalAddress: text(3, 500),
    phone: e164PhoneSchema,
    email: z.email('must be an email address').max(254),
    directors: z.array(directorSchema).min(1, 'at least one director').max(30),
    guarantee: guaranteeSchema,
    associationMembership: text(2, 100).optional(),
    codeOfConductSigned: z.boolean().optional(),
  })
  .strict();

export type LicenceApplicationInput = z.output<typeof licenceApplicationSchema>;
export type Director = z.output<typeof directorSchema>;

/** What identifies a director: sealed under the director's own key, never recorded in the clear. */
export type DirectorPersonalData = Pick<Director, 'fullName' | 'nationalId' | 'passportNumber'>;

export const personalDataOfDirector = ({
  fullName,
  nationalId,
  passportNumber,
}: Director): DirectorPersonalData => ({
  fullName,
  ...(nationalId ? { nationalId } : {}),
  ...(passportNumber ? { passportNumber } : {}),
});

/**
 * A director as recorded. Each director is a data subject, `director:<fingerprint>`, the same person in
 * every agency they direct. `fingerprints` are keyed hashes of every id they gave, for matching
 * directors of revoked agencies. `sealed` holds their name and ids (DirectorPersonalData) under their own key.
 */
export const sealedDirectorSchema = z.object({
  subject: z.string().min(1),
  fingerprints: z.array(z.string().min(1)).min(1),
  nationality: countryCode,
  sealed: z.string().min(1),
});

/** An application as the domain records it: the body as sent, with every director sealed. */
export const recordedLicenceApplicationSchema = z.object({
  ...licenceApplicationSchema.shape,
  directors: z.array(sealedDirectorSchema).min(1).max(30),
});

export type SealedDirector = z.output<typeof sealedDirectorSchema>;
export type RecordedLicenceApplication = z.output<typeof recordedLicenceApplicationSchema>;
