import type { IncomingMessage, ServerResponse } from 'node:http';
import rateLimit from '@fastify/rate-limit';
import { names } from '@kazi/eventsourcing';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  LogController,
  type RawServerDefault,
  type RouteOptions,
} from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { assertRouteAuth, authenticate } from './auth.ts';
import type { BaseConfig } from './config.ts';
import { registerDocs } from './docs.ts';
import { notFoundHandler, problemClientErrorHandler, problemErrorHandler } from './errorHandler.ts';
import { type ReadinessCheck, registerHealthRoutes } from './health.ts';
import { type LoadMonitor, registerLoadShedding } from './loadShedding.ts';
import { createLogger, requestSerializer } from './logging.ts';
import { createHttpMetrics, registerMetrics } from './metrics.ts';
import { correlationIdOf, generateRequestId, registerRequestIds } from './requestIds.ts';
import { registerConnectionDraining } from './shutdown.ts';
import { trustProxyOption } from './trustedProxies.ts';

/** The instance a service's `routes` receives: zod schemas type `request.body`, `params`, `query`. */
export type ServiceApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface ServiceDefinition {
  /** e.g. 'complaints': names the service in logs, docs tags and readiness results. */
  name: string;
  /** Mount path for the service's routes ('' by default: routes carry their full paths). */
  prefix?: string;
  /**
   * Registers the routes. Every route must have `config: { auth: 'public' }` or
   * `config: { auth: { roles: [...] } }`; body schemas should be `.strict()` so unknown fields are a 400.
   */
  routes: (app: ServiceApp) => void | Promise<void>;
  readiness?: ReadinessCheck[];
  /** The service's own metrics, served on `/metrics` with the kit's. */
  metrics?: Registry;
}

export interface HostOptions {
  /** Names the process: logger name and OpenAPI title. */
  name: string;
  config: BaseConfig;
  services: ServiceDefinition[];
  logger?: Logger;
  /** Checks shared by every service (NATS, Redis), reported under their own names. */
  readiness?: ReadinessCheck[];
  version?: string;
  /**
   * An ioredis client for the rate limits' counters, so every replica counts against one limit (a PIN
   * guesser gains nothing by spreading requests over replicas). Without it each process counts alone.
   */
  rateLimitRedis?: object;
  /** The process's load for load shedding; tests pass a fixed one. Sampled once a second by default. */
  loadMonitor?: LoadMonitor;
}

export type ServiceOptions = ServiceDefinition &
  Pick<HostOptions, 'config' | 'logger' | 'version' | 'rateLimitRedis' | 'loadMonitor'>;

/** One service on its own: the same paths it serves when embedded in a host. */
export function createService(options: ServiceOptions): ServiceApp {
  const { config, logger, version, rateLimitRedis, loadMonitor, ...service } = options;
  return createHostApp({
    name: service.name,
    config,
    logger,
    version,
    rateLimitRedis,
    loadMonitor,
    services: [service],
  });
}

/**
 * Several services in one process on one port (the embedded default). `/health/*`, `/metrics` and `/docs`
 * are on the base URL and cover every service; readiness is 200 only when every check of every service
 * passes.
 */
export function createHostApp(options: HostOptions): ServiceApp {
  const { config, services } = options;
  const logger = options.logger ?? createLogger(config, options.name);
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    genReqId: generateRequestId,
    // `request.ip` (rate limits count per address) comes from X-Forwarded-For only behind TRUSTED_PROXIES.
    trustProxy: trustProxyOption(config.TRUSTED_PROXIES),
    // The router's own refusals (a malformed or over-long URL) are problems like every other error.
    frameworkErrors: problemErrorHandler,
    clientErrorHandler: problemClientErrorHandler,
    // One line per request (on completion, below) instead of fastify's two: logging is a measurable cost.
    logController: new LogController({ disableRequestLogging: true }),
    // Every request log line carries both ids and only the request summary, never headers or body.
    childLoggerFactory: (parent, bindings, opts, rawReq) =>
      parent.child(
        { ...bindings, correlationId: correlationIdOf(rawReq as IncomingMessage, String(bindings.reqId)) },
        { ...opts, serializers: { req: requestSerializer } },
      ),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(problemErrorHandler);
  app.setNotFoundHandler(notFoundHandler);
  // Bodies are JSON only: without the text parser any other media type is a 415.
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('user', undefined);
  registerRequestIds(app);
  const metrics = createHttpMetrics();
  // Before any other work a request causes (token, rate-limit counters in Redis, the store).
  registerLoadShedding(app, {
    config,
    shed: metrics.shedRequests,
    inFlight: metrics.requestsInFlight,
    monitor: options.loadMonitor,
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      { req: request, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime },
      'request completed',
    );
  });
  registerConnectionDraining(app);

  const serviceOfRoute = new WeakMap<object, string>();
  registerDocs(app, {
    title: `Kazi Salama: ${options.name}`,
    version: options.version ?? '1.0.0',
    serviceOf: (route) => serviceOfRoute.get(route),
  });

  const serviceRegistries = services.flatMap((s) => (s.metrics ? [s.metrics] : []));
  registerMetrics(app, metrics, () => serviceRegistries);

  const qualify = services.length > 1;
  const checks: ReadinessCheck[] = [
    ...(options.readiness ?? []),
    ...services.flatMap((s) =>
      (s.readiness ?? []).map((c) => ({ name: qualify ? `${s.name}/${c.name}` : c.name, check: c.check })),
    ),
  ];
  registerHealthRoutes(app, () => checks);

  for (const service of services) {
    app.register(
      async (scope) => {
        scope.addHook('onRoute', (route: RouteOptions) => {
          assertRouteAuth(route);
          serviceOfRoute.set(route, service.name);
          applyPublicRateLimit(route, config);
        });
        scope.addHook('onRequest', authenticate(config));
        const counters = `${names.redisKey(config.KAZI_NAMESPACE, 'rate-limit', service.name)}:`;
        const store = options.rateLimitRedis ? { redis: options.rateLimitRedis, nameSpace: counters } : {};
        await scope.register(rateLimit, { global: false, ...store });
        const registering = service.routes(scope.withTypeProvider<ZodTypeProvider>());
        // Only a real promise is awaited: a returned fastify instance is thenable, and awaiting it here would
        // wait for the very plugin being registered.
        if (registering instanceof Promise) await registering;
      },
      { prefix: service.prefix ?? '' },
    );
  }
  return app;
}

/** Public routes are rate limited per client address unless they set their own `rateLimit` (or `false`). */
function applyPublicRateLimit(route: RouteOptions, config: BaseConfig): void {
  const routeConfig = (route.config ?? {}) as Record<string, unknown>;
  if (routeConfig.auth !== 'public' || routeConfig.rateLimit !== undefined) return;
  route.config = {
    ...routeConfig,
    rateLimit: { max: config.PUBLIC_RATE_LIMIT_PER_MINUTE, timeWindow: 60_000 },
  };
}
