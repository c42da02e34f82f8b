import type { Redis } from 'ioredis';
import { type BatchEntry, Generations } from './generations.ts';
import { checkCommand, keysOf, type Projection, projectionLayout } from './projection.ts';

/** A message as the runner applies it: its position in the source and the events it decodes to. */
export interface PositionedMessage<E> {
  position: number;
  events: E[];
}

/**
 * Applies messages to a projection's live generation with the runner's own script and checks, without
 * NATS: for specs and fixtures that need a model filled fast (thousands of rows) or at chosen positions.
 * As in the runner, a message at or below the stored checkpoint is skipped, so positions must increase.
 * Returns how many messages were new.
 */
export async function applyMessages<E>(
  redis: Redis,
  namespace: string,
  projection: Projection<E>,
  messages: readonly PositionedMessage<E>[],
  options: { batchSize?: number } = {},
): Promise<number> {
  const generations = new Generations(redis, projectionLayout(namespace, projection.name));
  const { current } = await generations.read(projection.version);
  const keys = keysOf(generations.layout, current);
  const batchSize = options.batchSize ?? 500;
  let checkpoint = (await generations.checkpoint(current)).position;
  let applied = 0;
  for (let i = 0; i < messages.length; i += batchSize) {
    const batch: BatchEntry[] = messages.slice(i, i + batchSize).map((message) => ({
      position: message.position,
      commands: message.events.flatMap((event) => projection.apply(event, keys).map(checkCommand)),
    }));
    const result = await generations.apply(current, checkpoint, Date.now(), batch);
    if (result.outcome === 'gap' || result.outcome === 'retired')
      throw new Error(`generation ${current} of ${projection.name} refused the batch: ${result.outcome}`);
    let last = checkpoint;
    for (const entry of batch) {
      if (entry.position <= last) continue;
      applied += 1;
      last = entry.position;
    }
    checkpoint = Math.max(checkpoint, result.checkpoint);
  }
  return applied;
}
