/**
 * Shared fixture of the agency routes' HTTP tests: one embedded system per test file (own namespace,
 * `listen: false`, requests through `app.inject`), development tokens, application bodies and shortcuts
 * to bring an agency to a given status over HTTP.
 */
import { randomBytes } from 'node:crypto';
import { ManualClock } from '@kazi/eventsourcing';
import { DEV_JWT_SECRET, signDevToken } from '@kazi/service-kit';
import { cleanupNamespace, uniqueNamespace } from '@kazi/testing';
import type { Test } from 'tap';
import { startSystem } from '../../../../infra/system.ts';
import { VETTING_CHECKS } from '../config.ts';

export type System = Awaited<ReturnType<typeof startSystem>>;

/** Today for every test system: licence numbers are NEA/PRA/2026/…, a 12-month licence runs to 2027-02-28. */
export const TODAY = '2026-03-01';
export const YEAR = 2026;

export const CHECKS = [...VETTING_CHECKS];

export const PROBLEM_JSON = /^application\/problem\+json/;

export interface Response {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are asserted field by field in the tests.
  body: any;
  text: string;
  headers: Record<string, string | string[] | number | undefined>;
}

export interface CallOptions {
  token?: string | undefined;
  /** Serialised as JSON with content-type application/json. */
  body?: unknown;
  /** Sent as is (use with `headers['content-type']`). */
  payload?: string;
  headers?: Record<string, string>;
}

const TOKEN_CONFIG = { JWT_SECRET: DEV_JWT_SECRET, JWT_ISSUER: 'kazi-salama', NODE_ENV: 'test' as const };

export function token(
  roles: string[],
  options: { sub?: string; name?: string; mission?: string; expiresIn?: string } = {},
  config: { JWT_SECRET: string; JWT_ISSUER: string } = TOKEN_CONFIG,
): Promise<string> {
  return signDevToken({ roles, ...options }, { ...config, NODE_ENV: 'test' });
}

/** A run-unique suffix: registration numbers and KRA PINs never collide between applications. */
const run = randomBytes(2).readUInt16BE(0) % 1000;
let serial = 0;

export function uniqueDigits(): string {
  serial += 1;
  return `${String(run).padStart(3, '0')}${String(serial).padStart(6, '0')}`;
}

/** A valid POST /agencies body; every call has its own registration number, KRA PIN and director id. */
export function application(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const digits = uniqueDigits();
  return {
    name: `Agency ${digits}`,
    registrationNumber: `PVT-${digits}`,
    kraPin: `P${digits}X`,
    county: 'Nairobi',
    physicalAddress: 'Moi Avenue 12, Nairobi',
    phone: '+254712345678',
    email: 'info@agency.example',
    directors: [{ fullName: 'Jane Wanjiku', nationalId: digits.slice(1), nationality: 'KE' }],
    guarantee: { kind: 'bank', issuer: 'KCB', reference: `BG-${digits}`, amountKes: 1_500_000 },
    ...overrides,
  };
}

export interface TestSystem {
  system: System;
  namespace: string;
  clock: ManualClock;
  call(method: string, url: string, options?: CallOptions): Promise<Response>;
  tokens: {
    officer: string;
    officer2: string;
    director: string;
    analyst: string;
    hotline: string;
    attache: string;
    mol: string;
  };
  /** Waits until both read models have applied everything written so far. */
  caughtUp(): Promise<void>;
  /** POST /agencies as the officer; fails the test unless 201. */
  apply(
    overrides?: Record<string, unknown>,
  ): Promise<{ id: string; version: number; body: Record<string, unknown> }>;
  /** Every required check passed, by the officer; the new version. */
  vet(id: string): Promise<number>;
  /** Applied, vetted and approved by the director. */
  licensed(
    overrides?: Record<string, unknown>,
  ): Promise<{ id: string; version: number; licenceNumber: string; body: Record<string, unknown> }>;
  /** A decision as the director with expectedVersion in the body; fails the test unless 200. */
  decide(id: string, route: string, version: number, body?: Record<string, unknown>): Promise<Response>;
}

