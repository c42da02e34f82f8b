import {
  GenerationLoop,
  type LoopContext,
  type ProjectionLogger,
  type ProjectionSource,
  type ProjectionState,
  type ProjectionStatus,
} from '@kazi/eventsourcing';
import { type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Pool } from 'pg';
import { PgGenerations, pgModelStore } from './pgGenerations.ts';
import type { PgProjection } from './pgProjection.ts';

export interface PgProjectionRunnerOptions<E> {
  nc: NatsConnection;
  pool: Pool;
  projection: PgProjection<E>;
  source: ProjectionSource<E>;
  logger?: ProjectionLogger;
  /**
   * Most messages applied in one transaction (default 2,000): bounds how long a transaction holds locks
   * and what a batch's set-based statements hold in memory; large enough that their fixed cost is spread.
   */
  batchSize?: number;
  /** Longest a buffered message waits for its batch to fill (default 50 ms). */
  maxBatchDelayMs?: number;
  /** Wait before retrying after an error (default 1 s). */
  retryDelayMs?: number;
  /** A loop behind the head that has heard nothing for this long restarts its consumer (default 5 s). */
  stallCheckMs?: number;
  /** How long a retired generation's schema stays after a switch, for readers mid-query (default 30 s). */
  retireGraceMs?: number;
  /** Longest a switch or a drop waits for readers' locks before retrying (default 5 s). */
  lockTimeoutMs?: number;
  /** Re-deliver from this position once at start; what is already applied is skipped (idempotency). */
  readFrom?: number;
}

const silent: ProjectionLogger = { info() {}, warn() {}, error() {} };

/**
 * Keeps one projection of the reporting store up to date in PostgreSQL: the same design as the Redis
 * ProjectionRunner of @kazi/eventsourcing (generations, rebuild while the old one serves, a switch in
 * one step), with a SQL transaction where that one has a Lua script. Its status has the same shape, so
 * metrics and the projections route treat both alike. Several replicas may run it: each batch locks its
 * generation's row, so a message is applied once.
 */
export class PgProjectionRunner<E> {
  readonly generations: PgGenerations;
  private readonly loops = new Map<number, GenerationLoop<E, E[]>>();
  private readonly retiring = new Set<Promise<void>>();
  private live: GenerationLoop<E, E[]> | undefined;
  private build: GenerationLoop<E, E[]> | undefined;
  private readonly context: LoopContext<E, E[]>;
  private readonly waiters = new Set<() => boolean>();
  private readonly drops = new Map<number, { now(): void; done: Promise<void> }>();
  private reconciling: Promise<void> = Promise.resolve();
  private readFrom: number | undefined;
  private started = false;
  private stopping = false;
  private switching = false;
  /** The newest generation this runner switched live: a stop right after the switch still finishes it. */
  private switchedTo = 0;
  /** The switch under way (stop() waits for it, so its drop is known) and its retry after a failure. */
  private switchInFlight: Promise<void> = Promise.resolve();
  private switchRetry: NodeJS.Timeout | undefined;
  private stopped: Promise<void> | undefined;
  private dropsClosed = false;
  private superseded: string | undefined;

  static async start<E>(options: PgProjectionRunnerOptions<E>): Promise<PgProjectionRunner<E>> {
    const runner = new PgProjectionRunner(options, await jetstreamManager(options.nc));
    await runner.start();
    return runner;
  }

  private constructor(
    private readonly options: PgProjectionRunnerOptions<E>,
    private readonly jsm: JetStreamManager,
  ) {
    this.generations = new PgGenerations(
      options.pool,
      options.projection as PgProjection<unknown>,
      options.lockTimeoutMs ?? 5000,
    );
    this.readFrom = options.readFrom;
    this.context = {
      nc: options.nc,
      js: jetstream(options.nc),
      store: pgModelStore<E>(this.generations),
      projection: options.projection,
      source: options.source,
      logger: options.logger ?? silent,
      batchSize: options.batchSize ?? 2000,
      maxBatchDelayMs: options.maxBatchDelayMs ?? 50,
      retryDelayMs: options.retryDelayMs ?? 1000,
      stallCheckMs: options.stallCheckMs ?? 5000,
      filteredHead: async () => (await this.head()).position,
      onProgress: (loop) => this.onProgress(loop),
      onRetired: () => void this.reconcile().catch((err) => this.logError(err, 'reconcile failed')),
    };
  }

