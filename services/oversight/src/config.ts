import { baseConfigSchema } from '@kazi/service-kit';
import { z } from 'zod';
import { DEFAULT_DATABASE_URL } from './reporting/index.ts';

const weight = (fallback: number) => z.coerce.number().min(0).max(1000).default(fallback);

/**
 * Where the reporting store is, how small a count is shown as "<5", and the weights of the risk rules
 * (README "Configuration"): NEA tunes the watchlist without a release.
 */
export const oversightConfigSchema = baseConfigSchema.extend({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL')
    .default(DEFAULT_DATABASE_URL),
  /** Connections this process holds to PostgreSQL (the projection's batches and the routes' queries). */
  DATABASE_POOL_MAX: z.coerce.number().int().min(2).max(100).default(10),
  /** Counts below this read "<5" for analysts and in CSV (DPA 2019: nobody singled out). */
  SUPPRESSION_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  /** Points per open critical complaint. */
  RISK_WEIGHT_OPEN_CRITICAL: weight(10),
  /** Points per complaint per licensed year (an agency licensed under a year counts one year). */
  RISK_WEIGHT_COMPLAINTS_PER_LICENSED_YEAR: weight(2),
  /** Points per complaint with a forced-labour indicator or suspected trafficking. */
  RISK_WEIGHT_FORCED_LABOUR: weight(5),
  /** Points per complaint lodged while the agency's licence was suspended, expired or revoked. */
  RISK_WEIGHT_RECRUITING_WITHOUT_LICENCE: weight(8),
  /** Points per complaint whose response deadline passed unanswered. */
  RISK_WEIGHT_OVERDUE_RESPONSES: weight(3),
  /** Points per revoked agency a director of this agency also directed (the registry's flag, ADR 0007). */
  RISK_WEIGHT_REVOKED_DIRECTOR: weight(15),
  /** How often the watchlist's ranking job runs one bounded step (queries/riskRanking.ts). */
  RISK_RANKING_INTERVAL_MS: z.coerce.number().int().min(10).max(3_600_000).default(1000),
  /** Agencies the ranking job scores per step. */
  RISK_RANKING_BATCH: z.coerce.number().int().min(10).max(5000).default(500),
  /** A watchlist score older than this is worked out again ("now" moves the per-licensed-year rate). */
  RISK_RANKING_MAX_AGE_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
});

export type OversightConfig = z.output<typeof oversightConfigSchema>;
