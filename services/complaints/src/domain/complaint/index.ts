import type { Decider } from '@kazi/core';
import type { ComplaintCommand } from './commands.ts';
import { decideComplaint } from './decide.ts';
import type { ComplaintEvent } from './events.ts';
import { evolveComplaint } from './evolve.ts';
import { type ComplaintState, initialComplaintState } from './state.ts';

export * from './commands.ts';
export * from './decide.ts';
export * from './events.ts';
export * from './evolve.ts';
export * from './integration.ts';
export * from './lodging.ts';
export * from './rules.ts';
export * from './severity.ts';
export * from './state.ts';
export * from './upcasters.ts';
export * from './vocabulary.ts';

/** A complaint from lodging to closure; see docs/event-catalogue.md. */
export const complaintDecider: Decider<ComplaintState, ComplaintCommand, ComplaintEvent> = {
  decide: decideComplaint,
  evolve: evolveComplaint,
  initialState: initialComplaintState,
};
