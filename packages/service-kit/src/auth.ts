import type { FastifyRequest, RouteOptions } from 'fastify';
import { LruCache } from '@kazi/eventsourcing';
import { type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { BaseConfig } from './config.ts';
import { ForbiddenError, UnauthorizedError } from './problem.ts';

export const ROLES = [
  'nea-officer',
  'nea-director',
  'hotline',
  'labour-attache',
  'mol-officer',
  'analyst',
] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Shorthand for routes open to every NEA role. */
export const NEA_ROLES = ['nea-officer', 'nea-director'] as const satisfies readonly Role[];

const missionSchema = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code, e.g. SA');

export const claimsSchema = z
  .object({
    // Both end up in events, logs and read models: a bound keeps a token from smuggling a document in.
    sub: z.string().min(1).max(128),
    name: z.string().min(1).max(200),
    // Roles this system does not know are ignored rather than failing the token: issuers may be newer.
    roles: z
      .array(z.string())
      .transform((roles) => roles.filter((r): r is Role => roleSchema.safeParse(r).success)),
    mission: missionSchema.optional(),
  })
  .refine((c) => !c.roles.includes('labour-attache') || c.mission !== undefined, {
    message: 'a labour-attache token needs a mission claim',
    path: ['mission'],
  });

/** The authenticated caller, from a verified token. */
export type KaziUser = z.output<typeof claimsSchema>;

/** Every route declares who may call it: nothing is exposed by omission. */
export type RouteAuth = 'public' | { roles: readonly Role[] };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on routes with `auth: { roles }`; undefined on public routes. Use `requireUser` to read it. */
    user?: KaziUser;
    correlationId: string;
  }
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
}

type AuthConfig = Pick<
  BaseConfig,
  'JWT_SECRET' | 'JWT_ISSUER' | 'JWT_AUDIENCE' | 'JWT_MAX_AGE_SECONDS' | 'JWT_CLOCK_TOLERANCE_SECONDS'
>;

const keyOf = (config: Pick<AuthConfig, 'JWT_SECRET'>) => new TextEncoder().encode(config.JWT_SECRET);

/**
 * Verified tokens, remembered while they are valid: clients send the same token with every request, and
 * HMAC verification through WebCrypto is a measurable share of a request's CPU. Bounded, per configuration.
 */
const verified = new LruCache<string, { user: KaziUser; validUntil: number }>(10_000);

/** `now` is for tests that move time; requests use the wall clock. */
export async function verifyToken(
  token: string,
  config: AuthConfig,
  now: Date = new Date(),
): Promise<KaziUser> {
  const cacheKey = [
    config.JWT_ISSUER,
    config.JWT_AUDIENCE,
    config.JWT_MAX_AGE_SECONDS,
    config.JWT_SECRET,
    token,
  ].join('\u0000');
  const hit = verified.get(cacheKey);
  if (hit && hit.validUntil > now.getTime()) return hit.user;
  const { user, validUntil } = await verifyTokenUncached(token, config, now);
  verified.set(cacheKey, { user, validUntil });
  return user;
}

