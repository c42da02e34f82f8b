import type { ConsumerMessages, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { ModelStore, StoreEntry } from './modelStore.ts';
import type { ProjectionLogger } from './projection.ts';
import type { ProjectionSource } from './sources.ts';

export interface LoopContext<E, W> {
  nc: NatsConnection;
  js: JetStreamClient;
  /** Where the generations are: Redis (redisModelStore) or PostgreSQL (the oversight reporting store). */
  store: ModelStore<E, W>;
  projection: { readonly name: string };
  source: ProjectionSource<E>;
  logger: ProjectionLogger;
  batchSize: number;
  maxBatchDelayMs: number;
  retryDelayMs: number;
  /** Silence after which a loop behind the head restarts its consumer (see GenerationLoop.restartIfStalled). */
  stallCheckMs: number;
  /** Position of the last message matching the source's filter (0 when none). */
  filteredHead(): Promise<number>;
  /** After every applied batch, and when the loop finds itself at the head. */
  onProgress(loop: GenerationLoop<E, W>): void;
  /** The generation is neither live nor being built any more; the loop has stopped. */
  onRetired(loop: GenerationLoop<E, W>): void;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Feeds one generation of a read model: an ordered consumer from checkpoint + 1 (the store's checkpoint
 * is the truth; no consumer ack state), batches of messages applied with their checkpoint in one step of
 * the store (a script in Redis, a transaction in PostgreSQL). Runs until stopped or retired; on any error
 * it logs, reports failed, waits and re-reads from the stored checkpoint, so an event is never skipped.
 */
export class GenerationLoop<E, W = unknown> {
  /** Last position this loop knows to be applied in the store. */
  checkpoint = 0;
  /** True when the last message applied was the last matching one the server had at that moment. */
  idle = false;
  lastError: string | undefined;
  retired = false;
  private stopping = false;
  private drain = true;
  private buffer: JsMsg[] = [];
  /** The batch being applied (at most one at a time). */
  private applying: Promise<void> = Promise.resolve();
  private bufferSince = 0;
  private messages: ConsumerMessages | undefined;
  private lastDelivery = 0;
  private checkingStall = false;
  private wake: (() => void) | undefined;
  private readonly done: Promise<void>;

  constructor(
    private readonly ctx: LoopContext<E, W>,
    readonly generation: number,
    /** Re-deliver from here instead of the checkpoint; the store skips what is already applied. */
    private readFrom?: number,
  ) {
    this.done = this.run();
  }

  get failed(): boolean {
    return this.lastError !== undefined;
  }

  /** With `drain`, buffered messages are applied first; without, they are dropped (as in a crash). */
  async stop(drain = true): Promise<void> {
    this.stopping = true;
    this.drain = drain;
    this.wake?.();
    // stop(), never close(): nats.js resolves close() only once the iterator has been read to its end,
    // and a consumer made just before the loop saw `stopping` is never read at all (issue 13: stop()
    // during a rebuild hung for good). stop() ends the iteration; `done` says when the loop is out.
    this.messages?.stop();
    await this.done;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.consume();
      } catch (err) {
        if (this.stopping) break;
        this.lastError = errorText(err);
        this.ctx.logger.error(
          { projection: this.ctx.projection.name, generation: this.generation, err: this.lastError },
          'projection failed; retrying from its checkpoint',
        );
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.ctx.retryDelayMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }

  private async consume(): Promise<void> {
    const { js, store, source, batchSize, maxBatchDelayMs } = this.ctx;
    this.checkpoint = (await store.checkpoint(this.generation)).position;
    this.buffer = [];
    const from = Math.min(this.readFrom ?? this.checkpoint, this.checkpoint);
    this.readFrom = undefined;
    const consumer = await js.consumers.get(source.stream, {
      filter_subjects: source.filterSubject,
      opt_start_seq: from + 1,
    });
    if (this.stopping) return;
    // Bounded at 3 × batchSize: one batch being applied, the next decoded and waiting for it, one pulled
    // ahead; nats.js pulls again only as this loop takes messages, so a slow store pauses the loop instead
    // of filling memory (projectionBackpressure spec).
    const messages = await consumer.consume({ max_messages: batchSize });
    this.messages = messages;
    this.lastDelivery = Date.now();
    const watchdog = setInterval(() => void this.restartIfStalled(messages), this.ctx.stallCheckMs);
    watchdog.unref();
    try {
      if (this.stopping) return;
      // With nothing to read, no message would ever tell the loop it is at the head.
      if ((await this.ctx.filteredHead()) <= this.checkpoint) this.reportProgress(true);
      for await (const msg of messages) {
        this.lastDelivery = Date.now();
        if (this.buffer.length === 0) this.bufferSince = Date.now();
        this.buffer.push(msg);
        // pending 0: nothing more is waiting, so flush now rather than wait for a full batch.
        if (
          this.buffer.length >= batchSize ||
          msg.info.pending === 0 ||
          Date.now() - this.bufferSince >= maxBatchDelayMs
        ) {
          await this.flush();
        }
        if (this.retired || (this.stopping && !this.drain)) break;
      }
      if (this.drain && !this.retired) await this.flush();
      await this.applying;
    } finally {
      // A batch still being applied finishes before the loop reads the checkpoint again.
      await this.applying.catch(() => {});
      this.applying = Promise.resolve();
      clearInterval(watchdog);
      this.messages = undefined;
      messages.stop();
    }
  }

  /**
   * A pull consumer can go silent while messages wait (its consumer deleted on the server, or a lost pull
   * request): nats.js notices only by missed heartbeats, ~45 s later. So a loop that has heard nothing
   * for `stallCheckMs` while the head is past its checkpoint ends its consumer; `run` then reads on from
   * the checkpoint with a new one, and what was buffered is applied first.
   */
  private async restartIfStalled(messages: ConsumerMessages): Promise<void> {
    const silent = () => Date.now() - this.lastDelivery >= this.ctx.stallCheckMs;
    if (this.checkingStall || this.stopping || !silent()) return;
    this.checkingStall = true;
    try {
      const head = await this.ctx.filteredHead();
      if (head > this.checkpoint && silent() && this.messages === messages) {
        this.ctx.logger.warn(
          {
            projection: this.ctx.projection.name,
            generation: this.generation,
            checkpoint: this.checkpoint,
            head,
          },
          'projection consumer silent while behind the head; restarting it',
        );
        messages.stop();
      }
    } catch {
      // The head could not be read (NATS unreachable): the next check tries again.
    } finally {
      this.checkingStall = false;
    }
  }

  /**
   * Decodes the buffered messages into the store's writes, then hands them to the store once the batch
   * before is applied, without waiting for this one: the next batch is read and decoded while the store
   * applies this one (on two cores, about the larger of the two costs per event instead of their sum).
   * Batches are still applied one at a time and in order, each with its checkpoint. A batch's failure
   * surfaces at the next flush or at the end of `consume`; a loop waiting for messages stops its
   * consumer to get there.
   */
  private async flush(): Promise<void> {
    const { store, source, nc, logger } = this.ctx;
    const batch = this.buffer.splice(0);
    const last = batch.at(-1);
    if (!last) return;
    const entries: StoreEntry<W>[] = [];
    let failure: unknown;
    for (const msg of batch) {
      try {
        const writes = store.writesOf(this.generation, await source.decode(msg, { nc, logger }));
        entries.push({ position: msg.seq, timeMs: msg.time.getTime(), writes });
      } catch (err) {
        // Apply what came before the bad message, then stop at it: it is retried, never skipped.
        failure = new Error(`position ${msg.seq}: ${errorText(err)}`);
        break;
      }
    }
    await this.applying;
    if (this.retired) return;
    const applying = this.applyBatch(entries, failure, last.info.pending === 0);
    this.applying = applying;
    applying.catch(() => this.messages?.stop());
  }

  private async applyBatch(entries: StoreEntry<W>[], failure: unknown, idle: boolean): Promise<void> {
    const { store } = this.ctx;
    if (entries.length > 0) {
      const { outcome, checkpoint } = await store.apply(this.generation, this.checkpoint, entries);
      if (outcome === 'retired') {
        this.retired = true;
        this.stopping = true;
        this.messages?.stop();
        this.ctx.onRetired(this);
        return;
      }
      if (outcome === 'gap') {
        throw new Error(
          `checkpoint in ${store.name} went back to ${checkpoint} (expected ${this.checkpoint})`,
        );
      }
      this.checkpoint = Math.max(this.checkpoint, checkpoint);
    }
    if (failure) throw failure;
    this.reportProgress(idle);
  }

  private reportProgress(idle: boolean): void {
    this.idle = idle;
    this.lastError = undefined;
    this.ctx.onProgress(this);
  }
}
