/**
 * Composition root of the complaints service: the only place that knows which adapters run.
 * `startComplaints` wires it into a host (the embedded default); run this file alone to serve the same
 * paths on their own.
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
import { openServiceVault } from '@kazi/personal-data';
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
import { startAgencyView } from './agencyView/agencyView.ts';
import { AgencyView } from './agencyView/agencyViewQueries.ts';
import { ComplaintsApp } from './application/complaintsApp.ts';
import { PinFailureCounter } from './application/pinFailures.ts';
import { ReferenceAllocator } from './application/referenceAllocator.ts';
import { type ComplaintsConfig, complaintsConfigSchema } from './config.ts';
import { complaintDecider, complaintUpcasters, toIntegrationEvents } from './domain/complaint/index.ts';
import { referenceSequence } from './domain/referenceSequence.ts';
import { complaintRoutes } from './http/routes.ts';
import { complaintIdOf, complaintQueueProjection } from './projections/complaintQueue.ts';
import { ComplaintQueries } from './projections/queries.ts';

export const CONTEXT = 'complaints';
/** Bump when ComplaintState's shape changes: older snapshots are then ignored and replayed instead. */
const COMPLAINT_STATE_SCHEMA_VERSION = 3;

export interface ComplaintsDeps {
  nc: NatsConnection;
  redis: Redis;
  config: ComplaintsConfig;
  clock?: Clock;
  logger: Logger;
}

export interface RunningComplaints {
  service: ServiceDefinition;
  app: ComplaintsApp;
  /** The service's own view of the registry's agencies (fed by integration events). */
  agencies: AgencyView;
  projections: ProjectionRunner<RecordedEvent>[];
  stop(): Promise<void>;
}

export async function startComplaints(deps: ComplaintsDeps): Promise<RunningComplaints> {
  const { nc, redis, config, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const namespace = config.KAZI_NAMESPACE;
  const log = logger.child({ service: CONTEXT });

  // v1 complaint events (clear free text) are read as their v2 successors (sealed or tagged clear).
  const upcasters = complaintUpcasters;
  const store = await JetStreamEventStore.create({ nc, namespace, context: CONTEXT, upcasters });
  const snapshots = await KvSnapshotStore.create({ nc, namespace, context: CONTEXT });
  const newId = () => randomUUID();
  const complaints = new CommandHandler({
    decider: complaintDecider,
    store,
    snapshots,
    stateSchemaVersion: COMPLAINT_STATE_SCHEMA_VERSION,
    newId,
  });
  const referenceSequences = new CommandHandler({
    decider: referenceSequence,
    store,
    snapshots,
    stateSchemaVersion: 1,
    newId,
  });
  const vault = await openServiceVault(nc, namespace, CONTEXT, config.PERSONAL_DATA_MASTER_KEY);

  // The service learns agencies only from the registry's integration events, into its own view.
  const agencyView = await startAgencyView({ nc, redis, namespace, logger: log });

  const complaintSubjects = names.aggregateSubject(namespace, CONTEXT, 'complaint.>');
  const source = commitSource({ namespace, context: CONTEXT, filterSubject: complaintSubjects, upcasters });
  const projections = [
    await startProjection({
      nc,
      redis,
      namespace,
      projection: complaintQueueProjection,
      source,
      logger: log,
    }),
  ];
  const relay = await startIntegrationRelay({
    nc,
    namespace,
    context: CONTEXT,
    filterSubject: complaintSubjects,
    source: `/kazi/${CONTEXT}`,
    map: (event) => {
      const id = complaintIdOf(event.streamName);
      return id ? toIntegrationEvents(event, id).map((m) => ({ ...m, subject: id })) : [];
    },
    logger: log,
  });

  const agencies = new AgencyView(redis, namespace);
  const app = new ComplaintsApp({
    complaints,
    references: new ReferenceAllocator(referenceSequences, config.REFERENCE_BLOCK_SIZE),
    vault,
    pinFailures: new PinFailureCounter(
      redis,
      namespace,
      config.STATUS_PIN_FAILURES_PER_REFERENCE,
      config.STATUS_PIN_FAILURE_WINDOW_MINUTES * 60,
    ),
    agencies,
    queries: new ComplaintQueries(redis, namespace),
    idempotency: await KvIdempotencyStore.open(nc, namespace),
    clock,
    config,
  });

  // Overdue responses, reported once per breached deadline; every replica may run it (see sweep()).
  let sweeping: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    sweeping = app.sweep().catch((err: unknown) => log.error({ err }, 'overdue response sweep failed'));
  }, config.OVERDUE_SWEEP_INTERVAL_MS);
  timer.unref();

  const service: ServiceDefinition = {
    name: CONTEXT,
    routes: (scope) =>
      complaintRoutes(scope, app, { statusRateLimitPerMinute: config.STATUS_RATE_LIMIT_PER_MINUTE }),
    readiness: [projectionsReadiness('projections', projections)],
    metrics: projectionMetrics(CONTEXT, projections, [relay]),
  };

  return {
    service,
    app,
    agencies,
    projections,
    async stop() {
      clearInterval(timer);
      await sweeping;
      await relay.stop();
      await agencyView.stop();
      for (const p of projections) await p.stop();
      await vault.close();
      await store.close();
    },
  };
}

/** Run alone: `tsx services/complaints/src/main.ts`. */
async function runStandalone(): Promise<void> {
  const config = loadConfig(complaintsConfigSchema, process.env) as ComplaintsConfig;
  const logger = createLogger(config, CONTEXT);
  const nc = await connectNats({ url: config.NATS_URL, name: CONTEXT });
  limitPendingPublishes(nc, {
    maxPending: config.MAX_PENDING_PUBLISHES,
    maxWaiting: config.MAX_WAITING_PUBLISHES,
  });
  const redis = await connectRedis(config.REDIS_URL, { maxQueuedCommands: config.MAX_QUEUED_REDIS_COMMANDS });
  await ensureIntegrationStreams(nc, config.KAZI_NAMESPACE);
  const running = await startComplaints({ nc, redis, config, logger });
  const app = createService({
    ...running.service,
    config,
    logger,
    rateLimitRedis: redis,
    readiness: [natsReadiness(nc), redisReadiness(redis), ...(running.service.readiness ?? [])],
  });
  await app.listen({ host: config.HOST, port: config.PORT });
  installGracefulShutdown({
    app,
    stop: [
      { name: CONTEXT, stop: running.stop },
      { name: 'nats', stop: () => nc.drain() },
      { name: 'redis', stop: async () => void redis.disconnect() },
    ],
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await runStandalone();
