import { isIPv4 } from 'node:net';
import { z } from 'zod';

/**
 * The built-in development secret: lets `npm start` and tests run with no setup. Used only with
 * KAZI_DEV=1 on a loopback address, so tokens minted on a laptop can never open a real deployment.
 */
export const DEV_JWT_SECRET = 'kazi-salama-development-secret-do-not-use-in-production';

/** Secrets whose development value anyone can read in this repository. */
const developmentValues = z.registry<{ developmentValue: string }>();

/**
 * Declares a secret's development value. Without KAZI_DEV=1 the variable is required and that value is
 * refused; with it (never in production, only on a loopback HOST) the value is the default. Services use
 * it for every secret: `MY_KEY: developmentDefault(z.string().min(16), DEV_MY_KEY)`.
 */
export function developmentDefault<T extends z.ZodType>(schema: T, developmentValue: string): T {
  developmentValues.add(schema, { developmentValue });
  return schema;
}

export interface DevelopmentDefault {
  variable: string;
  value: string;
}

export function developmentDefaultsOf(shape: z.ZodObject): DevelopmentDefault[] {
  return Object.entries(shape.shape).flatMap(([variable, schema]) => {
    const declared = developmentValues.get(schema as z.ZodType);
    return declared ? [{ variable, value: declared.developmentValue }] : [];
  });
}

/** 127.0.0.0/8, ::1 and localhost: a listener no other machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost' || name === '::1' || name === '0:0:0:0:0:0:0:1') return true;
  const v4 = name.startsWith('::ffff:') ? name.slice('::ffff:'.length) : name;
  return isIPv4(v4) && v4.startsWith('127.');
}

const kaziDev = z.stringbool();

/**
 * Fills in the development values when KAZI_DEV=1 allows them, and otherwise says which secrets are
 * missing or still hold a development value. The environment is the raw one (strings, unset removed).
 */
export function applyDevelopmentDefaults(
  env: Record<string, string | undefined>,
  defaults: readonly DevelopmentDefault[],
): { env: Record<string, string | undefined>; issues: { variable: string; message: string }[] } {
  if (defaults.length === 0) return { env, issues: [] };
  const requested = kaziDev.safeParse(env.KAZI_DEV ?? 'false').data === true;
  const production = env.NODE_ENV === 'production';
  const host = env.HOST ?? '127.0.0.1';
  const names = defaults.map((d) => d.variable).join(', ');
  if (requested && !production && isLoopbackHost(host)) {
    const filled = { ...env };
    for (const { variable, value } of defaults) filled[variable] ??= value;
    return { env: filled, issues: [] };
  }
  const issues: { variable: string; message: string }[] = [];
  if (requested && production) {
    issues.push({
      variable: 'KAZI_DEV',
      message: `development defaults (${names}) are refused when NODE_ENV=production: unset KAZI_DEV`,
    });
  } else if (requested) {
    issues.push({
      variable: 'KAZI_DEV',
      message:
        `development defaults (${names}) are refused on HOST=${host}: they are only for a loopback ` +
        'address (127.0.0.0/8, ::1, localhost); set those variables and unset KAZI_DEV',
    });
  }
  const how = production ? 'in production' : 'without KAZI_DEV=1';
  for (const { variable, value } of defaults) {
    if (env[variable] === undefined) issues.push({ variable, message: `is required ${how}` });
    else if (env[variable] === value)
      issues.push({
        variable,
        message: `the development value (public in the repository) is refused ${how}`,
      });
  }
  return { env, issues };
}
