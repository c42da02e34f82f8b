import {
  countryCodeSchema,
  e164PhoneSchema,
  multilineText,
  nationalIdSchema,
  passportNumberSchema,
  text,
} from '@kazi/contracts';
import { z } from 'zod';
import { AGE_BANDS, COMPLAINT_CATEGORIES, LANGUAGES, SEXES } from './vocabulary.ts';

/** A complaint as the hotline or an officer lodges it (docs/design/api.md POST /complaints). */
export const complainantInputSchema = z
  .object({
    fullName: text(2, 200),
    phone: e164PhoneSchema,
    sex: z.enum(SEXES),
    dateOfBirth: z.iso.date('must be a date, YYYY-MM-DD').optional(),
    ageBand: z.enum(AGE_BANDS).optional(),
    nationalId: nationalIdSchema.optional(),
    passportNumber: passportNumberSchema.optional(),
  })
  .strict()
  .refine((c) => c.dateOfBirth !== undefined || c.ageBand !== undefined, {
    message: 'give a date of birth or an age band',
    path: ['ageBand'],
  });

export const lodgingSchema = z
  .object({
    complainant: complainantInputSchema,
    location: z.object({ country: countryCodeSchema, city: text(1, 100).optional() }).strict(),
    agencyId: z.string().trim().min(1).max(100).optional(),
    agencyName: text(2, 200).optional(),
    employer: z
      .object({ name: text(1, 200), country: countryCodeSchema })
      .strict()
      .optional(),
    categories: z
      .array(z.enum(COMPLAINT_CATEGORIES))
      .min(1, 'at least one category')
      .max(COMPLAINT_CATEGORIES.length)
      .refine((c) => new Set(c).size === c.length, 'each category once'),
    narrative: multilineText(1, 10_000),
    language: z.enum(LANGUAGES),
  })
  .strict();

export type LodgingInput = z.output<typeof lodgingSchema>;

/** What is sealed per data subject: everything that identifies the complainant. */
export interface ComplainantPersonalData {
  fullName: string;
  phone: string;
  dateOfBirth?: string;
  nationalId?: string;
  passportNumber?: string;
  narrative: string;
}

export function personalDataOf(input: LodgingInput): ComplainantPersonalData {
  const { fullName, phone, dateOfBirth, nationalId, passportNumber } = input.complainant;
  return {
    fullName,
    phone,
    ...(dateOfBirth ? { dateOfBirth } : {}),
    ...(nationalId ? { nationalId } : {}),
    ...(passportNumber ? { passportNumber } : {}),
    narrative: input.narrative,
  };
}
