import { KaziError } from '@kazi/core';
import { LuaScript, names } from '@kazi/eventsourcing';
import type { Redis } from 'ioredis';

/** Too many wrong PINs for one reference: it answers nobody, with any PIN, until its window passes. */
export class TooManyWrongPinsError extends KaziError {
  readonly kind = 'rate-limited';
  constructor(readonly retryAfterSeconds: number) {
    super(
      'too-many-wrong-pins',
      'too many wrong PINs for this reference; it answers again once the waiting time has passed',
      { retryAfterSeconds },
    );
  }
}

/**
 * Takes one attempt from the reference's allowance. KEYS: counter; ARGV: window in seconds.
 * Returns {attempts in this window, seconds left}. The window starts at the first attempt.
 */
const takeAttempt = new LuaScript(`
local n = redis.call('INCR', KEYS[1])
if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('TTL', KEYS[1])}
`);

/** Gives an attempt back (the PIN was right). Never creates the counter: it may just have expired. */
const giveBack = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('DECR', KEYS[1]) end
return 0
`);

/**
 * Wrong tracking PINs counted per reference, in Redis, across every replica and every client address
 * (the per-address limit alone lets a PIN be guessed from many addresses). An attempt is counted before
 * the PIN is checked and given back when it was right, so parallel guesses cannot slip past the limit
 * while they are being checked. Unknown references are counted too: they answer as a wrong PIN does.
 */
export class PinFailureCounter {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly limit: number,
    private readonly windowSeconds: number,
  ) {}

  /**
   * Runs `check` (true: the PIN was right) unless the reference has used up its allowance; then it
   * throws TooManyWrongPinsError, even for the right PIN.
   */
  async guarded(reference: string, check: () => Promise<boolean>): Promise<boolean> {
    const key = names.redisKey(this.namespace, 'complaints', 'pin-failures', reference);
    const [attempts, ttl] = (await takeAttempt.run(this.redis, [key], [this.windowSeconds])) as [
      number,
      number,
    ];
    if (attempts > this.limit) throw new TooManyWrongPinsError(Math.max(1, ttl));
    let right: boolean;
    try {
      right = await check();
    } catch (error) {
      // An error on our side is not the caller's failure.
      await giveBack.run(this.redis, [key], []).catch(() => {});
      throw error;
    }
    if (right) await giveBack.run(this.redis, [key], []);
    return right;
  }
}
