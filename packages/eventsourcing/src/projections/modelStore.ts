import type { Generations } from './generations.ts';
import {
  checkCommand,
  keysOf,
  type Projection,
  type ProjectionKeys,
  type RedisCommand,
} from './projection.ts';

export type ApplyOutcome = 'applied' | 'duplicate' | 'gap' | 'retired';

/** One message's writes, guarded by its stream position. */
export interface StoreEntry<W> {
  position: number;
  /** When the message was stored in the stream (ms): how far behind the head the model is. */
  timeMs: number;
  writes: W;
}

/**
 * Where a GenerationLoop keeps one projection's generations: all that differs between a read model in
 * Redis and one in PostgreSQL. The loop reads, batches and decodes messages, and calls the store to turn
 * a message's events into writes and to apply a batch of them with its checkpoint, all or nothing.
 */
export interface ModelStore<E, W> {
  /** The store's name in error messages. */
  readonly name: string;
  /**
   * What one message's events write to `generation`; done while the batch before is being applied. A
   * throw stops the batch at that message, which is retried, never skipped.
   */
  writesOf(generation: number, events: E[]): W;
  /** The last position applied to `generation`, and that message's time (ms). */
  checkpoint(generation: number): Promise<{ position: number; time: number | undefined }>;
  /**
   * Applies the entries above the stored checkpoint and stores the last one's position, both or neither:
   * 'duplicate' when all were applied already (another replica), 'retired' when the generation is
   * neither live nor being built, 'gap' when the stored checkpoint is below `after` (a restored backup).
   */
  apply(
    generation: number,
    after: number,
    entries: StoreEntry<W>[],
  ): Promise<{ outcome: ApplyOutcome; checkpoint: number }>;
}

/** A read model in Redis: a message's writes are its projection's commands, a batch one script call. */
export function redisModelStore<E>(
  generations: Generations,
  projection: Projection<E>,
): ModelStore<E, RedisCommand[]> {
  // One key builder per generation (the loop asks per message).
  let keys: ProjectionKeys | undefined;
  return {
    name: 'Redis',
    writesOf(generation, events) {
      if (keys?.generation !== generation) keys = keysOf(generations.layout, generation);
      const of = keys;
      return events.flatMap((event) => projection.apply(event, of).map(checkCommand));
    },
    checkpoint: (generation) => generations.checkpoint(generation),
    apply: (generation, after, entries) =>
      generations.apply(
        generation,
        after,
        entries.at(-1)?.timeMs ?? 0,
        entries.map((entry) => ({ position: entry.position, commands: entry.writes })),
      ),
  };
}
