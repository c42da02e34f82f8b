import { readHashesScript } from '@kazi/eventsourcing';
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
          const name = property.toLowerCase();
          const readingRows = name === 'evalsha' && args[0] === readHashesScript.sha;
          if (!readingRows) sent.push({ name, args });
          const result = value.apply(object, args);
          // readHashes reads its rows in one script: each key it names is one HGETALL, as it used to be sent
          // (counted once answered, so a first call that had to load the script is not counted twice).
          if (readingRows)
            (result as Promise<unknown>).then(
              () => {
                for (const key of args.slice(2)) sent.push({ name: 'hgetall', args: [key] });
              },
              () => {},
            );
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