async function verifyTokenUncached(
  token: string,
  config: AuthConfig,
  now: Date,
): Promise<{ user: KaziUser; validUntil: number }> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keyOf(config), {
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      algorithms: ['HS256'],
      // A token without `exp` would be valid forever, one without `iat` would escape the maximum age.
      requiredClaims: ['exp', 'iat', 'sub'],
      maxTokenAge: config.JWT_MAX_AGE_SECONDS,
      clockTolerance: config.JWT_CLOCK_TOLERANCE_SECONDS,
      currentDate: now,
    }));
  } catch {
    // jose's reason (expired, bad signature…) is not for the caller: it helps forge tokens, not fix them.
    throw new UnauthorizedError('the bearer token is invalid or expired', 'invalid-token');
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) {
    throw new UnauthorizedError(
      `the bearer token's claims are invalid: ${claims.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
      'invalid-token',
    );
  }
  // Remembered no longer than a fresh verification would accept it (without the tolerance: a miss is cheap).
  const validUntil = Math.min(Number(payload.exp), Number(payload.iat) + config.JWT_MAX_AGE_SECONDS) * 1000;
  return { user: claims.data, validUntil };
}

export interface DevTokenRequest {
  roles: readonly string[];
  sub?: string;
  name?: string;
  mission?: string;
  /** jose duration, e.g. '12h' (default) or '5m'. */
  expiresIn?: string;
}

/**
 * Mints a token the system accepts with its development defaults on (KAZI_DEV=1); refused otherwise, so
 * no deployment with real secrets can be handed tokens by this function.
 */
export async function signDevToken(
  request: DevTokenRequest,
  config: Pick<BaseConfig, 'JWT_SECRET' | 'JWT_ISSUER' | 'JWT_AUDIENCE' | 'NODE_ENV' | 'KAZI_DEV'>,
): Promise<string> {
  if (config.NODE_ENV === 'production') throw new Error('development tokens are refused in production');
  if (!config.KAZI_DEV) throw new Error('development tokens are minted only with KAZI_DEV=1');
  const unknown = request.roles.filter((r) => !roleSchema.safeParse(r).success);
  if (unknown.length > 0 || request.roles.length === 0) {
    throw new Error(
      `unknown or missing role(s): ${unknown.join(', ') || '(none)'}; known roles: ${ROLES.join(', ')}`,
    );
  }
  const primary = request.roles[0] ?? 'user';
  const parsed = claimsSchema.safeParse({
    sub: request.sub ?? `dev-${primary}`,
    name: request.name ?? `Development ${primary}`,
    roles: request.roles,
    mission: request.mission?.toUpperCase(),
  });
  if (!parsed.success)
    throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const claims = parsed.data;
  return new SignJWT({
    name: claims.name,
    roles: claims.roles,
    ...(claims.mission ? { mission: claims.mission } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(config.JWT_ISSUER)
    .setAudience(config.JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '12h')
    .sign(keyOf(config));
}

/** onRoute guard: a route that does not say who may call it is a registration error, not an open door. */
export function assertRouteAuth(route: Pick<RouteOptions, 'method' | 'url' | 'config'>): void {
  const auth = (route.config as { auth?: unknown } | undefined)?.auth;
  const where = `${String(route.method)} ${route.url}`;
  if (auth === 'public') return;
  if (typeof auth === 'object' && auth !== null && Array.isArray((auth as { roles?: unknown }).roles)) {
    const roles = (auth as { roles: unknown[] }).roles;
    const bad = roles.filter((r) => !roleSchema.safeParse(r).success);
    if (roles.length > 0 && bad.length === 0) return;
    throw new Error(
      `route ${where}: config.auth.roles must be a non-empty list of known roles (got ${JSON.stringify(roles)})`,
    );
  }
  throw new Error(
    `route ${where} declares no access rule: add config: { auth: 'public' } or config: { auth: { roles: [...] } }`,
  );
}

/** onRequest hook: authenticates and authorizes by the route's declared roles. */
export function authenticate(config: AuthConfig) {
  return async function authenticateRequest(request: FastifyRequest): Promise<void> {
    const auth = request.routeOptions.config.auth;
    if (auth === undefined || auth === 'public') return;
    const header = request.headers.authorization;
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw new UnauthorizedError();
    const user = await verifyToken(match[1], config);
    request.user = user;
    if (!user.roles.some((r) => auth.roles.includes(r))) {
      throw new ForbiddenError(`this requires one of the roles: ${auth.roles.join(', ')}`, 'forbidden', {
        requiredRoles: auth.roles,
      });
    }
  };
}

/** The authenticated caller; a 401 if the route was public (a programming slip, not a client error). */
export function requireUser(request: FastifyRequest): KaziUser {
  if (!request.user) throw new UnauthorizedError();
  return request.user;
}

export const hasRole = (user: KaziUser, ...roles: Role[]): boolean =>
  user.roles.some((r) => roles.includes(r));

/**
 * Object-level check for attachés: the record's country must be the caller's mission. Call it only for
 * callers whose access depends on their mission (e.g. `if (!hasRole(user, ...NEA_ROLES, 'analyst'))`).
 */
export function requireMission(user: KaziUser, country: string): void {
  if (user.mission === undefined || user.mission !== country.toUpperCase()) {
    throw new ForbiddenError(
      `this record belongs to mission ${country.toUpperCase()}, not ${user.mission ?? '(none)'}`,
      'mission-mismatch',
    );
  }
}
