import {
  ConcurrencyError,
  type Decider,
  type DomainEvent,
  NotFoundError,
  WriteContentionError,
} from '@kazi/core';
import type { CommitMetadata, EventStore, RecordedEvent } from './eventStore.ts';
import { LruCache } from './lruCache.ts';
import type { SnapshotStore } from './snapshotStore.ts';

export interface Loaded<State> {
  state: State;
  /** Number of events in the stream (0 = it does not exist yet). */
  version: number;
  position: number;
  /** Version of the newest snapshot this process knows of for the stream (none: undefined, as 0). */
  snapshotVersion?: number;
}

export interface HandleOptions {
  /** The version the caller's decision was based on; a mismatch is a ConcurrencyError (HTTP 409/412). */
  expectedVersion?: number;
  metadata: CommitMetadata;
  /**
   * Re-run decide on a fresh state after a conflict, at most this many times. Only for commands whose
   * outcome does not depend on what the caller saw (never combined with `expectedVersion`).
   */
  retryOnConflict?: number;
  /**
   * The stream is known to be new (its id was just generated): skip the lookup and append with
   * 'no-stream'. If it exists after all, the append is a ConcurrencyError, never an overwrite.
   */
  newStream?: boolean;
  /**
   * The stream must hold a commit already (the command is about a recorded aggregate): an empty stream is
   * an EmptyStreamError before the caller's version or any rule is looked at.
   */
  existingStream?: boolean;
}

/** A command for a recorded aggregate named a stream with nothing in it (HandleOptions.existingStream). */
export class EmptyStreamError extends NotFoundError {
  constructor(readonly streamName: string) {
    super('stream', streamName);
  }
}

export interface HandleResult<State, Event> {
  state: State;
  version: number;
  position: number;
  events: Event[];
  /** True when this command id had already been stored; `events` is then empty. */
  duplicate: boolean;
}

export interface CommandHandlerConfig<State, Command, Event extends DomainEvent> {
  decider: Decider<State, Command, Event>;
  store: EventStore;
  snapshots?: SnapshotStore;
  /** Bump when the State shape changes: older snapshots are then ignored. */
  stateSchemaVersion: number;
  newId: () => string;
  cacheSize?: number;
  /**
   * A snapshot is written once this many events were appended since the last one (default 8). Between
   * snapshots a load reads only the commits after it, which the store fetches cheaply (the JetStream
   * adapter walks back from the head by each commit's link to the one before).
   */
  snapshotEvery?: number;
  /**
   * Snapshot writes in flight at once (default 32). They are not awaited by the command, so under
   * overload they would pile up; beyond this one is skipped (a later command writes it).
   */
  maxPendingSnapshots?: number;
}

export const DEFAULT_SNAPSHOT_EVERY = 8;
export const DEFAULT_MAX_PENDING_SNAPSHOTS = 32;

/**
 * Load → decide → append with the expected version. Loading is a cache or snapshot hit checked
 * against the stream head; only commits after the snapshot are replayed. A command on a cached stream
 * first tries the cached state with no head lookup (the append's expected version checks it).
 * State must be JSON-serialisable (it is snapshotted as JSON).
 */
export class CommandHandler<State, Command, Event extends DomainEvent> {
  private readonly cache: LruCache<string, Loaded<State>>;
  private pendingSnapshots = 0;

  constructor(private readonly config: CommandHandlerConfig<State, Command, Event>) {
    this.cache = new LruCache(config.cacheSize ?? 10_000);
  }

  /** The pure decision alone, on a given state: lets a caller validate before spending a resource. */
  decide(command: Command, state: State): Event[] {
    return this.config.decider.decide(command, state);
  }

  /**
   * What this process last loaded or appended on the stream, without asking the store: it may be behind
   * (another process's writes). Only for a decision whose append states the version it was based on, which
   * the store then checks; anything it refuses is to be decided again on `load`.
   */
  cached(streamName: string): Loaded<State> | undefined {
    return this.cache.get(streamName);
  }

  async load(streamName: string): Promise<Loaded<State>> {
    const { store, snapshots, decider, stateSchemaVersion } = this.config;
    const head = await store.head(streamName);
    if (!head) return { state: decider.initialState(), version: 0, position: 0 };
    const cached = this.cache.get(streamName);
    if (cached && cached.position === head.position) return cached;
    let base: Loaded<State> | undefined = cached && cached.position < head.position ? cached : undefined;
    if (!base && snapshots) {
      const snap = await snapshots.get(streamName);
      if (snap && snap.schemaVersion === stateSchemaVersion && snap.position <= head.position) {
        base = {
          state: snap.state as State,
          version: snap.version,
          position: snap.position,
          snapshotVersion: snap.version,
        };
      }
    }
    base ??= { state: decider.initialState(), version: 0, position: 0 };
    if (base.position === head.position) return this.remember(streamName, base);
    const last = head.lastCommit;
    // Only the head commit is missing (a one-commit stream, or a snapshot one commit behind): the head
    // lookup already brought it, so no read of the stream at all. Otherwise the commits after the base.
    const tail =
      last && last.length > 0 && head.version - last.length === base.version
        ? { events: last, version: head.version, position: head.position }
        : await store.readStream(streamName, { afterPosition: base.position });
    return this.remember(streamName, {
      state: tail.events.reduce((s, e) => decider.evolve(s, toDomainEvent<Event>(e)), base.state),
      version: tail.version,
      position: tail.position,
      snapshotVersion: base.snapshotVersion,
    });
  }

