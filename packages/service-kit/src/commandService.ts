import { randomUUID } from 'node:crypto';
import {
  type Actor,
  type Clock,
  ConcurrencyError,
  DomainError,
  type DomainEvent,
  NotFoundError,
} from '@kazi/core';
import {
  type CommandHandler,
  type CommitMetadata,
  EmptyStreamError,
  type HandleOptions,
  type HandleResult,
  type Loaded,
} from '@kazi/eventsourcing';
import type { RequestContext } from './requestContext.ts';

/**
 * What a command expects of its aggregate (Eventuous's `On<Command>().InState(…)`):
 * - `new`: a stream under an id just generated (newId): appended as 'no-stream' without a lookup;
 * - `existing`: an id nobody recorded is a NotFoundError (404), whatever the command and whatever
 *   version the caller sent;
 * - `any`: either; the decider says what an empty stream means.
 */
export type ExpectedState = 'new' | 'existing' | 'any';

export interface CommandPolicy {
  state: ExpectedState;
  /**
   * The command adds to the record without depending on what the caller saw (a vetting check, a note,
   * an assignment): when the caller named no version, a write conflict decides it again on the fresh
   * state instead of failing.
   */
  additive?: boolean;
}

/** One policy per command type: a command type without one does not compile. */
export type CommandPolicies<Command extends { type: string }> = {
  readonly [Type in Command['type']]: CommandPolicy;
};

/** A command as a use case writes it: the service fills in who acts (`actor`) and when (`now`). */
export type CommandInput<Command> = Command extends unknown ? Omit<Command, 'actor' | 'now'> : never;

export interface CommandServiceConfig<State, Command extends { type: string }, Event extends DomainEvent> {
  /** Names the aggregate in a NotFoundError ("agency <id> was not found"). */
  aggregate: string;
  handler: CommandHandler<State, Command, Event>;
  /** The stream of one aggregate, e.g. `agency.<id>`. */
  stream: (id: string) => string;
  clock: Clock;
  commands: CommandPolicies<Command>;
}

export interface CommandOptions {
  /** The version the caller's decision was based on (409 when the record moved on). */
  expectedVersion?: number;
  /** When it is decided; by default the clock's now. A use case whose earlier steps used a time passes it. */
  now?: string;
}

/** Scheduled work: a deterministic command id (`<job>:<id>:<key>`), so replicas running it at once store it once. */
export interface ScheduledRun {
  job: string;
  key: string;
  now: string;
}

export interface CommandResult<State, Event> extends HandleResult<State, Event> {
  id: string;
}

/** Write conflicts an additive command absorbs before its caller is told to send it again. */
const ADDITIVE_RETRIES = 5;
/** Scheduled work races other replicas doing the same: a few retries settle it. */
const SCHEDULED_RETRIES = 3;

/**
 * The application service of one aggregate type, declared rather than written: each command type says
 * which state it expects and whether it is additive (CommandPolicies), and the service does the rest
 * around the CommandHandler's load → decide → append — the actor and time of the command, the commit
 * metadata (fresh command id, actor, correlation and causation ids), the 404 for an unknown id, the
 * retry of additive commands. A use case that only builds a command is one call to `handle`.
 */
export class CommandService<State, Command extends { type: string }, Event extends DomainEvent> {
  constructor(private readonly config: CommandServiceConfig<State, Command, Event>) {}

  /** The id of a new aggregate; taken before a use case's first step, which may already need it. */
  newId(): string {
    return randomUUID();
  }

  now(): string {
    return this.config.clock.now().toISOString();
  }

  stream(id: string): string {
    return this.config.stream(id);
  }

  /** Who acts, as commands and events record them. */
  actorOf(context: RequestContext): Actor {
    return { sub: context.user.sub, name: context.user.name };
  }

  /** The metadata of a commit this request causes; also for other aggregates a use case writes to. */
  metadata(context: RequestContext, now: string): CommitMetadata {
    return {
      commandId: randomUUID(),
      actor: context.user.sub,
      correlationId: context.correlationId,
      causationId: context.requestId,
      time: now,
    };
  }

