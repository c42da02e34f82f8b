import { DEVELOPMENT_MASTER_KEY } from '@kazi/personal-data';
import { baseConfigSchema, developmentDefault } from '@kazi/service-kit';
import { z } from 'zod';
import { VETTING_CHECK_NAMES } from './domain/agency/events.ts';

/** The vetting checks an approval can require (the domain's list). */
export const VETTING_CHECKS = VETTING_CHECK_NAMES;

const DEV_FINGERPRINT_SECRET = 'kazi-salama-development-fingerprint-key';

const checkList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(VETTING_CHECKS)).min(1, 'must name at least one check'));

/**
 * Rules the law or NEA may change are configuration, not constants (docs/design/domain.md): which vetting checks are
 * required, how long a licence runs, the security guarantee, how often the expiry sweep runs.
 */
export const agencyRegistryConfigSchema = baseConfigSchema.extend({
  REQUIRED_VETTING_CHECKS: checkList.default([...VETTING_CHECKS]),
  LICENCE_VALIDITY_MONTHS: z.coerce.number().int().min(1).max(60).default(12),
  /** Renewals may run 24 months since 2024 by some sources; 12 until NEA says otherwise. */
  RENEWAL_VALIDITY_MONTHS: z.coerce.number().int().min(1).max(60).default(12),
  /** KES; 1.5 million is cited for foreign recruitment, older sources say 500,000. */
  MIN_SECURITY_GUARANTEE_KES: z.coerce.number().int().min(0).default(1_500_000),
  EXPIRY_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Key of the keyed hash that finds directors of revoked agencies without holding their ids in clear. */
  DIRECTOR_FINGERPRINT_SECRET: developmentDefault(z.string().min(16), DEV_FINGERPRINT_SECRET),
  /** base64 of 32 bytes; wraps the per-director keys in the registry's key store. */
  PERSONAL_DATA_MASTER_KEY: developmentDefault(z.string(), DEVELOPMENT_MASTER_KEY),
});

export type AgencyRegistryConfig = z.output<typeof agencyRegistryConfigSchema> & { JWT_SECRET: string };