  private get projection(): PgProjection<E> {
    return this.options.projection;
  }

  private async start(): Promise<void> {
    this.started = true;
    await this.reconcile();
    // Generations a crashed process retired but did not drop.
    for (const generation of await this.generations.retired()) this.dropLater(generation, 0);
  }

  /** The schema readers that address tables directly should use now (the views follow it by themselves). */
  async liveSchema(): Promise<string | undefined> {
    const generation = await this.generations.liveGeneration();
    return generation === undefined ? undefined : this.generations.schemaOf(generation);
  }

  async status(): Promise<ProjectionStatus> {
    const generation = (await this.generations.liveGeneration()) ?? 0;
    const [{ position, time }, head] = await Promise.all([
      this.generations.checkpoint(generation),
      this.head(),
    ]);
    const lag = Math.max(0, head.position - position);
    const appliedTime = time ?? head.firstTime;
    const secondsBehind =
      lag > 0 && head.time && appliedTime ? Math.max(0, (head.time - appliedTime) / 1000) : 0;
    const lastError = this.superseded ?? [...this.loops.values()].find((loop) => loop.failed)?.lastError;
    const state: ProjectionState =
      !this.started || this.stopping
        ? 'stopped'
        : lastError
          ? 'failed'
          : this.build
            ? 'rebuilding'
            : 'running';
    return {
      name: this.projection.name,
      version: this.projection.version,
      generation,
      position,
      headPosition: head.position,
      lag,
      secondsBehind,
      state,
      ...(lastError ? { lastError } : {}),
      ...(this.build
        ? { rebuild: { generation: this.build.generation, position: this.build.checkpoint } }
        : {}),
    };
  }

  /**
   * Resolves when the live generation, built by this version, has committed everything up to `position`
   * (default: the head when called). For tests and e2e instead of sleeps.
   */
  async caughtUp(position?: number, options: { timeoutMs?: number } = {}): Promise<void> {
    const target = position ?? (await this.head()).position;
    await this.until(
      () => (this.live?.checkpoint ?? -1) >= target,
      options.timeoutMs ?? 30_000,
      () => `${this.projection.name} did not reach position ${target}: at ${this.live?.checkpoint}`,
    );
  }

  /**
   * Starts rebuilding the model from position 0 into a new generation while the live one keeps
   * serving; `finished` resolves when the new one is live and the old one dropped. A rebuild already
   * under way for this version is joined, not restarted.
   */
  async startRebuild(
    options: { timeoutMs?: number } = {},
  ): Promise<{ generation: number; finished: Promise<void> }> {
    if (this.stopping) throw new Error(`${this.projection.name} is stopped; it cannot rebuild`);
    const claim = await this.generations.beginBuild(this.projection.version);
    if (claim.generation === undefined)
      throw new Error(`a newer version of ${this.projection.name} is rebuilding`);
    for (const abandoned of claim.abandoned) this.dropLater(abandoned, 0);
    const generation = claim.generation;
    await this.reconcile();
    const finished = this.until(
      () => Math.max(this.live?.generation ?? 0, this.switchedTo) >= generation,
      options.timeoutMs ?? 600_000,
      () => `rebuild of ${this.projection.name} into generation ${generation} did not finish`,
    ).then(async () => {
      await Promise.all([...this.drops.values()].map((drop) => drop.done));
    });
    return { generation, finished };
  }

  /** Rebuilds (see startRebuild) and resolves with the new generation once it is live and the old dropped. */
  async rebuild(options: { timeoutMs?: number } = {}): Promise<number> {
    const { generation, finished } = await this.startRebuild(options);
    await finished;
    return generation;
  }

