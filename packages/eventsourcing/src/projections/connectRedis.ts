import { OverloadedError } from '@kazi/core';
import type { ChainableCommander } from 'ioredis';
import { Redis } from 'ioredis';

export interface RedisLimits {
  /**
   * Commands sent and not yet answered, waiting for a connection, or gathered for the next automatic
   * pipeline, together (default 10 000). A command or pipeline that would go over is refused with
   * OverloadedError (HTTP 503) instead of queued, so a slow or unreachable Redis cannot grow memory.
   */
  maxQueuedCommands: number;
}

export const DEFAULT_REDIS_LIMITS: RedisLimits = { maxQueuedCommands: 10_000 };

const RESOURCE = 'queued Redis commands';

/**
 * ioredis queues every command until Redis answers (and, while disconnected, until it is back), without
 * limit. This client counts those queues and refuses a command that would go over; a pipeline is
 * refused whole before any of it is written, never in part.
 */
export class BoundedRedis extends Redis {
  constructor(
    url: string,
    private readonly limits: RedisLimits,
  ) {
    super(url, { maxRetriesPerRequest: 3, lazyConnect: true, enableAutoPipelining: true });
  }

  /** What the client holds for Redis now: the limit applies to this. */
  get queuedCommands(): number {
    // offlineQueue is private in the typings but public at run time; it is what a disconnected client fills.
    const offline = (this as unknown as { offlineQueue: { length: number } }).offlineQueue.length;
    return this.commandQueue.length + offline + this.autoPipelineQueueSize;
  }

  /** True when one more command would go over the limit (checked where each command enters). */
  get full(): boolean {
    return this.queuedCommands >= this.limits.maxQueuedCommands;
  }

  override pipeline(commands?: unknown[][]): ChainableCommander {
    const pipeline = super.pipeline(commands);
    const exec = pipeline.exec.bind(pipeline);
    const over = () => this.queuedCommands + pipeline.length > this.limits.maxQueuedCommands;
    pipeline.exec = ((callback?: (err: Error | null, results?: unknown) => void) => {
      if (!over()) return exec(callback as never);
      const refused = Promise.reject(new OverloadedError(RESOURCE));
      if (!callback) return refused;
      // The automatic pipeline passes a callback and ignores the promise.
      refused.catch((err: Error) => callback(err));
      return refused.catch(() => null);
    }) as typeof pipeline.exec;
    return pipeline;
  }
}

// Every command method (`get`, `getBuffer`, `evalsha`, `call`, …) checks the limit before ioredis sees the
// command: an automatic pipeline gathers commands while the previous one awaits its replies, so a check
// at sending time would come too late.
const commandMethods = [
  ...new Redis({ lazyConnect: true }).getBuiltinCommands().flatMap((c) => [c, `${c}Buffer`]),
  'call',
  'callBuffer',
];
for (const name of commandMethods) {
  const original = (Redis.prototype as unknown as Record<string, unknown>)[name];
  if (typeof original !== 'function') continue;
  Object.defineProperty(BoundedRedis.prototype, name, {
    configurable: true,
    writable: true,
    value(this: BoundedRedis, ...args: unknown[]) {
      if (!this.full) return original.apply(this, args);
      const refused = new OverloadedError(RESOURCE);
      const callback = args.at(-1);
      if (typeof callback === 'function') {
        process.nextTick(callback, refused);
        return Promise.resolve();
      }
      return Promise.reject(refused);
    },
  });
}

/**
 * The Redis client of a service's read models. Commands issued in the same tick go out in one write
 * (auto-pipelining: under load the projections' scripts and the queries share round trips); a command
 * fails after three reconnect attempts instead of waiting forever, and what the client holds for Redis
 * is bounded (RedisLimits). Fails fast when Redis is not there at start, like `connectNats`; once
 * connected, it reconnects forever.
 */
export async function connectRedis(url: string, limits: Partial<RedisLimits> = {}): Promise<Redis> {
  const redis = new BoundedRedis(url, { ...DEFAULT_REDIS_LIMITS, ...limits });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect(); // otherwise it keeps reconnecting in the background
    throw error;
  }
  return redis;
}
