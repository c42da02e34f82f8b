import type { Decider } from '@kazi/eventsourcing';
import type { AgencyCommand } from './commands.ts';
import { decideAgency } from './decide.ts';
import type { AgencyEvent } from './events.ts';
import { type AgencyState, evolveAgency, initialAgencyState } from './state.ts';

export * from './application.ts';
export * from './commands.ts';
export * from './dates.ts';
export * from './decide.ts';
export * from './events.ts';
export * from './integration.ts';
export * from './state.ts';

export const agencyDecider: Decider<AgencyState, AgencyCommand, AgencyEvent> = {
  decide: decideAgency,
  evolve: evolveAgency,
  initialState: initialAgencyState,
};
