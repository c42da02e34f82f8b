import { randomUUID } from 'node:crypto';
import type { Clock, DomainEvent } from '@kazi/core';
import {
  CommandHandler,
  commitSource,
  JetStreamEventStore,
  KvSnapshotStore,
  names,
  type ProjectionRunner,
  startProjection,
} from '@kazi/eventsourcing';
import { type IntegrationRelay, startConsumer, startIntegrationRelay } from '@kazi/messaging';
import { openServiceVault } from '@kazi/personal-data';
import {
  CommandService,
  KvIdempotencyStore,
  loadConfig,
  projectionMetrics,
  projectionsReadiness,
  type ServiceDefinition,
} from '@kazi/service-kit';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type {
  AggregateDeclarations,
  CommandServicesOf,
  HandlersOf,
  ModuleKit,
  ModuleRunner,
  ServiceModule,
} from './serviceModule.ts';

/** What the host shares with every module it starts. */
export interface ModuleInfrastructure {
  nc: NatsConnection;
  redis: Redis;
  clock: Clock;
  logger: Logger;
  env: Record<string, string | undefined>;
}

export interface RunningModule<Exposed> {
  context: string;
  service: ServiceDefinition;
  /** The module's read models: the Redis projections the host started and the runners the module did. */
  projections: ModuleRunner[];
  exposes: Exposed;
  stop(): Promise<void>;
}

/** Builds what the module declares, then its own parts; `stop` undoes it in reverse order. */
export async function startModule<
  Schema extends z.ZodObject,
  Aggregates extends AggregateDeclarations,
  Exposed,
>(
  module: ServiceModule<Schema, Aggregates, Exposed>,
  infrastructure: ModuleInfrastructure,
): Promise<RunningModule<Exposed>> {
  const { nc, redis, clock } = infrastructure;
  const { context, upcasters } = module;
  const config = loadConfig(module.configSchema, infrastructure.env);
  const namespace = config.KAZI_NAMESPACE as string;
  const logger = infrastructure.logger.child({ service: context });
  const stoppers: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stoppers.splice(0).reverse()) await stop();
  };

  try {
    const store = await JetStreamEventStore.create({ nc, namespace, context, upcasters });
    stoppers.push(() => store.close());
    const declarations = Object.entries(module.aggregates);
    const snapshots = declarations.some(([, a]) => a.snapshots)
      ? await KvSnapshotStore.create({ nc, namespace, context })
      : undefined;
    const handlers = Object.fromEntries(
      declarations.map(([key, a]) => [
        key,
        new CommandHandler({
          decider: a.decider,
          store,
          snapshots: a.snapshots ? snapshots : undefined,
          stateSchemaVersion: a.stateSchemaVersion,
          newId: () => randomUUID(),
        }),
      ]),
    ) as HandlersOf<Aggregates>;
    const commands = Object.fromEntries(
      declarations.flatMap(([key, a]) => {
        const { category, commands: policies } = a;
        if (category === undefined || policies === undefined) return [];
        const handler = (handlers as Record<string, CommandHandler<unknown, { type: string }, DomainEvent>>)[
          key
        ];
        if (!handler) return [];
        const stream = (id: string) => `${category}.${id}`;
        return [
          [key, new CommandService({ aggregate: category, handler, stream, clock, commands: policies })],
        ];
      }),
    ) as CommandServicesOf<Aggregates>;
    const vault = module.personalData
      ? await openServiceVault(nc, namespace, context, module.personalData(config))
      : undefined;
    if (vault) stoppers.push(() => vault.close());

    const idempotency = await KvIdempotencyStore.open(nc, namespace);
    const kit: ModuleKit<Schema, Aggregates> = {
      get vault() {
        if (!vault) throw new Error(`${context} reads a vault but declares no personalData`);
        return vault;
      },
      idempotency,
      context,
      config,
      namespace,
      clock,
      logger,
      nc,
      redis,
      store,
      handlers,
      commands,
      commits: (pattern) =>
        commitSource({
          namespace,
          context,
          filterSubject: names.aggregateSubject(namespace, context, pattern),
          upcasters,
        }),
    };

    const projections: ModuleRunner[] = [];
    for (const { projection, source } of module.projections?.(kit) ?? []) {
      const runner: ProjectionRunner<unknown> = await startProjection({
        nc,
        redis,
        namespace,
        projection,
        source,
        logger,
      });
      projections.push({
        status: () => runner.status(),
        caughtUp: () => runner.caughtUp(),
        stop: () => runner.stop(),
      });
      stoppers.push(() => runner.stop());
    }
    const relays: IntegrationRelay[] = [];
    if (module.integration) {
      const relay = await startIntegrationRelay({
        nc,
        namespace,
        context,
        filterSubject: names.aggregateSubject(namespace, context, module.integration.streams),
        source: `/kazi/${context}`,
        map: module.integration.map,
        logger,
      });
      relays.push(relay);
      stoppers.push(() => relay.stop());
    }

    const parts = await module.start(kit);
    for (const runner of parts.runners ?? []) {
      projections.push(runner);
      stoppers.push(() => runner.stop());
    }
    for (const consumer of parts.consumers ?? []) {
      const running = await startConsumer({
        nc,
        namespace,
        stream: names.integrationStream(namespace),
        durableName: consumer.name,
        filterSubject: names.integrationContextSubjects(namespace, consumer.from),
        catalog: consumer.catalog,
        handle: (envelope, delivery) => consumer.handle(envelope, delivery),
        logger,
      });
      stoppers.push(() => running.stop());
    }
    for (const sweep of parts.sweeps ?? []) {
      // One run at a time: a run longer than the interval delays the next instead of overlapping it.
      let running: Promise<unknown> | undefined;
      const timer = setInterval(() => {
        running ??= sweep
          .run()
          .catch((err: unknown) => logger.error({ err, sweep: sweep.name }, 'sweep failed'))
          .finally(() => {
            running = undefined;
          });
      }, sweep.intervalMs);
      timer.unref();
      stoppers.push(async () => {
        clearInterval(timer);
        await running;
      });
    }

    return {
      context,
      service: {
        name: context,
        routes: parts.routes,
        readiness: [projectionsReadiness('projections', projections)],
        metrics: projectionMetrics(context, projections, relays),
      },
      projections,
      exposes: parts.exposes,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
