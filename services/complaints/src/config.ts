import { DEVELOPMENT_MASTER_KEY } from '@kazi/personal-data';
import { baseConfigSchema } from '@kazi/service-kit';
import { z } from 'zod';
import { COMPLAINT_CATEGORIES } from './domain/complaint/vocabulary.ts';

const categoryList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(COMPLAINT_CATEGORIES)));

const hours = (fallback: number) =>
  z.coerce
    .number()
    .positive()
    .max(24 * 90)
    .default(fallback);

/**
 * What NEA may change without a release: which categories are high (critical ones are the rules'),
 * response deadlines per severity, how often the overdue sweep runs, the PIN hash cost, and the master key
 * that wraps every complainant's data key.
 */
export const complaintsConfigSchema = baseConfigSchema
  .extend({
    HIGH_SEVERITY_CATEGORIES: categoryList.default([
      'withheld-wages',
      'document-confiscation',
      'contract-substitution',
      'recruitment-fees',
      'denied-medical-care',
      'stranded',
    ]),
    RESPONSE_HOURS_CRITICAL: hours(24),
    RESPONSE_HOURS_HIGH: hours(72),
    RESPONSE_HOURS_NORMAL: hours(168),
    OVERDUE_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
    /**
     * log2 of scrypt's N for tracking PINs (r = 8): 10 costs ~3.6 ms of CPU per hash on the reference
     * machine, 14 ~60 ms. A PIN is 8 random symbols of 31 (~40 bits), so at 10 an offline guess of one PIN
     * from a leaked log still takes ~125 CPU-years, and all it would reveal is a status and a date.
     */
    TRACKING_PIN_HASH_COST: z.coerce.number().int().min(10).max(20).default(10),
    /** Status look-ups per minute per client address (guessing PINs must be slow). */
    STATUS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
    /** base64 of 32 bytes; wraps the per-complainant keys in the key store. */
    PERSONAL_DATA_MASTER_KEY: z.string().default(DEVELOPMENT_MASTER_KEY),
    /** References reserved per round trip to the year's sequence; unused ones are skipped, never reused. */
    REFERENCE_BLOCK_SIZE: z.coerce.number().int().min(1).max(1000).default(20),
  })
  .superRefine((config, ctx) => {
    if (config.NODE_ENV === 'production' && config.PERSONAL_DATA_MASTER_KEY === DEVELOPMENT_MASTER_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['PERSONAL_DATA_MASTER_KEY'],
        message: 'must be set in production (the development key is refused)',
      });
    }
  });

export type ComplaintsConfig = z.output<typeof complaintsConfigSchema> & { JWT_SECRET: string };

export const complaintRulesOf = (config: ComplaintsConfig) => ({
  highCategories: config.HIGH_SEVERITY_CATEGORIES,
  responseHours: {
    critical: config.RESPONSE_HOURS_CRITICAL,
    high: config.RESPONSE_HOURS_HIGH,
    normal: config.RESPONSE_HOURS_NORMAL,
  },
});
