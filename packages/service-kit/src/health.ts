import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { problem, sendProblem } from './problem.ts';

export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency can serve; rejects (with a reason) when it cannot. */
  check: () => Promise<void>;
}

/** What the probe shows: a name and a state. Why a check failed goes to the log, never to the caller. */
export interface CheckResult {
  name: string;
  state: 'ok' | 'failing';
}

interface CheckOutcome extends CheckResult {
  error?: string;
}

/** A hung dependency must make the probe fail, not hang it. */
const CHECK_TIMEOUT_MS = 2_000;

export async function runReadinessChecks(checks: readonly ReadinessCheck[]): Promise<CheckOutcome[]> {
  return Promise.all(
    checks.map(async ({ name, check }) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      });
      try {
        await Promise.race([check(), timeout]);
        return { name, state: 'ok' as const };
      } catch (err) {
        return { name, state: 'failing' as const, error: err instanceof Error ? err.message : String(err) };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}

/** NATS is ready when the connection is open and the server answers a round trip. */
export const natsReadiness = (
  nc: { isClosed(): boolean; flush(): Promise<void> },
  name = 'nats',
): ReadinessCheck => ({
  name,
  check: async () => {
    if (nc.isClosed()) throw new Error('connection closed');
    await nc.flush();
  },
});

export const redisReadiness = (redis: { ping(): Promise<string> }, name = 'redis'): ReadinessCheck => ({
  name,
  check: async () => {
    await redis.ping();
  },
});

/** `/health/live` answers while the process runs; `/health/ready` only when every check passes. */
export function registerHealthRoutes(app: FastifyInstance, checks: () => readonly ReadinessCheck[]): void {
  // As a plugin, so the routes are added after the docs plugin and appear in the OpenAPI document.
  app.register(async (scope) => addHealthRoutes(scope, checks));
}

function addHealthRoutes(app: FastifyInstance, checks: () => readonly ReadinessCheck[]): void {
  const tags = ['operations'];
  app.get(
    '/health/live',
    { config: { auth: 'public', loadShedding: 'exempt' }, schema: { tags, summary: 'Liveness' } },
    async () => ({
      status: 'live',
    }),
  );
  app.get(
    '/health/ready',
    {
      config: { auth: 'public', loadShedding: 'exempt' },
      schema: { tags, summary: 'Readiness of every dependency' },
    },
    async (request, reply) => {
      const outcomes = await runReadinessChecks(checks());
      const results: CheckResult[] = outcomes.map(({ name, state }) => ({ name, state }));
      const failing = results.filter((r) => r.state === 'failing');
      if (failing.length > 0) {
        logFailures(request.log, outcomes);
        const names = failing.map((f) => f.name).join(', ');
        return sendProblem(
          reply,
          problem(503, 'not-ready', `not ready: ${names}`, { checks: results, failing }),
        );
      }
      return { status: 'ready', checks: results };
    },
  );
}

/**
 * A dependency's error message can name hosts, users or paths: it helps an operator, not a caller, so it
 * is logged and the probe's body carries only names and states.
 */
function logFailures(log: FastifyBaseLogger, outcomes: readonly CheckOutcome[]): void {
  for (const { name, error } of outcomes)
    if (error !== undefined) log.warn({ check: name, reason: error }, 'readiness check failing');
}
