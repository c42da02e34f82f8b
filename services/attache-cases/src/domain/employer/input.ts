import { countryCodeSchema, e164PhoneSchema, text } from '@kazi/contracts';
import { z } from 'zod';
import { VETTING_OUTCOMES } from './vocabulary.ts';

/** What an attaché sends about an employer abroad (docs/design/api.md, request bodies). Bodies are strict. */
export const employerInputSchema = z
  .object({
    name: text(2, 200),
    country: countryCodeSchema,
    registrationNumber: text(1, 100).optional(),
    contact: z
      .object({
        phone: e164PhoneSchema.optional(),
        email: z.email('must be an email address').max(200).optional(),
        address: text(1, 500).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type EmployerInput = z.output<typeof employerInputSchema>;

/** POST /employers/:id/vetting. */
export const vettingInputSchema = z
  .object({ outcome: z.enum(VETTING_OUTCOMES), reason: text(1, 2000) })
  .strict();
