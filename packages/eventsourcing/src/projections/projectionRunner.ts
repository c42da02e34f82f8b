import { type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Redis } from 'ioredis';
import { GenerationLoop, type LoopContext } from './generationLoop.ts';
import { Generations } from './generations.ts';
import { redisModelStore } from './modelStore.ts';
import {
  type Projection,
  type ProjectionKeys,
  type ProjectionLogger,
  projectionKeys,
  projectionLayout,
  type RedisCommand,
} from './projection.ts';
import type { ProjectionSource } from './sources.ts';

export interface ProjectionRunnerOptions<E> {
  nc: NatsConnection;
  redis: Redis;
  namespace: string;
  projection: Projection<E>;
  source: ProjectionSource<E>;
  logger?: ProjectionLogger;
  /** Most messages applied in one script call (default 100); bounds how long Redis is blocked. */
  batchSize?: number;
  /** Longest a buffered message waits for its batch to fill (default 50 ms). */
  maxBatchDelayMs?: number;
  /** Wait before retrying after an error (default 1 s). */
  retryDelayMs?: number;
  /** A loop behind the head that has heard nothing for this long restarts its consumer (default 5 s). */
  stallCheckMs?: number;
  /** How long a retired generation stays readable after a switch, for readers mid-request (default 5 s). */
  retireGraceMs?: number;
  /** Re-deliver from this position once at start; what is already applied is skipped (idempotency). */
  readFrom?: number;
}

export type ProjectionState = 'running' | 'rebuilding' | 'stopped' | 'failed';

export interface ProjectionStatus {
  name: string;
  version: number;
  /** Live generation, the one readers see. */
  generation: number;
  /** Last position applied to the live generation. */
  position: number;
  /** Last position matching the source's filter (a `last_by_subj` lookup, which takes wildcards on 2.9). */
  headPosition: number;
  /**
   * Stream sequences between position and head: the number of messages behind when the filter covers
   * the whole stream (commit sources), an upper bound otherwise. A commit may hold several events.
   */
  lag: number;
  /** Age difference between the head message and the last applied one; 0 when caught up. */
  secondsBehind: number;
  state: ProjectionState;
  lastError?: string;
  /** The generation being rebuilt, while one is. */
  rebuild?: { generation: number; position: number };
}

const silent: ProjectionLogger = { info() {}, warn() {}, error() {} };

/**
 * Keeps one projection's read model up to date in Redis (design: README.md in this folder). Several
 * replicas may run it at once: the apply script guards every message by position, so each is applied
 * once.
 */
export class ProjectionRunner<E> {
  private readonly generations: Generations;
  private readonly loops = new Map<number, GenerationLoop<E, RedisCommand[]>>();
  /** Loops of generations no longer wanted, still closing their consumers. */
  private readonly retiring = new Set<Promise<void>>();
  private live: GenerationLoop<E, RedisCommand[]> | undefined;
  private build: GenerationLoop<E, RedisCommand[]> | undefined;
  private readonly context: LoopContext<E, RedisCommand[]>;
  private readonly waiters = new Set<() => boolean>();
  private readonly deletions = new Map<number, { now(): void; done: Promise<void> }>();
  private reconciling: Promise<void> = Promise.resolve();
  private readFrom: number | undefined;
  private started = false;
  private stopping = false;
  private switching = false;
  private idleCheck: Promise<void> | undefined;
  private superseded: string | undefined;
  /** Learnt when idle: every message matching the filter up to `streamLast` is at or below `applied`. */
  private coverage: { streamLast: number; applied: number } | undefined;

  static async start<E>(options: ProjectionRunnerOptions<E>): Promise<ProjectionRunner<E>> {
    const runner = new ProjectionRunner(options, await jetstreamManager(options.nc));
    await runner.start();
    return runner;
  }

  private constructor(
    private readonly options: ProjectionRunnerOptions<E>,
    private readonly jsm: JetStreamManager,
  ) {
    const { redis, namespace, projection, source } = options;
    this.generations = new Generations(redis, projectionLayout(namespace, projection.name));
    this.readFrom = options.readFrom;
    this.context = {
      nc: options.nc,
      js: jetstream(options.nc),
      store: redisModelStore(this.generations, projection),
      projection,
      source,
      logger: options.logger ?? silent,
      batchSize: options.batchSize ?? 100,
      maxBatchDelayMs: options.maxBatchDelayMs ?? 50,
      retryDelayMs: options.retryDelayMs ?? 1000,
      stallCheckMs: options.stallCheckMs ?? 5000,
      filteredHead: async () => (await this.head()).position,
      onProgress: (loop) => this.onProgress(loop),
      onRetired: () => void this.reconcile().catch((err) => this.logError(err, 'reconcile failed')),
    };
  }