  async handle(
    id: string,
    input: CommandInput<Command>,
    context: RequestContext,
    options: CommandOptions = {},
  ): Promise<CommandResult<State, Event>> {
    const now = options.now ?? this.now();
    const command = this.stamp(input, context, now);
    const policy = this.policyOf(command);
    const { expectedVersion } = options;
    return this.run(id, command, policy, {
      expectedVersion,
      metadata: this.metadata(context, now),
      newStream: policy.state === 'new',
      existingStream: policy.state === 'existing',
      retryOnConflict: policy.additive && expectedVersion === undefined ? ADDITIVE_RETRIES : 0,
    });
  }

  /** A command of scheduled work (a sweep), acting as `system:<job>`. */
  handleScheduled(id: string, command: Command, run: ScheduledRun): Promise<CommandResult<State, Event>> {
    const policy = this.policyOf(command);
    return this.run(id, command, policy, {
      existingStream: policy.state === 'existing',
      metadata: {
        commandId: `${run.job}:${id}:${run.key}`,
        actor: `system:${run.job}`,
        correlationId: randomUUID(),
        time: run.now,
      },
      retryOnConflict: SCHEDULED_RETRIES,
    });
  }

  /** The aggregate as stored; version 0 when nothing was recorded under `id`. */
  load(id: string): Promise<Loaded<State>> {
    return this.config.handler.load(this.config.stream(id));
  }

  /**
   * The aggregate as this process last saw it, without a round trip; undefined when it has not seen it.
   * It may be behind the store: a use case that decides on it appends with the version it was based on
   * (`expectedVersion`), and decides again on `existing` whenever that, or a rule, refuses.
   */
  cached(id: string): Loaded<State> | undefined {
    return this.config.handler.cached(this.config.stream(id));
  }

  /**
   * A recorded aggregate, for a read or a use case's own checks: 404 for an unknown id before any rule is
   * looked at, then 409 if the caller's version (when given) is not the current one.
   */
  async existing(id: string, expectedVersion?: number): Promise<Loaded<State>> {
    const loaded = await this.load(id);
    if (loaded.version === 0) throw new NotFoundError(this.config.aggregate, id);
    if (expectedVersion !== undefined && expectedVersion !== loaded.version)
      throw new ConcurrencyError(this.config.stream(id), expectedVersion, loaded.version);
    return loaded;
  }

  /** The decision alone, on a given state: refuses (throws) before a use case spends a resource. */
  decide(input: CommandInput<Command>, state: State, context: RequestContext, now = this.now()): Event[] {
    return this.config.handler.decide(this.stamp(input, context, now), state);
  }

  private stamp(input: CommandInput<Command>, context: RequestContext, now: string): Command {
    return { ...input, actor: this.actorOf(context), now } as unknown as Command;
  }

  private policyOf(command: Command): CommandPolicy {
    return this.config.commands[command.type as Command['type']];
  }

  private async run(
    id: string,
    command: Command,
    policy: CommandPolicy,
    options: HandleOptions,
  ): Promise<CommandResult<State, Event>> {
    try {
      return { id, ...(await this.config.handler.handle(this.config.stream(id), command, options)) };
    } catch (error) {
      if (policy.state === 'existing' && (await this.namesNothing(id, error)))
        throw new NotFoundError(this.config.aggregate, id);
      throw error;
    }
  }

  /**
   * Whether a refusal only says the id names nothing: a version mismatch against an empty stream, or the
   * domain's not-found — when the stream is indeed empty (a not-found about a part of a recorded
   * aggregate, e.g. one of its directors, keeps its own answer).
   */
  private async namesNothing(id: string, error: unknown): Promise<boolean> {
    if (error instanceof EmptyStreamError) return true;
    if (error instanceof ConcurrencyError) return error.actual === 0;
    if (error instanceof DomainError && error.kind === 'not-found')
      return (await this.load(id)).version === 0;
    return false;
  }
}
