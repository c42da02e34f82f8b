import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface HttpMetrics {
  registry: Registry;
  requestDuration: Histogram<'method' | 'route' | 'status_code'>;
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
  return { registry, requestDuration };
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
      { config: { auth: 'public' }, schema: { tags: ['operations'], summary: 'Prometheus metrics' } },
      async (_request, reply) => {
        const merged = Registry.merge([metrics.registry, ...extra()]);
        return reply.header('content-type', merged.contentType).send(await merged.metrics());
      },
    );
  });
}
