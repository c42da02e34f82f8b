/**
 * The embedded default: every service in one Node process, one fastify host on one port, sharing one
 * NATS connection and one Redis connection. `npm start` runs it (embedded.ts); the whole-system tests
 * and the benchmark start it the same way.
 */
import { agencyRegistryConfigSchema, startAgencyRegistry } from '@kazi/agency-registry';
import { type ComplaintsConfig, complaintsConfigSchema, startComplaints } from '@kazi/complaints';
import { type Clock, systemClock } from '@kazi/core';
import { connectRedis, limitPendingPublishes } from '@kazi/eventsourcing';
import { connectNats, ensureIntegrationStreams } from '@kazi/messaging';
import {
  createHostApp,
  createLogger,
  loadConfig,
  natsReadiness,
  redisReadiness,
  type ServiceApp,
} from '@kazi/service-kit';

export interface RunningSystemInProcess {
  app: ServiceApp;
  url: string;
  stop(): Promise<void>;
  agencyRegistry: Awaited<ReturnType<typeof startAgencyRegistry>>;
  complaints: Awaited<ReturnType<typeof startComplaints>>;
}

export async function startSystem(
  options: { env?: Record<string, string | undefined>; clock?: Clock; listen?: boolean } = {},
): Promise<RunningSystemInProcess> {
  // Every service reads its own settings from the same environment; the base ones are shared.
  const env = options.env ?? process.env;
  const config = loadConfig(agencyRegistryConfigSchema, env);
  const complaintsConfig = loadConfig(complaintsConfigSchema, env) as ComplaintsConfig;
  const logger = createLogger(config, 'kazi-salama');
  const nc = await connectNats({ url: config.NATS_URL, name: `kazi-salama-${config.KAZI_NAMESPACE}` });
  limitPendingPublishes(nc, {
    maxPending: config.MAX_PENDING_PUBLISHES,
    maxWaiting: config.MAX_WAITING_PUBLISHES,
  });
  const redis = await connectRedis(config.REDIS_URL, { maxQueuedCommands: config.MAX_QUEUED_REDIS_COMMANDS });
  await ensureIntegrationStreams(nc, config.KAZI_NAMESPACE);
  const clock = options.clock ?? systemClock;

  const agencyRegistry = await startAgencyRegistry({ nc, redis, config, clock, logger });
  const complaints = await startComplaints({ nc, redis, config: complaintsConfig, clock, logger });
  const app = createHostApp({
    name: 'kazi-salama',
    config,
    logger,
    services: [agencyRegistry.service, complaints.service],
    readiness: [natsReadiness(nc), redisReadiness(redis)],
    rateLimitRedis: redis,
  });
  await app.ready();
  let url = '';
  if (options.listen !== false) url = await app.listen({ host: config.HOST, port: config.PORT });

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      await app.close();
      await complaints.stop();
      await agencyRegistry.stop();
      await nc.drain().catch(() => {});
      redis.disconnect();
    })();
    return stopped;
  };
  return { app, url, stop, agencyRegistry, complaints };
}
