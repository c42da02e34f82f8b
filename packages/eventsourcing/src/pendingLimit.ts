import { OverloadedError } from '@kazi/core';

export interface PendingLimitOptions {
  /** Named in the OverloadedError and in stats, e.g. "pending NATS publishes". */
  resource: string;
  /** Most operations running at once. */
  maxPending: number;
  /** Most callers waiting for a slot; one more is refused at once with OverloadedError. */
  maxWaiting: number;
  /** Sent back as `Retry-After` when refusing (default 1 s). */
  retryAfterSeconds?: number;
}

export interface PendingLimitStats {
  pending: number;
  waiting: number;
  /** Callers refused since start. */
  refused: number;
  /** Highest `pending` seen since start. */
  peakPending: number;
}

/**
 * A semaphore with a bounded waiting line: at most `maxPending` operations run, at most `maxWaiting`
 * callers wait (first come, first served), and anyone beyond that is refused at once. Nothing queues
 * without bound, and a refused caller can answer 503 instead of holding memory.
 */
export class PendingLimit {
  private pending = 0;
  private peakPending = 0;
  private refused = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly options: PendingLimitOptions) {
    if (!(options.maxPending >= 1))
      throw new RangeError(`${options.resource}: maxPending must be at least 1`);
    if (!(options.maxWaiting >= 0)) throw new RangeError(`${options.resource}: maxWaiting must be 0 or more`);
  }

  /**
   * Runs `work` once a slot is free. With `wait: 'always'` the caller waits however long the line is:
   * for background loops that each have a single operation in flight (their number is the bound).
   */
  async run<T>(work: () => Promise<T>, options: { wait?: 'bounded' | 'always' } = {}): Promise<T> {
    await this.acquire(options.wait ?? 'bounded');
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  stats(): PendingLimitStats {
    return {
      pending: this.pending,
      waiting: this.waiting.length,
      refused: this.refused,
      peakPending: this.peakPending,
    };
  }

  private acquire(wait: 'bounded' | 'always'): Promise<void> {
    if (this.pending < this.options.maxPending && this.waiting.length === 0) {
      this.take();
      return Promise.resolve();
    }
    if (wait === 'bounded' && this.waiting.length >= this.options.maxWaiting) {
      this.refused++;
      return Promise.reject(new OverloadedError(this.options.resource, this.options.retryAfterSeconds));
    }
    return new Promise((resolve) => this.waiting.push(() => resolve()));
  }

  private take(): void {
    this.pending++;
    this.peakPending = Math.max(this.peakPending, this.pending);
  }

  /** Hands the slot straight to the next in line, so a newcomer cannot overtake someone waiting. */
  private release(): void {
    this.pending--;
    const next = this.waiting.shift();
    if (next) {
      this.take();
      next();
    }
  }
}