  /**
   * Applies what is buffered (unless `drain: false`, which behaves like a crash) and stops; returns
   * once those transactions commit, in every state (running, rebuilding, failing and waiting to retry,
   * switching or dropping behind a reader's lock). What it leaves in the database:
   * - the live generation as its last batch committed it;
   * - a rebuild under way stays `building` with its checkpoint: the next start finds it (plan) and
   *   resumes it from there; a switch waiting for readers' locks is cancelled, rolled back whole, and
   *   tried again once that build is caught up after the next start;
   * - a retired generation in its grace period is dropped now (one try: a drop that cannot have its
   *   locks is cancelled, and the next start drops what is still retired).
   * Waits on this runner (caughtUp, a rebuild's `finished`) that are not met by then fail, saying so.
   */
  stop(options: { drain?: boolean } = {}): Promise<void> {
    this.stopped ??= this.stopNow(options.drain ?? true);
    return this.stopped;
  }

  private async stopNow(drain: boolean): Promise<void> {
    this.stopping = true;
    clearTimeout(this.switchRetry);
    this.notify();
    // A switch or drop queued behind a long report would hold stop() (and the pool's end) for up to
    // lockTimeoutMs; both roll back whole when cancelled.
    await this.generations.interrupt();
    await this.reconciling;
    await Promise.all([...this.loops.values()].map((loop) => loop.stop(drain)));
    await Promise.all(this.retiring);
    await this.settleOrInterrupt(this.switchInFlight, 100);
    this.loops.clear();
    this.live = this.build = undefined;
    this.dropsClosed = true;
    for (const drop of this.drops.values()) drop.now();
    // A drop is given a second to finish; one queued behind a reader's lock is then cancelled (it tries
    // once when stopping) and left for the next start.
    await this.settleOrInterrupt(Promise.all([...this.drops.values()].map((drop) => drop.done)), 1000);
  }

  /**
   * Waits `patienceMs` for `work` (a switch or drops), then cancels what PgGenerations has under way,
   * again every 100 ms: the first cancel may come while the work is still connecting, before its query.
   */
  private async settleOrInterrupt(work: Promise<unknown>, patienceMs: number): Promise<void> {
    for (let wait = patienceMs; !(await settlesWithin(work, wait)); wait = 100) {
      await this.generations.interrupt();
    }
  }

  // ---- internals ----

  private onProgress(loop: GenerationLoop<E, E[]>): void {
    if (loop === this.build && loop.idle) this.trySwitch(loop);
    this.notify();
  }

  private notify(): void {
    for (const waiter of this.waiters) waiter();
  }

