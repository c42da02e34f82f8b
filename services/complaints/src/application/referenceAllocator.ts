import { randomUUID } from 'node:crypto';
import type { CommandHandler } from '@kazi/eventsourcing';
import {
  formatReference,
  type ReferenceBlockReserved,
  type ReferenceSequenceState,
  type ReserveReferences,
  referenceSequenceStream,
} from '../domain/referenceSequence.ts';

/**
 * Hands out complaint references from blocks reserved in the year's sequence (domain/referenceSequence.ts).
 * One reservation at a time per process: concurrent lodgings wait for the same block instead of racing.
 */
export class ReferenceAllocator {
  private block: { year: number; next: number; to: number } | undefined;
  private reserving: Promise<void> | undefined;

  constructor(
    private readonly sequences: CommandHandler<
      ReferenceSequenceState,
      ReserveReferences,
      ReferenceBlockReserved
    >,
    private readonly blockSize: number,
  ) {}

  async next(now: string): Promise<string> {
    const year = new Date(now).getUTCFullYear();
    for (;;) {
      const block = this.block;
      if (block && block.year === year && block.next <= block.to) {
        block.next += 1;
        return formatReference(year, block.next - 1);
      }
      this.reserving ??= this.reserve(year, now).finally(() => {
        this.reserving = undefined;
      });
      await this.reserving;
    }
  }

  private async reserve(year: number, now: string): Promise<void> {
    const result = await this.sequences.handle(
      referenceSequenceStream(year),
      { type: 'ReserveReferences', year, count: this.blockSize, now },
      {
        metadata: {
          commandId: randomUUID(),
          actor: 'system:references',
          correlationId: randomUUID(),
          time: now,
        },
        retryOnConflict: 50,
      },
    );
    const reserved = result.events[0];
    if (reserved) this.block = { year, next: reserved.data.from, to: reserved.data.to };
  }
}
