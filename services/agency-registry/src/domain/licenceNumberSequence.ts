import { type Decider, DomainError } from '@kazi/core';

/**
 * Licence numbers are unique and sequential per year: one event-sourced sequence per year, whose
 * optimistic concurrency makes two concurrent approvals get different numbers. Allocation is idempotent
 * per agency, so a retried approval reuses its number instead of burning a new one.
 */
export const LICENCE_NUMBER_ALLOCATED = 'ke.nea.agency-registry.licence-number-allocated.v1';

export interface LicenceNumberAllocated {
  type: typeof LICENCE_NUMBER_ALLOCATED;
  data: { year: number; sequence: number; licenceNumber: string; agencyId: string; at: string };
}

export interface AllocateLicenceNumber {
  type: 'AllocateLicenceNumber';
  year: number;
  agencyId: string;
  now: string;
}

export interface LicenceNumberSequenceState {
  last: number;
  byAgency: Record<string, string>;
}

export function formatLicenceNumber(year: number, sequence: number): string {
  return `NEA/PRA/${year}/${String(sequence).padStart(5, '0')}`;
}

export const licenceNumberSequence: Decider<
  LicenceNumberSequenceState,
  AllocateLicenceNumber,
  LicenceNumberAllocated
> = {
  initialState: () => ({ last: 0, byAgency: {} }),
  decide(command, state) {
    if (!Number.isInteger(command.year) || command.year < 2000) {
      throw new DomainError('invalid-year', `no licence sequence for year ${command.year}`, 'invalid');
    }
    if (state.byAgency[command.agencyId]) return [];
    const sequence = state.last + 1;
    return [
      {
        type: LICENCE_NUMBER_ALLOCATED,
        data: {
          year: command.year,
          sequence,
          licenceNumber: formatLicenceNumber(command.year, sequence),
          agencyId: command.agencyId,
          at: command.now,
        },
      },
    ];
  },
  evolve(state, event) {
    return {
      last: event.data.sequence,
      byAgency: { ...state.byAgency, [event.data.agencyId]: event.data.licenceNumber },
    };
  },
};

export const licenceSequenceStream = (year: number) => `licence-sequence.${year}`;
