import { z } from 'zod';

/**
 * The built-in development secret: lets `npm start` and tests run with no setup. Refused in production so
 * that tokens minted on a laptop can never open a real deployment.
 */
export const DEV_JWT_SECRET = 'kazi-salama-development-secret-do-not-use-in-production';

/**
 * A `superRefine` for a service's schema: in production, none of these variables may keep its development
 * default (a key anyone can read in this repository must not guard production data), like JWT_SECRET.
 */
export const refuseDevelopmentDefaults =
  (defaults: Record<string, string>) =>
  (config: { NODE_ENV: string }, ctx: z.RefinementCtx): void => {
    if (config.NODE_ENV !== 'production') return;
    for (const [variable, development] of Object.entries(defaults)) {
      if ((config as Record<string, unknown>)[variable] !== development) continue;
      ctx.addIssue({
        code: 'custom',
        path: [variable],
        message: 'must be set in production (the development key is refused)',
      });
    }
  };

/** Variables every service reads, with defaults that work against the local NATS and Redis. */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  NATS_URL: z
    .string()
    .regex(/^(nats|tls|wss?):\/\/\S+$/, 'must be a nats:// URL')
    .default('nats://127.0.0.1:4222'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// URL')
    .default('redis://127.0.0.1:6379'),
  KAZI_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9]+$/, 'must be lowercase letters and digits (it prefixes streams, buckets and keys)')
    .default('kazi'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10_485_760).default(65_536),
  JWT_SECRET: z.string().optional(),
  JWT_ISSUER: z.string().min(1).default('kazi-salama'),
  /** Requests per minute per client address on `auth: 'public'` routes. */
  PUBLIC_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
});

type WithSecret<T> = 'JWT_SECRET' extends keyof T ? Omit<T, 'JWT_SECRET'> & { JWT_SECRET: string } : T;

/** A loaded configuration: the schema's output, with JWT_SECRET always resolved to a string. */
export type Config<S extends z.ZodObject = typeof baseConfigSchema> = WithSecret<z.output<S>>;
export type BaseConfig = Config<typeof baseConfigSchema>;

export interface ConfigIssue {
  variable: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(`invalid configuration: ${issues.map((i) => `${i.variable}: ${i.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment with `shape` (usually `baseConfigSchema.extend({...})`). Throws a ConfigError
 * naming every bad variable, so a service fails at start rather than on its first request.
 */
export function loadConfig<S extends z.ZodObject>(
  shape: S,
  env: Record<string, string | undefined> = process.env,
): Config<S> {
  // An empty variable (`PORT=`) means "not set", not "zero" or "empty string".
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = shape.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({
        variable: i.path.map(String).join('.') || '(environment)',
        message: i.message,
      })),
    );
  }
  const config = parsed.data as Record<string, unknown>;
  if ('JWT_SECRET' in shape.shape) config.JWT_SECRET = resolveJwtSecret(config);
  return config as Config<S>;
}

function resolveJwtSecret(config: Record<string, unknown>): string {
  const secret = config.JWT_SECRET as string | undefined;
  if (config.NODE_ENV !== 'production') return secret ?? DEV_JWT_SECRET;
  if (secret === undefined) {
    throw new ConfigError([{ variable: 'JWT_SECRET', message: 'is required in production' }]);
  }
  if (secret === DEV_JWT_SECRET) {
    throw new ConfigError([
      { variable: 'JWT_SECRET', message: 'the development secret is refused in production' },
    ]);
  }
  if (secret.length < 32) {
    throw new ConfigError([
      { variable: 'JWT_SECRET', message: 'must be at least 32 characters in production' },
    ]);
  }
  return secret;
}
