/**
 * Composition root of the agency registry: the only place that knows which adapters run.
 * `startAgencyRegistry` wires it into a host (the embedded default); run this file alone to serve the
 * same paths on their own.
 */
import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '@kazi/core';
import {
  CommandHandler,
  commitSource,
  connectRedis,
  JetStreamEventStore,
  KvSnapshotStore,
  limitPendingPublishes,
  names,
  type ProjectionRunner,
  type RecordedEvent,
  startProjection,
} from '@kazi/eventsourcing';
import { connectNats, ensureIntegrationStreams, startIntegrationRelay } from '@kazi/messaging';
import { openServiceVault, type PersonalDataVault } from '@kazi/personal-data';
import {
  createLogger,
  createService,
  installGracefulShutdown,
  KvIdempotencyStore,
  loadConfig,
  natsReadiness,
  projectionMetrics,
  projectionsReadiness,
  redisReadiness,
  type ServiceDefinition,
} from '@kazi/service-kit';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AgencyRegistryApp } from './application/agencyRegistryApp.ts';
import { directorFingerprinter } from './application/directorFingerprint.ts';
import { type AgencyRegistryConfig, agencyRegistryConfigSchema } from './config.ts';
import { agencyDecider, toIntegrationEvents } from './domain/agency/index.ts';
import { identifierClaim } from './domain/identifierClaim.ts';
import { licenceNumberSequence } from './domain/licenceNumberSequence.ts';
import { agencyRoutes } from './http/routes.ts';
import { agencyReadModelsProjection } from './projections/agencyReadModels.ts';
import { agencyIdOf } from './projections/eventNames.ts';
import { AgencyQueries } from './projections/queries.ts';

export const CONTEXT = 'agency-registry';
/** Bump when AgencyState's shape changes: older snapshots are then ignored and replayed instead. */
const AGENCY_STATE_SCHEMA_VERSION = 3;

export interface AgencyRegistryDeps {
  nc: NatsConnection;
  redis: Redis;
  config: AgencyRegistryConfig;
  clock?: Clock;
  logger: Logger;
}

export interface RunningAgencyRegistry {
  service: ServiceDefinition;
  app: AgencyRegistryApp;
  /** Directors' keys (POST /agencies/:id/directors/:directorIndex/erasure destroys one). */
  vault: PersonalDataVault;
  projections: ProjectionRunner<RecordedEvent>[];
  stop(): Promise<void>;
}

export async function startAgencyRegistry(deps: AgencyRegistryDeps): Promise<RunningAgencyRegistry> {
  const { nc, redis, config, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const namespace = config.KAZI_NAMESPACE;
  const log = logger.child({ service: CONTEXT });

  const store = await JetStreamEventStore.create({ nc, namespace, context: CONTEXT });
  const snapshots = await KvSnapshotStore.create({ nc, namespace, context: CONTEXT });
  const newId = () => randomUUID();
  const agencies = new CommandHandler({
    decider: agencyDecider,
    store,
    snapshots,
    stateSchemaVersion: AGENCY_STATE_SCHEMA_VERSION,
    newId,
  });
  const claims = new CommandHandler({ decider: identifierClaim, store, stateSchemaVersion: 1, newId });
  const licenceNumbers = new CommandHandler({
    decider: licenceNumberSequence,
    store,
    snapshots,
    stateSchemaVersion: 1,
    newId,
  });
  const fingerprint = directorFingerprinter(config.DIRECTOR_FINGERPRINT_SECRET);
  const vault = await openServiceVault(nc, namespace, CONTEXT, config.PERSONAL_DATA_MASTER_KEY);

  // Read models and integration events come from agencies alone, not from claims or licence sequences.
  const agencySubjects = names.aggregateSubject(namespace, CONTEXT, 'agency.>');
  const source = commitSource({ namespace, context: CONTEXT, filterSubject: agencySubjects });
  const projections = [
    await startProjection({
      nc,
      redis,
      namespace,
      projection: agencyReadModelsProjection,
      source,
      logger: log,
    }),
  ];
  const relay = await startIntegrationRelay({
    nc,
    namespace,
    context: CONTEXT,
    filterSubject: agencySubjects,
    source: `/kazi/${CONTEXT}`,
    map: (event) => {
      const agencyId = agencyIdOf(event.streamName);
      return agencyId ? toIntegrationEvents(event, agencyId).map((m) => ({ ...m, subject: agencyId })) : [];
    },
    logger: log,
  });

  const app = new AgencyRegistryApp({
    agencies,
    claims,
    licenceNumbers,
    store,
    vault,
    queries: new AgencyQueries(redis, namespace),
    idempotency: await KvIdempotencyStore.open(nc, namespace),
    clock,
    config,
    fingerprint,
  });

  // Clock-driven expiry and suspension ends; every replica may run it (see AgencyRegistryApp.sweep).
  let sweeping: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    sweeping = app
      .sweep()
      .catch((err: unknown) => log.error({ err }, 'licence expiry / suspension end sweep failed'));
  }, config.EXPIRY_SWEEP_INTERVAL_MS);
  timer.unref();

  const service: ServiceDefinition = {
    name: CONTEXT,
    routes: (scope) => agencyRoutes(scope, app),
    readiness: [projectionsReadiness('projections', projections)],
    metrics: projectionMetrics(CONTEXT, projections, [relay]),
  };

  return {
    service,
    app,
    vault,
    projections,
    async stop() {
      clearInterval(timer);
      await sweeping;
      await relay.stop();
      for (const p of projections) await p.stop();
      await vault.close();
      await store.close();
    },
  };
}

/** Run alone: `tsx services/agency-registry/src/main.ts`. */
async function runStandalone(): Promise<void> {
  const config = loadConfig(agencyRegistryConfigSchema);
  const logger = createLogger(config, CONTEXT);
  const nc = await connectNats({ url: config.NATS_URL, name: CONTEXT });
  limitPendingPublishes(nc, {
    maxPending: config.MAX_PENDING_PUBLISHES,
    maxWaiting: config.MAX_WAITING_PUBLISHES,
  });
  const redis = await connectRedis(config.REDIS_URL, { maxQueuedCommands: config.MAX_QUEUED_REDIS_COMMANDS });
  await ensureIntegrationStreams(nc, config.KAZI_NAMESPACE);
  const registry = await startAgencyRegistry({ nc, redis, config, logger });
  const app = createService({
    ...registry.service,
    config,
    logger,
    rateLimitRedis: redis,
    readiness: [natsReadiness(nc), redisReadiness(redis), ...(registry.service.readiness ?? [])],
  });
  await app.listen({ host: config.HOST, port: config.PORT });
  installGracefulShutdown({
    app,
    stop: [
      { name: CONTEXT, stop: registry.stop },
      { name: 'nats', stop: () => nc.drain() },
      { name: 'redis', stop: async () => void redis.disconnect() },
    ],
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await runStandalone();
