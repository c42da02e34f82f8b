import { z } from 'zod';
import {
  applyDevelopmentDefaults,
  DEV_JWT_SECRET,
  developmentDefault,
  developmentDefaultsOf,
} from './developmentDefaults.ts';
import { trustedProxyList } from './trustedProxies.ts';

export { DEV_JWT_SECRET, developmentDefault, isLoopbackHost } from './developmentDefaults.ts';

/** Variables every service reads, with defaults that work against the local NATS and Redis. */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /**
   * `1` turns on the development defaults of every secret (JWT_SECRET, master keys…): set by `npm start`,
   * `npm test` and the test fixtures, refused in production and on a non-loopback HOST.
   */
  KAZI_DEV: z.stringbool().default(false),
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
  JWT_SECRET: developmentDefault(z.string().min(32, 'must be at least 32 characters'), DEV_JWT_SECRET),
  JWT_ISSUER: z.string().min(1).default('kazi-salama'),
  /** Tokens must name this system in `aud`: a token minted for another service of the issuer is refused. */
  JWT_AUDIENCE: z.string().min(1).default('kazi-salama'),
  /** Oldest `iat` accepted, whatever `exp` says: a stolen long-lived token stops working after this. */
  JWT_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 86_400)
    .default(12 * 3600),
  /** Clock skew allowed between the issuer and this system on `exp`, `iat` and `nbf`. */
  JWT_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  /** Requests per minute per client address on `auth: 'public'` routes. */
  PUBLIC_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /**
   * Proxies whose `X-Forwarded-For` names the client (addresses, CIDRs, or `loopback`/`linklocal`/
   * `uniquelocal`), comma-separated. Default none: the header is ignored and the peer is the client.
   */
  TRUSTED_PROXIES: trustedProxyList.default([]),
  /** Requests this process works on at once; more get 503 with Retry-After instead of queueing. */
  MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(100_000).default(256),
  /** Mean event-loop delay over the last second above which requests are shed; 0 turns the check off. */
  MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(500),
  /** V8 heap in use above which requests are shed; 0 turns the check off. */
  MAX_HEAP_USED_MB: z.coerce.number().int().min(0).default(200),
  /** JetStream publishes awaiting their ack at once per NATS connection (docs/bounded-work.md). */
  MAX_PENDING_PUBLISHES: z.coerce.number().int().min(1).max(100_000).default(128),
  /** Appends waiting for a publish slot; beyond them an append is refused with 503 overloaded. */
  MAX_WAITING_PUBLISHES: z.coerce.number().int().min(0).max(1_000_000).default(512),
  /** Commands the Redis client may hold unanswered or queued before refusing more (503 overloaded). */
  MAX_QUEUED_REDIS_COMMANDS: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
});

/** A loaded configuration: the schema's output. */
export type Config<S extends z.ZodObject = typeof baseConfigSchema> = z.output<S>;
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
 * naming every bad variable, so a service fails at start rather than on its first request. Secrets
 * declared with `developmentDefault` get their development value only with KAZI_DEV=1.
 */
export function loadConfig<S extends z.ZodObject>(
  shape: S,
  env: Record<string, string | undefined> = process.env,
): Config<S> {
  // An empty variable (`PORT=`) means "not set", not "zero" or "empty string".
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const defaults = applyDevelopmentDefaults(present, developmentDefaultsOf(shape));
  const parsed = shape.safeParse(defaults.env);
  const reported = new Set(defaults.issues.map((i) => i.variable));
  const schemaIssues = parsed.success
    ? []
    : parsed.error.issues
        .map((i) => ({ variable: i.path.map(String).join('.') || '(environment)', message: i.message }))
        // A missing secret is already explained (set it, or KAZI_DEV=1): zod's "expected string" adds nothing.
        .filter((i) => !reported.has(i.variable));
  const issues = [...defaults.issues, ...schemaIssues];
  if (issues.length > 0 || !parsed.success) throw new ConfigError(issues);
  return parsed.data as Config<S>;
}
