import { DEVELOPMENT_MASTER_KEY } from '@kazi/personal-data';
import { baseConfigSchema, developmentDefault } from '@kazi/service-kit';
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
export const complaintsConfigSchema = baseConfigSchema.extend({
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
   * log2 of scrypt's N for tracking PINs (r = 8; ADR 0006): 7 costs ~0.3 ms of CPU per hash on the
   * reference machine, 10 ~2–4 ms. A PIN is 10 random symbols of 31 (~49.5 bits), so at 7 trying every PIN
   * of one complaint against a leaked hash takes ~7,000 CPU-years, and all it would reveal is a status and
   * a date. Stored hashes carry their cost, so raising it later keeps older PINs working.
   */
  TRACKING_PIN_HASH_COST: z.coerce.number().int().min(7).max(20).default(7),
  /** Status look-ups per minute per client address (guessing PINs must be slow). */
  STATUS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /**
   * Wrong PINs per reference, from any address, before the reference answers 429 (even to the right PIN)
   * until its window passes: the per-address limit alone lets a PIN be guessed from many addresses.
   */
  STATUS_PIN_FAILURES_PER_REFERENCE: z.coerce.number().int().min(1).max(1000).default(10),
  STATUS_PIN_FAILURE_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  /** base64 of 32 bytes; wraps the per-complainant keys in the key store. */
  PERSONAL_DATA_MASTER_KEY: developmentDefault(z.string(), DEVELOPMENT_MASTER_KEY),
  /**
   * How alike (0..1, nameSimilarity of the distinctive words) a complaint's employer name must be to a
   * flagged or blacklisted employer of the same country for the complaint to show it. At 0.75 two of three
   * words shared ("Nasser Otaibi" for "Nasser Ali Otaibi Contracting") is enough, one of two is not.
   */
  EMPLOYER_MATCH_MIN_SCORE: z.coerce.number().min(0.5).max(1).default(0.75),
  /** References reserved per round trip to the year's sequence; unused ones are skipped, never reused. */
  REFERENCE_BLOCK_SIZE: z.coerce.number().int().min(1).max(1000).default(20),
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
