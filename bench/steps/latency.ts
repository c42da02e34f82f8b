/**
 * Step `latency`: every write route of the system, one after another, at a steady rate (default 100
 * requests/s, autocannon `overallRate`, latencies corrected for coordinated omission) for a fixed number
 * of requests; p99 of each. Goal: ≤ 50 ms with no errors.
 *
 * Each request acts on a target of its own, prepared as a user would have left it: the registry's
 * routes follow an agency's life (applied → a vetting check → rejected → its director erased; seeded
 * fully vetted → approved → renewed → suspended → reinstated → revoked) and the complaints' routes a
 * complaint's (lodged → triaged → assigned → a note → referred → resolved → closed → reopened →
 * withdrawn → erased). Each route's targets
 * are the ones the route before answered 2xx for, with the version it answered (for routes that need it).
 * Before each route, a short warm-up at the same rate on targets of its own.
 */
import { randomUUID } from 'node:crypto';
import { applicationBodies, complaintRequests, VETTING_CHECKS } from '../lib/bodies.ts';
import type { BenchContext, StartedSystem } from '../lib/context.ts';
import { type LoadFigures, load } from '../lib/load.ts';
import { failuresOf } from '../lib/report.ts';
import { seedAgencies, VETTED_VERSION } from '../lib/seed.ts';

export const LATENCY_GOAL_MS = 50;
/** Connections of each steady load: 10 per 100 requests/s leaves room for slow answers. */
const CONNECTIONS = 10;

interface Route {
  path: string;
  /** Who may call it: a token per role. */
  role: 'officer' | 'director' | 'hotline';
  /** The request body for this target (its current version at hand); undefined sends none. */
  body?: (version: number | undefined) => string;
  headers?: () => Record<string, string>;
}

const reason = 'Recorded by the benchmark';
const json = (value: unknown) => JSON.stringify(value);

const REGISTRY_CHAIN: Route[] = [
  {
    path: '/agencies/:id/vetting-checks',
    role: 'officer',
    body: () => json({ check: VETTING_CHECKS[0], outcome: 'pass', note: 'bench' }),
  },
  { path: '/agencies/:id/rejection', role: 'director', body: (v) => json({ reason, expectedVersion: v }) },
  // The first director's personal data, sealed under their own key when the application was made.
  {
    path: '/agencies/:id/directors/0/erasure',
    role: 'director',
    body: () => json({ reason: 'data-subject-request' }),
  },
];
const LICENCE_CHAIN: Route[] = [
  { path: '/agencies/:id/approval', role: 'director', body: (v) => json({ expectedVersion: v }) },
  { path: '/agencies/:id/renewal', role: 'director', body: (v) => json({ expectedVersion: v }) },
  { path: '/agencies/:id/suspension', role: 'director', body: (v) => json({ reason, expectedVersion: v }) },
  { path: '/agencies/:id/reinstatement', role: 'director', body: (v) => json({ expectedVersion: v }) },
  { path: '/agencies/:id/revocation', role: 'director', body: (v) => json({ reason, expectedVersion: v }) },
];
const COMPLAINT_CHAIN: Route[] = [
  {
    path: '/complaints/:id/triage',
    role: 'officer',
    body: () => json({ reason, indicators: ['withholding-of-wages'] }),
  },
  { path: '/complaints/:id/assignment', role: 'officer', body: () => json({ assignee: 'officer-7' }) },
  {
    path: '/complaints/:id/notes',
    role: 'officer',
    body: () => json({ text: 'The caller rang again: still unpaid.' }),
  },
  {
    path: '/complaints/:id/referral',
    role: 'officer',
    body: () => json({ to: 'labour-attache', note: 'bench' }),
  },
  {
    path: '/complaints/:id/resolution',
    role: 'officer',
    body: (v) => json({ outcome: 'resolved-in-favour', expectedVersion: v }),
  },
  { path: '/complaints/:id/closure', role: 'officer', body: (v) => json({ expectedVersion: v }) },
  { path: '/complaints/:id/reopening', role: 'officer', body: (v) => json({ reason, expectedVersion: v }) },
  { path: '/complaints/:id/withdrawal', role: 'officer', body: () => json({ reason }) },
  { path: '/complaints/:id/erasure', role: 'director', body: () => json({ reason }) },
];

/** Targets with the version each was last answered with, in the order they were answered. */
type Targets = { id: string; version: number }[];

interface Run {
  figures: LoadFigures;
  answered: Targets;
}

