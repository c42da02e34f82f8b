/**
 * The HTTP test harness every service's route tests share: a host running the modules the test needs
 * (own namespace, `listen: false`, requests through `app.inject`), development tokens for every role, and
 * the problem+json assertions. Each service adds its own shortcuts on top (e.g. agencies'
 * testSystem.fixture.ts).
 */
import { ManualClock } from '@kazi/core';
import { type ModuleSet, type RunningHost, startHost } from '@kazi/host';
import { DEV_JWT_SECRET, signDevToken } from '@kazi/service-kit';
import { cleanupNamespace, uniqueNamespace } from '@kazi/test-servers';
import type { Test } from 'tap';

/** Today for every test system: licence numbers are NEA/PRA/2026/…, a 12-month licence runs to 2027-02-28. */
export const TODAY = '2026-03-01';
export const YEAR = 2026;

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

/** What the test systems run with (KAZI_DEV=1 and the base defaults): tests mint tokens for it. */
const TOKEN_CONFIG = {
  JWT_SECRET: DEV_JWT_SECRET,
  JWT_ISSUER: 'kazi-salama',
  JWT_AUDIENCE: 'kazi-salama',
  NODE_ENV: 'test' as const,
  KAZI_DEV: true,
};

/** The one test-token helper; `config` overrides the secret, issuer or audience to mint foreign tokens. */
export function token(
  roles: string[],
  options: { sub?: string; name?: string; mission?: string; expiresIn?: string } = {},
  config: Partial<Pick<typeof TOKEN_CONFIG, 'JWT_SECRET' | 'JWT_ISSUER' | 'JWT_AUDIENCE'>> = {},
): Promise<string> {
  return signDevToken({ roles, ...options }, { ...TOKEN_CONFIG, ...config });
}

export interface Tokens {
  officer: string;
  officer2: string;
  director: string;
  analyst: string;
  hotline: string;
  hotline2: string;
  attache: string;
  attacheQa: string;
  mol: string;
}

export interface HttpTestSystem<Modules extends ModuleSet> {
  system: RunningHost<Modules>;
  namespace: string;
  clock: ManualClock;
  call(method: string, url: string, options?: CallOptions): Promise<Response>;
  tokens: Tokens;
  /** Waits until every read model of every service has applied everything written so far. */
  caughtUp(): Promise<void>;
  /** Fails with the response in the message unless it has `status`. */
  expectStatus(r: Response, status: number, what: string): void;
}

export interface HttpTestSystemOptions<Modules extends ModuleSet> {
  /** The modules the test needs (a service's own, and those whose events it consumes). */
  modules: Modules;
  /** Names the test's namespace (it shows in stream and key names). */
  label?: string;
  env?: Record<string, string>;
}

export async function startHttpTestSystem<Modules extends ModuleSet>(
  t: Test,
  options: HttpTestSystemOptions<Modules>,
): Promise<HttpTestSystem<Modules>> {
  const { modules, label = 'http', env: extraEnv = {} } = options;
  const namespace = uniqueNamespace(label);
  const clock = new ManualClock(new Date(`${TODAY}T08:00:00Z`));
  const env = {
    KAZI_NAMESPACE: namespace,
    NODE_ENV: 'test',
    // Explicitly: the development secrets are refused without it.
    KAZI_DEV: '1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    // The register tests read the public route more than the default 60 times a minute.
    PUBLIC_RATE_LIMIT_PER_MINUTE: '10000',
    STATUS_RATE_LIMIT_PER_MINUTE: '10000',
    EXPIRY_SWEEP_INTERVAL_MS: '3600000',
    OVERDUE_SWEEP_INTERVAL_MS: '3600000',
    // A busy test machine must not turn a test's request into a 503 (shedding has its own tests).
    MAX_EVENT_LOOP_DELAY_MS: '0',
    MAX_HEAP_USED_MB: '0',
    ...extraEnv,
  };
  const system = await startHost({ name: `test-${label}`, modules, env, clock, listen: false });
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

  const tokens: Tokens = {
    officer: await token(['nea-officer'], { sub: 'officer-1', name: 'Achieng Otieno' }),
    officer2: await token(['nea-officer'], { sub: 'officer-2', name: 'Wafula Barasa' }),
    director: await token(['nea-director'], { sub: 'director-1', name: 'Kamau Njoroge' }),
    analyst: await token(['analyst'], { sub: 'analyst-1', name: 'Njeri Mwangi' }),
    hotline: await token(['hotline'], { sub: 'hotline-1', name: 'Hotline Agent' }),
    hotline2: await token(['hotline'], { sub: 'hotline-2', name: 'Second Hotline Account' }),
    attache: await token(['labour-attache'], { sub: 'attache-1', name: 'Attaché Riyadh', mission: 'SA' }),
    attacheQa: await token(['labour-attache'], { sub: 'attache-2', name: 'Attaché Doha', mission: 'QA' }),
    mol: await token(['mol-officer'], { sub: 'mol-1', name: 'MoL Officer' }),
  };

  const caughtUp = async () => {
    await Promise.all(system.projections.map((p) => p.caughtUp()));
  };

  const expectStatus = (r: Response, status: number, what: string) => {
    if (r.status !== status) throw new Error(`${what}: expected ${status}, got ${r.status} ${r.text}`);
  };

  return { system, namespace, clock, call, tokens, caughtUp, expectStatus };
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