  private get projection(): Projection<E> {
    return this.options.projection;
  }

  private async start(): Promise<void> {
    this.started = true;
    await this.reconcile();
    // Generations a crashed process retired or abandoned but did not finish deleting.
    for (const generation of await this.generations.stale()) this.deleteLater(generation, 0);
  }

  /** Keys of the live generation; read them per request, a rebuild switches generations. */
  async readKeys(): Promise<ProjectionKeys> {
    return projectionKeys(this.options.redis, this.options.namespace, this.projection.name);
  }

  async status(): Promise<ProjectionStatus> {
    const { generation } = await this.readKeys();
    const [{ position, time }, head] = await Promise.all([
      this.generations.checkpoint(generation),
      this.head(),
    ]);
    const lag = Math.max(0, head.position - position);
    const appliedTime = time ?? head.firstTime;
    const secondsBehind =
      lag > 0 && head.time && appliedTime ? Math.max(0, (head.time - appliedTime) / 1000) : 0;
    const failedLoop = [...this.loops.values()].find((l) => l.failed);
    const lastError = this.superseded ?? failedLoop?.lastError;
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
   * Resolves when the live generation, built by this version, has applied everything up to `position`
   * (default: the head when called). For tests and e2e instead of sleeps.
   */
  async caughtUp(position?: number, options: { timeoutMs?: number } = {}): Promise<void> {
    const target = position ?? (await this.head()).position;
    const timeoutMs = options.timeoutMs ?? 30_000;
    await this.until(
      () => {
        const applied = this.live?.checkpoint ?? -1;
        const coverage = this.coverage;
        return (
          applied >= target || (!!coverage && coverage.streamLast >= target && applied >= coverage.applied)
        );
      },
      timeoutMs,
      () => `${this.projection.name} did not reach position ${target}: at ${this.live?.checkpoint}`,
    );
  }

  /**
   * Rebuilds the model from position 0 into a new generation while the live one keeps serving, switches
   * readers to it once it has caught up with the head, and resolves with its number after the old
   * generation has been deleted.
   */
  async rebuild(options: { timeoutMs?: number } = {}): Promise<number> {
    const claim = await this.generations.beginBuild(this.projection.version);
    if (claim.generation === undefined)
      throw new Error(`a newer version of ${this.projection.name} is rebuilding`);
    if (claim.abandoned > 0) this.deleteLater(claim.abandoned, 0);
    const generation = claim.generation;
    await this.reconcile();
    await this.until(
      () => (this.live?.generation ?? 0) >= generation,
      options.timeoutMs ?? 600_000,
      () => `rebuild of ${this.projection.name} into generation ${generation} did not finish`,
    );
    await Promise.all([...this.deletions.values()].map((d) => d.done));
    return generation;
  }

  /** Applies what is buffered (unless `drain: false`, which behaves like a crash) and stops. */
  async stop(options: { drain?: boolean } = {}): Promise<void> {
    this.stopping = true;
    await this.reconciling;
    await Promise.all([...this.loops.values()].map((loop) => loop.stop(options.drain ?? true)));
    await Promise.all(this.retiring);
    this.loops.clear();
    this.live = this.build = undefined;
    for (const deletion of this.deletions.values()) deletion.now();
    await Promise.all([...this.deletions.values()].map((d) => d.done));
  }

  // ---- internals ----

  private onProgress(loop: GenerationLoop<E, RedisCommand[]>): void {
    if (loop === this.build && loop.idle) void this.trySwitch(loop);
    // The head check costs two JetStream calls: only worth it while someone waits in caughtUp().
    if (loop === this.live && loop.idle && this.waiters.size > 0) this.checkIdle();
    this.notify();
  }

  private notify(): void {
    for (const waiter of this.waiters) waiter();
  }

  private until(test: () => boolean, timeoutMs: number, describe: () => string) {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(describe()));
      }, timeoutMs);
      const waiter = () => {
        if (!test()) return false;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve();
        return true;
      };
      this.waiters.add(waiter);
      if (!waiter()) this.checkIdle();
    });
  }

  /**
   * A position need not be a message of this source (another subject, or an append elsewhere). When the
   * live loop is idle and the filtered head is applied, every matching message up to the stream's last
   * sequence is applied too. Stream info is read before the filtered head, so nothing slips between.
   */
  private checkIdle(): void {
    if (this.idleCheck || !this.live?.idle) return;
    const live = this.live;
    this.idleCheck = (async () => {
      const info = await this.jsm.streams.info(this.options.source.stream);
      const head = await this.head();
      if (head.position <= live.checkpoint && info.state.last_seq > (this.coverage?.streamLast ?? -1)) {
        this.coverage = { streamLast: info.state.last_seq, applied: head.position };
        this.notify();
      }
    })()
      .catch((err) => this.logError(err, 'head check failed'))
      .finally(() => {
        this.idleCheck = undefined;
      });
  }

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

  private async trySwitch(loop: GenerationLoop<E, RedisCommand[]>): Promise<void> {
    if (this.switching || this.stopping) return;
    this.switching = true;
    try {
      const retired = await this.generations.switchTo(loop.generation);
      if (retired > 0) {
        this.context.logger.info(
          { projection: this.projection.name, generation: loop.generation, retired },
          'rebuilt generation is live',
        );
        this.deleteLater(retired, this.options.retireGraceMs ?? 5000);
      }
      await this.reconcile();
    } catch (err) {
      this.logError(err, 'switching generations failed; retrying');
      setTimeout(() => void this.trySwitch(loop), this.context.retryDelayMs).unref();
    } finally {
      this.switching = false;
    }
  }

  /** Runs the loops Redis says this version should run: the live generation and/or a build. */
  private reconcile(): Promise<void> {
    const next = this.reconciling.then(() => this.reconcileNow());
    this.reconciling = next.catch(() => {});
    return next;
  }

  private async reconcileNow(): Promise<void> {
    if (this.stopping) return;
    const version = this.projection.version;
    const state = await this.generations.read(version);
    let live = state.liveVersion === version ? state.current : undefined;
    let build = state.buildingVersion === version ? state.building : undefined;
    const newer = Math.max(state.liveVersion ?? 0, state.buildingVersion ?? 0);
    if (live === undefined && build === undefined) {
      // The live model was built by other code (or lost its meta): rebuild; the old one serves meanwhile.
      const claim = newer > version ? undefined : await this.generations.beginBuild(version);
      if (claim?.abandoned) this.deleteLater(claim.abandoned, 0);
      build = claim?.generation;
    }
    if (live === undefined && build === undefined) {
      this.superseded = `version ${version} is older than version ${newer} in Redis; not running`;
      this.context.logger.error({ projection: this.projection.name }, this.superseded);
      live = build = undefined;
    }
    this.live = this.loopFor(live);
    this.build = this.loopFor(build);
    for (const [generation, loop] of this.loops) {
      if (loop !== this.live && loop !== this.build) {
        this.loops.delete(generation);
        const stopped = loop.stop(false).finally(() => this.retiring.delete(stopped));
        this.retiring.add(stopped);
      }
    }
    this.notify();
    if (this.live?.idle) this.checkIdle();
  }

  private loopFor(generation: number | undefined): GenerationLoop<E, RedisCommand[]> | undefined {
    if (generation === undefined) return undefined;
    let loop = this.loops.get(generation);
    if (!loop || loop.retired) {
      loop = new GenerationLoop(this.context, generation, this.readFrom);
      this.readFrom = undefined;
      this.loops.set(generation, loop);
    }
    return loop;
  }

  /** Deletes a generation after `delayMs`, or at once when the runner stops. */
  private deleteLater(generation: number, delayMs: number): void {
    if (this.deletions.has(generation)) return;
    let now = () => {};
    const waited = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delayMs);
      now = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    const done = waited
      .then(() => this.generations.delete(generation))
      .catch((err) => this.logError(err, `deleting generation ${generation} failed`))
      .finally(() => this.deletions.delete(generation));
    this.deletions.set(generation, { now, done });
  }

  private logError(err: unknown, message: string): void {
    const text = err instanceof Error ? err.message : String(err);
    this.context.logger.error({ projection: this.projection.name, err: text }, message);
  }
}

export function startProjection<E>(options: ProjectionRunnerOptions<E>): Promise<ProjectionRunner<E>> {
  return ProjectionRunner.start(options);
}