  private until(test: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(describe()));
      }, timeoutMs);
      const waiter = () => {
        const met = test();
        if (!met && !this.stopping) return false;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        if (met) resolve();
        else reject(new Error(`${this.projection.name} runner stopped: ${describe()}`));
        return true;
      };
      this.waiters.add(waiter);
      waiter();
    });
  }

  /** The last message matching the source's filter (`last_by_subj` takes wildcards on 2.9.10). */
  private async head(): Promise<{ position: number; time?: number; firstTime?: number }> {
    const { stream, filterSubject } = this.options.source;
    const [info, last] = await Promise.all([
      this.jsm.streams.info(stream),
      this.jsm.streams.getMessage(stream, { last_by_subj: filterSubject }),
    ]);
    return {
      position: last?.seq ?? 0,
      time: last?.time.getTime(),
      firstTime: info.state.first_ts ? Date.parse(info.state.first_ts) : undefined,
    };
  }

  private trySwitch(loop: GenerationLoop<E, E[]>): void {
    if (this.switching || this.stopping) return;
    this.switching = true;
    this.switchInFlight = this.switchNow(loop).finally(() => {
      this.switching = false;
    });
  }

  private async switchNow(loop: GenerationLoop<E, E[]>): Promise<void> {
    try {
      // The indexes a build was created without, before it serves readers. Built while the build's
      // batches wait: if the stream moved on meanwhile, the build catches up and its next idle batch
      // switches, so readers never see the model step back.
      const created = await this.generations.completeBuild(loop.generation);
      if (created > 0 && loop.checkpoint < (await this.head()).position) return;
      const retired = await this.generations.switchTo(loop.generation);
      // Live (by this switch or another replica's): the rebuild is done even if a stop comes before
      // reconcile() follows the switch. -1: abandoned meanwhile, not live.
      if (retired >= 0) {
        this.switchedTo = Math.max(this.switchedTo, loop.generation);
        this.notify();
      }
      if (retired > 0) {
        this.context.logger.info(
          { projection: this.projection.name, generation: loop.generation, retired },
          'rebuilt reporting generation is live',
        );
        this.dropLater(retired, this.options.retireGraceMs ?? 30_000);
      }
      await this.reconcile();
    } catch (err) {
      // Most often a reader's lock outlasted lock_timeout: the build keeps running and tries again.
      if (this.stopping) {
        this.logError(err, 'switching generations stopped; the next start switches');
        return;
      }
      this.logError(err, 'switching generations failed; retrying');
      this.switchRetry = setTimeout(() => this.trySwitch(loop), this.context.retryDelayMs);
      this.switchRetry.unref();
    }
  }

  /** Runs the loops the database says this version should run: the live generation and/or a build. */
  private reconcile(): Promise<void> {
    const next = this.reconciling.then(() => this.reconcileNow());
    this.reconciling = next.catch(() => {});
    return next;
  }

  private async reconcileNow(): Promise<void> {
    if (this.stopping) return;
    const plan = await this.generations.plan(this.projection.version);
    for (const abandoned of plan.abandoned) this.dropLater(abandoned, 0);
    if (plan.superseded) {
      this.superseded = plan.superseded;
      this.context.logger.error({ projection: this.projection.name }, plan.superseded);
    }
    this.live = this.loopFor(plan.live);
    this.build = this.loopFor(plan.build);
    for (const [generation, loop] of this.loops) {
      if (loop !== this.live && loop !== this.build) {
        this.loops.delete(generation);
        const stopped = loop.stop(false).finally(() => this.retiring.delete(stopped));
        this.retiring.add(stopped);
      }
    }
    this.notify();
  }

  private loopFor(generation: number | undefined): GenerationLoop<E, E[]> | undefined {
    if (generation === undefined) return undefined;
    let loop = this.loops.get(generation);
    if (!loop || loop.retired) {
      loop = new GenerationLoop(this.context, generation, this.readFrom);
      this.readFrom = undefined;
      this.loops.set(generation, loop);
    }
    return loop;
  }

  /** Drops a generation's schema after `delayMs` (or at once when the runner stops); retried on a lock timeout. */
  private dropLater(generation: number, delayMs: number): void {
    if (this.drops.has(generation)) return;
    // Too late for this process (stop() has dropped what it knew of): the next start drops it.
    if (this.dropsClosed) return;
    let now = () => {};
    const wait = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        now = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    const attempt = async (): Promise<void> => {
      for (let tries = 1; ; tries++) {
        try {
          await this.generations.drop(generation);
          return;
        } catch (err) {
          this.logError(err, `dropping generation ${generation} failed`);
          if (this.stopping || tries >= 5) return;
          await wait(this.context.retryDelayMs);
        }
      }
    };
    const done = wait(delayMs)
      .then(attempt)
      .finally(() => this.drops.delete(generation));
    this.drops.set(generation, { now: () => now(), done });
  }

  private logError(err: unknown, message: string): void {
    const text = err instanceof Error ? err.message : String(err);
    this.context.logger.error({ projection: this.projection.name, err: text }, message);
  }
}

/** True when `promise` settles within `ms`, false when it is still pending then. */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = promise.then(
    () => true,
    () => true,
  );
  return Promise.race([settled, late]).finally(() => clearTimeout(timer));
}

export function startPgProjection<E>(options: PgProjectionRunnerOptions<E>): Promise<PgProjectionRunner<E>> {
  return PgProjectionRunner.start(options);
}