/** One load at the steady rate over `targets` (one request each), keeping every 2xx answer's id and version. */
async function steadyLoad(
  system: StartedSystem,
  token: string,
  route: Route,
  targets: Targets | undefined,
  amount: number,
  rate: number,
): Promise<Run> {
  let next = 0;
  const answered: Targets = [];
  const figures = await load({
    url: system.url,
    connections: Math.min(CONNECTIONS, amount),
    warmupSeconds: 0,
    overallRate: rate,
    amount,
    headers: { authorization: `Bearer ${token}` },
    next: () => {
      const target = targets?.[next++];
      // Past the prepared targets (only if the route before failed some): an unknown id, counted as a failure.
      const id = target?.id ?? randomUUID();
      return {
        path: route.path.replace(':id', id),
        ...(route.body ? { body: route.body(target?.version) } : {}),
        ...(route.headers ? { headers: route.headers() } : {}),
      };
    },
    onResponse: (status, body) => {
      if (status < 200 || status >= 300) return;
      const { id, version } = JSON.parse(body) as { id?: string; version?: number };
      if (id && typeof version === 'number') answered.push({ id, version });
    },
  });
  return { figures, answered };
}

export async function latencyStep(ctx: BenchContext): Promise<void> {
  const { latencyRate: rate, latencySeconds } = ctx.settings;
  // Whole multiples of the connections: autocannon splits `amount` evenly between them (rounding down).
  const measured = Math.ceil((rate * latencySeconds) / CONNECTIONS) * CONNECTIONS;
  const warm = Math.max(1, Math.round(rate / 2 / CONNECTIONS)) * CONNECTIONS;
  const system = await ctx.system();
  const tokens = {
    officer: await system.token(['nea-officer'], { sub: 'bench-officer', name: 'Bench Officer' }),
    director: await system.token(['nea-director'], { sub: 'bench-director', name: 'Bench Director' }),
    hotline: await system.token(['hotline'], { sub: 'bench-hotline', name: 'Bench Hotline' }),
  };
  const results: Record<string, LoadFigures> = {};

  /** Warm-up, then the measured load; what the measured one answered feeds the next route. */
  const run = async (route: Route, targets: Targets | undefined): Promise<Targets> => {
    const label = `POST ${route.path}`;
    const available = targets ? targets.length - warm : measured;
    if (available < 1) {
      ctx.errors.push(`latency: no targets left for ${label}`);
      return [];
    }
    const amount = Math.min(measured, available);
    ctx.say(`latency: ${label} at ${rate}/s, ${amount} requests (+${warm} warm-up)`);
    const token = tokens[route.role];
    const warmed = await steadyLoad(system, token, route, targets?.slice(0, warm), warm, rate);
    const { figures, answered } = await steadyLoad(system, token, route, targets?.slice(warm), amount, rate);
    results[label] = figures;
    ctx.say(
      `    p50 ${figures.latencyMs.p50} ms, p99 ${figures.latencyMs.p99} ms, non-2xx ${figures.non2xx}, errors ${figures.errors}`,
    );
    if (figures.non2xx > 0)
      ctx.say(
        `    status codes: ${JSON.stringify(figures.statusCodes)}; first: ${figures.firstFailure ?? '—'}`,
      );
    ctx.rows.push({
      label: `L ${label} @ ${rate}/s`,
      figures,
      goal: `p99 ≤ ${LATENCY_GOAL_MS} ms, 0 errors`,
      met: figures.latencyMs.p99 <= LATENCY_GOAL_MS && failuresOf(figures) === 0,
    });
    // The warm-up's targets warm the next route up too, the measured ones are measured again.
    return [...warmed.answered, ...answered];
  };
  const chain = async (routes: Route[], first: Targets) => {
    let targets = first;
    for (const route of routes) targets = await run(route, targets);
  };

  const nextApplication = applicationBodies(21);
  await chain(
    REGISTRY_CHAIN,
    await run({ path: '/agencies', role: 'officer', body: () => nextApplication() }, undefined),
  );

  ctx.say(`latency: seeding ${warm + measured} fully vetted agencies for the licence routes`);
  const vetted = await seedAgencies(ctx.nc, ctx.namespace, {
    from: 900_000,
    count: warm + measured,
    stageOf: () => 'vetted',
    sharesWord: () => false,
    word: '',
  });
  await chain(
    LICENCE_CHAIN,
    vetted.ids.map((id) => ({ id, version: VETTED_VERSION })),
  );

  const nextComplaint = complaintRequests(21);
  const lodge: Route = {
    path: '/complaints',
    role: 'hotline',
    body: () => nextComplaint().body,
    headers: () => ({ 'idempotency-key': randomUUID() }),
  };
  await chain(COMPLAINT_CHAIN, await run(lodge, undefined));
  ctx.figures.latency = {
    rate,
    requestsPerRoute: measured,
    warmupPerRoute: warm,
    goalMs: LATENCY_GOAL_MS,
    routes: results,
  };
}