  async handle(
    streamName: string,
    command: Command,
    options: HandleOptions,
  ): Promise<HandleResult<State, Event>> {
    const attempts = options.expectedVersion === undefined ? 1 + (options.retryOnConflict ?? 0) : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.handleOnce(streamName, command, options);
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        if (attempt < attempts) continue;
        // No version from the caller: they lost to other writers, they did not read a stale record.
        const unversioned = options.expectedVersion === undefined && !options.newStream;
        throw unversioned ? new WriteContentionError(error, attempt) : error;
      }
    }
  }

  private async handleOnce(
    streamName: string,
    command: Command,
    options: HandleOptions,
  ): Promise<HandleResult<State, Event>> {
    const { decider } = this.config;
    const cached = options.newStream ? undefined : this.cache.get(streamName);
    if (cached) {
      const result = await this.tryOnCached(streamName, command, options, cached);
      if (result) return result;
    }
    const current: Loaded<State> = options.newStream
      ? { state: decider.initialState(), version: 0, position: 0 }
      : await this.load(streamName);
    if (options.existingStream && current.version === 0) throw new EmptyStreamError(streamName);
    if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
      throw new ConcurrencyError(streamName, options.expectedVersion, current.version);
    }
    const events = decider.decide(command, current.state);
    if (events.length === 0) return { ...current, events: [], duplicate: false };
    return this.append(streamName, events, options, current);
  }

  /**
   * The cached state, without asking the store for the stream's head first: the append's expected version
   * proves whether the cache was current. Only a decision that appends is taken from it; whatever else —
   * a refusal, nothing to do, another version than the caller expects, a conflict — may come from a stale
   * cache, so it is decided again on a fresh load (undefined).
   */
  private async tryOnCached(
    streamName: string,
    command: Command,
    options: HandleOptions,
    cached: Loaded<State>,
  ): Promise<HandleResult<State, Event> | undefined> {
    if (options.expectedVersion !== undefined && options.expectedVersion !== cached.version) return undefined;
    if (options.existingStream && cached.version === 0) return undefined;
    let events: Event[];
    try {
      events = this.config.decider.decide(command, cached.state);
    } catch {
      return undefined;
    }
    if (events.length === 0) return undefined;
    try {
      return await this.append(streamName, events, options, cached);
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      this.cache.delete(streamName);
      return undefined;
    }
  }

  private async append(
    streamName: string,
    events: Event[],
    options: HandleOptions,
    current: Loaded<State>,
  ): Promise<HandleResult<State, Event>> {
    const { decider, store, newId } = this.config;
    const result = await store.append(
      streamName,
      events.map((e) => ({ id: newId(), type: e.type, data: e.data })),
      {
        expectedVersion: current.version === 0 ? 'no-stream' : current.version,
        metadata: options.metadata,
      },
    );
    if (result.duplicate) {
      const reloaded = await this.load(streamName);
      return { ...reloaded, events: [], duplicate: true };
    }
    const state = events.reduce((s, e) => decider.evolve(s, e), current.state);
    const loaded = {
      state,
      version: result.nextExpectedVersion,
      position: result.position,
      snapshotVersion: current.snapshotVersion,
    };
    this.remember(streamName, loaded);
    return { ...loaded, events, duplicate: false };
  }

  /**
   * Caches what was loaded or appended, and writes a snapshot when enough events came since the last
   * one (so a stream shorter than that never gets one: it loads from its few commits).
   */
  private remember(streamName: string, loaded: Loaded<State>): Loaded<State> {
    const { snapshots, stateSchemaVersion, snapshotEvery = DEFAULT_SNAPSHOT_EVERY } = this.config;
    const maxPending = this.config.maxPendingSnapshots ?? DEFAULT_MAX_PENDING_SNAPSHOTS;
    if (
      snapshots &&
      loaded.version - (loaded.snapshotVersion ?? 0) >= snapshotEvery &&
      this.pendingSnapshots < maxPending
    ) {
      const { state, version, position } = loaded;
      this.pendingSnapshots++;
      // A lost snapshot only costs a longer replay later, never correctness.
      snapshots
        .put(streamName, { state, version, position, schemaVersion: stateSchemaVersion })
        .catch(() => {})
        .finally(() => this.pendingSnapshots--);
      loaded = { ...loaded, snapshotVersion: version };
    }
    this.cache.set(streamName, loaded);
    return loaded;
  }
}

function toDomainEvent<Event extends DomainEvent>(e: RecordedEvent): Event {
  return { type: e.type, data: e.data } as Event;
}
