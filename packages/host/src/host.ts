import { type Clock, systemClock } from '@kazi/core';
import { connectRedis, limitPendingPublishes } from '@kazi/eventsourcing';
import { connectNats, ensureIntegrationStreams } from '@kazi/messaging';
import {
  baseConfigSchema,
  createHostApp,
  createLogger,
  installGracefulShutdown,
  loadConfig,
  natsReadiness,
  redisReadiness,
  type ServiceApp,
} from '@kazi/service-kit';
import type { ServiceModule } from './serviceModule.ts';
import { type RunningModule, startModule } from './startModule.ts';

// biome-ignore lint/suspicious/noExplicitAny: modules of unrelated configuration, aggregates and parts.
export type ModuleSet = Record<string, ServiceModule<any, any, any>>;

/** What each module of the set exposes, under the key it was given. */
export type ExposedBy<Modules extends ModuleSet> = {
  [K in keyof Modules]: Modules[K] extends ServiceModule<infer _S, infer _A, infer Exposed> ? Exposed : never;
};

export interface HostOptions<Modules extends ModuleSet> {
  /** Names the process: logger name, OpenAPI title, NATS connection name. */
  name: string;
  /** The modules this process runs, started in this order and stopped in the reverse. */
  modules: Modules;
  env?: Record<string, string | undefined>;
  clock?: Clock;
  /** false: no port is opened (tests call `app.inject`). */
  listen?: boolean;
}

export interface RunningHost<Modules extends ModuleSet> {
  app: ServiceApp;
  /** The base URL when listening, '' otherwise. */
  url: string;
  modules: ExposedBy<Modules>;
  /** Every read model of every module, e.g. to wait until all caught up. */
  projections: RunningModule<unknown>['projections'];
  stop(): Promise<void>;
}

/**
 * Runs a set of service modules in one process on one port: one NATS connection (its pending publishes
 * bounded), one Redis connection (its queue bounded), the integration streams, one fastify host whose
 * health, metrics and docs cover every module. The host reads only the base configuration; each module
 * reads its own.
 */
export async function startHost<Modules extends ModuleSet>(
  options: HostOptions<Modules>,
): Promise<RunningHost<Modules>> {
  const env = options.env ?? process.env;
  const clock = options.clock ?? systemClock;
  const config = loadConfig(baseConfigSchema, env);
  const logger = createLogger(config, options.name);
  const nc = await connectNats({ url: config.NATS_URL, name: `${options.name}-${config.KAZI_NAMESPACE}` });
  limitPendingPublishes(nc, {
    maxPending: config.MAX_PENDING_PUBLISHES,
    maxWaiting: config.MAX_WAITING_PUBLISHES,
  });
  const redis = await connectRedis(config.REDIS_URL, { maxQueuedCommands: config.MAX_QUEUED_REDIS_COMMANDS });
  const running: RunningModule<unknown>[] = [];
  const release = async () => {
    for (const module of running.splice(0).reverse()) await module.stop();
    await nc.drain().catch(() => {});
    redis.disconnect();
  };

  let app: ServiceApp;
  try {
    await ensureIntegrationStreams(nc, config.KAZI_NAMESPACE);
    for (const module of Object.values(options.modules))
      running.push(await startModule(module, { nc, redis, clock, logger, env }));
    app = createHostApp({
      name: options.name,
      config,
      logger,
      services: running.map((m) => m.service),
      readiness: [natsReadiness(nc), redisReadiness(redis)],
      rateLimitRedis: redis,
    });
    await app.ready();
  } catch (error) {
    await release();
    throw error;
  }
  let url = '';
  if (options.listen !== false) url = await app.listen({ host: config.HOST, port: config.PORT });

  let stopped: Promise<void> | undefined;
  const keys = Object.keys(options.modules);
  return {
    app,
    url,
    modules: Object.fromEntries(keys.map((key, i) => [key, running[i]?.exposes])) as ExposedBy<Modules>,
    projections: running.flatMap((m) => m.projections),
    stop() {
      stopped ??= (async () => {
        await app.close();
        await release();
      })();
      return stopped;
    },
  };
}

/**
 * A process serving a set of modules until SIGTERM/SIGINT (a deployment runs one module per process;
 * the embedded default runs all): prints where it listens, or why it could not start.
 */
export async function serveHost<Modules extends ModuleSet>(
  options: HostOptions<Modules> & { banner?: (url: string) => string[] },
): Promise<RunningHost<Modules> | undefined> {
  try {
    const host = await startHost(options);
    installGracefulShutdown({ app: host.app, stop: [{ name: options.name, stop: host.stop }] });
    const base = host.url.replace('0.0.0.0', '127.0.0.1');
    const lines = options.banner?.(base) ?? [`${options.name} is running at ${base}`];
    process.stderr.write(`\n${lines.join('\n')}\n\n`);
    return host;
  } catch (error) {
    process.stderr.write(
      `${options.name} could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
}
