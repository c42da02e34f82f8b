import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface HttpMetrics {
  registry: Registry;
  requestDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** Requests answered 503 by load shedding, by why (in-flight, event-loop, heap). */
  shedRequests: Counter<'reason'>;
  requestsInFlight: Gauge;
}

/** A registry per app (not prom-client's global one), so several apps and tests never collide. */
export function createHttpMetrics(): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route pattern, method and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const shedRequests = new Counter({
    name: 'http_requests_shed_total',
    help: 'Requests refused with 503 because the process was overloaded, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const requestsInFlight = new Gauge({
    name: 'http_requests_in_flight',
    help: 'Requests being worked on now (probes and metrics not counted)',
    registers: [registry],
  });
  return { registry, requestDuration, shedRequests, requestsInFlight };
}

/**
 * Observes every response and serves `/metrics` with the kit's metrics plus the services' registries.
 * Services name their metrics uniquely (e.g. `kazi_complaints_...`): merging refuses duplicates.
 */
export function registerMetrics(
  app: FastifyInstance,
  metrics: HttpMetrics,
  extra: () => readonly Registry[],
): void {
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the raw URL: ids in paths would explode the label cardinality.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requestDuration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  // As a plugin, so it is added after the docs plugin and appears in the OpenAPI document.
  app.register(async (scope) => {
    scope.get(
      '/metrics',
      {
        config: { auth: 'public', loadShedding: 'exempt' },
        schema: { tags: ['operations'], summary: 'Prometheus metrics' },
      },
      async (_request, reply) => {
        const merged = Registry.merge([metrics.registry, ...extra()]);
        return reply.header('content-type', merged.contentType).send(await merged.metrics());
      },
    );
  });
}
