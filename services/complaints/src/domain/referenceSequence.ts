import { type Decider, DomainError } from '@kazi/core';

/**
 * Complaint references `NEA-<year>-<6 digits>`, unique: one event-sourced sequence per year hands out
 * blocks, so a process pays one conflict-checked append per block instead of one per complaint. A block
 * left unused by a stopped process leaves a gap; a number is never given twice.
 */
export const REFERENCE_BLOCK_RESERVED = 'ke.nea.complaints.reference-block-reserved.v1';
export const MAX_REFERENCE = 999_999;

export interface ReferenceBlockReserved {
  type: typeof REFERENCE_BLOCK_RESERVED;
  data: { year: number; from: number; to: number; at: string };
}

export interface ReserveReferences {
  type: 'ReserveReferences';
  year: number;
  count: number;
  now: string;
}

export interface ReferenceSequenceState {
  /** Highest number reserved so far. */
  last: number;
}

export const formatReference = (year: number, n: number) => `NEA-${year}-${String(n).padStart(6, '0')}`;
export const referenceSequenceStream = (year: number) => `reference-sequence.${year}`;

export const referenceSequence: Decider<ReferenceSequenceState, ReserveReferences, ReferenceBlockReserved> = {
  initialState: () => ({ last: 0 }),
  decide(command, state) {
    if (state.last >= MAX_REFERENCE) {
      throw new DomainError(
        'references-exhausted',
        `all ${MAX_REFERENCE} references of ${command.year} are used`,
        'conflict',
      );
    }
    const from = state.last + 1;
    const to = Math.min(state.last + Math.max(1, command.count), MAX_REFERENCE);
    return [{ type: REFERENCE_BLOCK_RESERVED, data: { year: command.year, from, to, at: command.now } }];
  },
  evolve: (_state, event) => ({ last: event.data.to }),
};
