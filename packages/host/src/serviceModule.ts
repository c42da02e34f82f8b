import type { IntegrationEventCatalog } from '@kazi/contracts';
import type { Clock, Decider, DomainEvent, Upcasters } from '@kazi/core';
import type {
  CommandHandler,
  EventStore,
  Projection,
  ProjectionSource,
  ProjectionStatus,
  RecordedEvent,
} from '@kazi/eventsourcing';
import type { Delivery, Envelope, IntegrationMapping } from '@kazi/messaging';
import type { PersonalDataVault } from '@kazi/personal-data';
import type {
  CommandPolicies,
  CommandService,
  Config,
  IdempotencyStore,
  ServiceApp,
} from '@kazi/service-kit';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { z } from 'zod';

/**
 * One aggregate type of a module: the host gives the module a CommandHandler for it and, when the
 * declaration names its stream category and command policies, a CommandService (new / existing / any,
 * additive retry, actor, time, metadata, 404 for an unknown id) — a use case is then one `handle` call.
 */
export interface AggregateDeclaration<State, Command, Event extends DomainEvent> {
  decider: Decider<State, Command, Event>;
  /** Bump when the state's shape changes: older snapshots are then ignored and replayed instead. */
  stateSchemaVersion: number;
  /** Keep snapshots (in the context's KV bucket) for aggregates with long streams. */
  snapshots?: boolean;
  /** The aggregate's name (in a 404) and stream category: an aggregate's stream is `<category>.<id>`. */
  category?: string;
  /** One policy per command type (CommandService). */
  commands?: CommandPolicies<Extract<Command, { type: string }>>;
}

// biome-ignore lint/suspicious/noExplicitAny: a record of declarations of unrelated state, command and event types.
export type AggregateDeclarations = Record<string, AggregateDeclaration<any, any, any>>;

/** The CommandHandler of each declared aggregate, under the declaration's key. */
export type HandlersOf<A extends AggregateDeclarations> = {
  [K in keyof A]: A[K] extends AggregateDeclaration<infer State, infer Command, infer Event>
    ? CommandHandler<State, Command, Event>
    : never;
};

/** The CommandService of each aggregate declared with a category and command policies. */
export type CommandServicesOf<A extends AggregateDeclarations> = {
  [K in keyof A as A[K] extends { category: string; commands: object }
    ? K
    : never]: A[K] extends AggregateDeclaration<infer State, infer Command, infer Event>
    ? CommandService<State, Extract<Command, { type: string }>, Event>
    : never;
};

/** A read model the module keeps, and where its messages come from. */
export interface ProjectionDeclaration {
  // biome-ignore lint/suspicious/noExplicitAny: projections of commits and of integration events alike.
  projection: Projection<any>;
  // biome-ignore lint/suspicious/noExplicitAny: the source's message type matches its projection's.
  source: ProjectionSource<any>;
}

/** Scheduled work every replica may run (its commands are idempotent per key): one timer per sweep. */
export interface Sweep {
  /** Names it in the log line of a failed run. */
  name: string;
  intervalMs: number;
  run(): Promise<unknown>;
}

/** What the host built for a module, before the module builds its own parts. */
export interface ModuleKit<Schema extends z.ZodObject, Aggregates extends AggregateDeclarations> {
  context: string;
  config: Config<Schema>;
  namespace: string;
  clock: Clock;
  logger: Logger;
  nc: NatsConnection;
  redis: Redis;
  /** The context's event store (its own JetStream stream), with the module's upcasters. */
  store: EventStore;
  handlers: HandlersOf<Aggregates>;
  commands: CommandServicesOf<Aggregates>;
  /** The module's personal-data vault (a key bucket of its own); reading it without `personalData` throws. */
  readonly vault: PersonalDataVault;
  /** First responses of idempotent requests (Idempotency-Key, a client's updateId), kept 48 hours. */
  idempotency: IdempotencyStore;
  /** Commits of this context's streams matching `pattern` (e.g. `agency.>`), upcast: a projection source. */
  commits(pattern: string): ProjectionSource<RecordedEvent>;
}

/**
 * A reaction to another context's integration events that changes this module's records (a complaint
 * referred to an attaché opens a case): a durable consumer every replica shares, its failures retried and
 * then dead-lettered. `handle` must be idempotent (redelivery), e.g. by a command id derived from the
 * envelope id or by a stream id derived from the event's subject.
 */
export interface ConsumerDeclaration {
  /** The durable consumer's name, after its purpose: `<context>-<what it does>`. */
  name: string;
  /** The publishing context, e.g. `complaints`: its events' subjects are the one filter (nats-server 2.9). */
  from: string;
  /** Validates each event against its schema; an event it does not know is dead-lettered. */
  catalog: IntegrationEventCatalog;
  handle(envelope: Envelope, delivery: Delivery): Promise<void>;
}

/**
 * Something a module started itself that keeps a model up to date from a log (e.g. a PostgreSQL projection):
 * the host reports its status with the Redis projections' (readiness, metrics, caughtUp) and stops it.
 */
export interface ModuleRunner {
  status(): Promise<ProjectionStatus>;
  /** Resolves when everything published so far is applied (tests, and waiting after a rebuild). */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

/** What the module builds on the kit: its routes, its sweeps and what it shows the host's callers. */
export interface ModuleParts<Exposed> {
  routes(scope: ServiceApp): void | Promise<void>;
  sweeps?: Sweep[];
  consumers?: ConsumerDeclaration[];
  /** Runners the module started in `start`; the host stops them first, before what it built itself. */
  runners?: ModuleRunner[];
  /** Parts a test or a tool reaches through the running host (an App, a vault). */
  exposes: Exposed;
}

/**
 * A bounded context as the host runs it: declared, not wired by hand. The host connects the
 * infrastructure, builds the store, snapshots, handlers, vault, projections and integration relay the
 * declaration names, calls `start` for the module's own parts, runs its sweeps and stops it all in order.
 */
export interface ServiceModule<
  Schema extends z.ZodObject = z.ZodObject,
  Aggregates extends AggregateDeclarations = AggregateDeclarations,
  Exposed = unknown,
> {
  /** e.g. 'agency-registry': names its stream, buckets, durable consumers, logs, metrics and docs tag. */
  context: string;
  /** The module's configuration, read from the environment (it extends the host's base schema). */
  configSchema: Schema;
  /** Old event versions read as current ones, by the store and by every commit projection. */
  upcasters?: Upcasters;
  aggregates: Aggregates;
  /** The master key of the module's personal-data vault; omit for a module that holds no personal data. */
  personalData?: (config: Config<Schema>) => string;
  projections?: (kit: ModuleKit<Schema, Aggregates>) => ProjectionDeclaration[];
  /**
   * The gateway from the module's domain events to its integration events: commits on subjects matching
   * `streams` (e.g. `agency.>`) are mapped by `map` and published by the context's relay.
   */
  integration?: { streams: string; map(event: RecordedEvent): IntegrationMapping[] };
  start(kit: ModuleKit<Schema, Aggregates>): ModuleParts<Exposed> | Promise<ModuleParts<Exposed>>;
}

/** Declares a module (identity at run time; it lets TypeScript infer the aggregates' and parts' types). */
export function defineModule<Schema extends z.ZodObject, Aggregates extends AggregateDeclarations, Exposed>(
  module: ServiceModule<Schema, Aggregates, Exposed>,
): ServiceModule<Schema, Aggregates, Exposed> {
  return module;
}