export async function startTestSystem(t: Test, label = 'http'): Promise<TestSystem> {
  const namespace = uniqueNamespace(label);
  const clock = new ManualClock(new Date(`${TODAY}T08:00:00Z`));
  const env = {
    KAZI_NAMESPACE: namespace,
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'silent',
    // The register tests read the public route more than the default 60 times a minute.
    PUBLIC_RATE_LIMIT_PER_MINUTE: '10000',
    EXPIRY_SWEEP_INTERVAL_MS: '3600000',
  };
  const system = await startSystem({ env, clock, listen: false });
  t.teardown(async () => {
    await system.stop();
    await cleanupNamespace(namespace);
  });

  const call = async (method: string, url: string, options: CallOptions = {}): Promise<Response> => {
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    let payload: string | undefined = options.payload;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(options.body);
    }
    Object.assign(headers, options.headers ?? {});
    const response = await system.app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(payload === undefined ? {} : { payload }),
    });
    const text = response.body;
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.statusCode, body, text, headers: response.headers };
  };

  const tokens = {
    officer: await token(['nea-officer'], { sub: 'officer-1', name: 'Achieng Otieno' }),
    officer2: await token(['nea-officer'], { sub: 'officer-2', name: 'Wafula Barasa' }),
    director: await token(['nea-director'], { sub: 'director-1', name: 'Kamau Njoroge' }),
    analyst: await token(['analyst'], { sub: 'analyst-1', name: 'Njeri Mwangi' }),
    hotline: await token(['hotline'], { sub: 'hotline-1', name: 'Hotline Agent' }),
    attache: await token(['labour-attache'], { sub: 'attache-1', name: 'Attaché Riyadh', mission: 'SA' }),
    mol: await token(['mol-officer'], { sub: 'mol-1', name: 'MoL Officer' }),
  };

  const caughtUp = async () => {
    await Promise.all(system.agencyRegistry.projections.map((p) => p.caughtUp()));
  };

  const expectStatus = (r: Response, status: number, what: string) => {
    if (r.status !== status) throw new Error(`${what}: expected ${status}, got ${r.status} ${r.text}`);
  };

  const apply = async (overrides: Record<string, unknown> = {}) => {
    const body = application(overrides);
    const r = await call('POST', '/agencies', { token: tokens.officer, body });
    expectStatus(r, 201, 'POST /agencies');
    return { id: r.body.id as string, version: r.body.version as number, body };
  };

  const vet = async (id: string) => {
    let version = 0;
    for (const check of CHECKS) {
      const r = await call('POST', `/agencies/${id}/vetting-checks`, {
        token: tokens.officer,
        body: { check, outcome: 'pass' },
      });
      expectStatus(r, 200, `vetting check ${check}`);
      version = r.body.version;
    }
    return version;
  };

  const decide = async (id: string, route: string, version: number, body: Record<string, unknown> = {}) => {
    const r = await call('POST', `/agencies/${id}/${route}`, {
      token: tokens.director,
      body: { ...body, expectedVersion: version },
    });
    expectStatus(r, 200, `POST /agencies/${id}/${route}`);
    return r;
  };

  const licensed = async (overrides: Record<string, unknown> = {}) => {
    const created = await apply(overrides);
    const version = await vet(created.id);
    const approved = await decide(created.id, 'approval', version);
    return {
      id: created.id,
      version: approved.body.version as number,
      licenceNumber: approved.body.licenceNumber as string,
      body: created.body,
    };
  };

  return { system, namespace, clock, call, tokens, caughtUp, apply, vet, licensed, decide };
}

/** Asserts an RFC 9457 problem with the status, and when given the rule-naming type slug. */
export function assertProblem(t: Test, r: Response, status: number, slug?: string, what = ''): void {
  const label = what ? `${what}: ` : '';
  t.equal(r.status, status, `${label}status ${status}`, { body: r.text });
  t.match(String(r.headers['content-type']), PROBLEM_JSON, `${label}problem+json`);
  t.match(
    r.body,
    { type: String, title: String, status, detail: String },
    `${label}type, title, status and detail`,
  );
  if (slug !== undefined) t.match(r.body?.type, new RegExp(`/${slug}$`), `${label}type names ${slug}`);
}

/** The `errors[].path` of a validation problem. */
export const errorPaths = (r: Response): string[] =>
  Array.isArray(r.body?.errors) ? r.body.errors.map((e: { path: string }) => e.path) : [];
