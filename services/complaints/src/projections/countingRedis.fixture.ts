import type { Redis } from 'ioredis';

/** One Redis command a reader sent, with its arguments (the key first for the commands used here). */
export interface SentCommand {
  name: string;
  args: unknown[];
}

/**
 * A Redis client that records every command sent through it, directly or in a pipeline, so a test can
 * count what a read touched (commands, keys) instead of timing it. Everything else passes through.
 */
export function countingRedis(redis: Redis): { redis: Redis; sent: SentCommand[]; reset(): void } {
  const sent: SentCommand[] = [];
  const commands = new Set(redis.getBuiltinCommands());
  const recording = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value = Reflect.get(object, property, receiver);
        if (typeof value !== 'function' || typeof property !== 'string') return value;
        if (property === 'pipeline' || property === 'multi')
          return (...args: unknown[]) => recording(value.apply(object, args));
        // A pipeline's exec sends what was recorded as it was queued: not a command of its own.
        if (!commands.has(property.toLowerCase()) || property === 'exec') return value.bind(object);
        return (...args: unknown[]) => {
          sent.push({ name: property.toLowerCase(), args });
          const result = value.apply(object, args);
          // Pipelines return themselves for chaining: keep recording what is chained on.
          return result === object ? receiver : result;
        };
      },
    });
  return {
    redis: recording(redis),
    sent,
    reset: () => {
      sent.length = 0;
    },
  };
}
