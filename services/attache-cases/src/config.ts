import { DEVELOPMENT_MASTER_KEY } from '@kazi/personal-data';
import { baseConfigSchema, developmentDefault } from '@kazi/service-kit';
import { z } from 'zod';

const DEV_FINGERPRINT_SECRET = 'kazi-salama-development-update-fingerprint-key';

/** The missions of 2026 and the cities they serve; a mission not listed counts its days in UTC. */
const DEFAULT_MISSION_TIME_ZONES =
  'SA=Asia/Riyadh,QA=Asia/Qatar,AE=Asia/Dubai,KW=Asia/Kuwait,OM=Asia/Muscat,BH=Asia/Bahrain,' +
  'JO=Asia/Amman,LB=Asia/Beirut,GB=Europe/London,DE=Europe/Berlin,AT=Europe/Vienna,US=America/New_York';

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** `CC=Area/City,…` as a map from mission (ISO 3166-1 alpha-2) to IANA time zone. */
const missionTimeZones = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => pair.split('=').map((part) => part.trim())),
  )
  .pipe(
    z.array(
      z.tuple([
        z.string().regex(/^[A-Z]{2}$/, 'each mission is an ISO 3166-1 alpha-2 code, e.g. SA'),
        z.string().refine(isTimeZone, 'each mission needs an IANA time zone, e.g. Asia/Riyadh'),
      ]),
    ),
  )
  .transform((pairs) => Object.fromEntries(pairs) as Record<string, string>);

/**
 * The attaché-cases service's own settings: the key of the fingerprints that recognise a resent change,
 * the master key that wraps every worker's data key, and the time zone of each mission (a change sent
 * without a date happened "today" where the attaché is).
 */
export const attacheCasesConfigSchema = baseConfigSchema.extend({
  /** Key of the keyed hash of each change as sent (so a resend is told from another change): holds nothing readable. */
  UPDATE_FINGERPRINT_SECRET: developmentDefault(z.string().min(16), DEV_FINGERPRINT_SECRET),
  /** base64 of 32 bytes; wraps the per-worker keys in the service's key store. */
  PERSONAL_DATA_MASTER_KEY: developmentDefault(z.string(), DEVELOPMENT_MASTER_KEY),
  MISSION_TIME_ZONES: missionTimeZones.default(missionTimeZones.parse(DEFAULT_MISSION_TIME_ZONES)),
});

export type AttacheCasesConfig = z.output<typeof attacheCasesConfigSchema> & { JWT_SECRET: string };
