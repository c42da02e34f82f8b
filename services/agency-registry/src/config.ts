import { baseConfigSchema } from '@kazi/service-kit';
import { z } from 'zod';

export const VETTING_CHECKS = [
  'business-registration',
  'tax-compliance',
  'directors-police-clearance',
  'office-inspection',
  'security-guarantee',
  'association-membership',
  'code-of-conduct',
] as const;

const checkList = z
  .string()
  .transform((s) => s.split(',').map((c) => c.trim()).filter(Boolean))
  .pipe(z.array(z.enum(VETTING_CHECKS)).min(1, 'must name at least one check'));

/**
 * Rules the law or NEA may change are configuration, not constants (domain.md): which vetting checks are
 * required, how long a licence runs, the security guarantee, how often the expiry sweep runs.
 */
export const agencyRegistryConfigSchema = baseConfigSchema.extend({
  REQUIRED_VETTING_CHECKS: checkList.default([...VETTING_CHECKS]),
  LICENCE_VALIDITY_MONTHS: z.coerce.number().int().min(1).max(60).default(12),
  /** KES; 1.5 million is cited for foreign recruitment, older sources say 500,000. */
  MIN_SECURITY_GUARANTEE_KES: z.coerce.number().int().min(0).default(1_500_000),
  EXPIRY_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Keys of the keyed hash used to find directors of revoked agencies without storing their ids in clear. */
  DIRECTOR_FINGERPRINT_SECRET: z.string().min(16).default('kazi-salama-development-fingerprint-key'),
});

export type AgencyRegistryConfig = z.output<typeof agencyRegistryConfigSchema> & { JWT_SECRET: string };
