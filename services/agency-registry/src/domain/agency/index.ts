import type { Decider } from '@kazi/core';
import type { AgencyCommand } from './commands.ts';
import { decideAgency } from './decide.ts';
import type { AgencyEvent } from './events.ts';
import { evolveAgency } from './evolve.ts';
import { type AgencyState, initialAgencyState } from './state.ts';

export * from './commands.ts';
export * from './dates.ts';
export * from './decide.ts';
export * from './events.ts';
export * from './evolve.ts';
export * from './integration.ts';
export * from './licenceApplication.ts';
export * from './rules.ts';
export * from './state.ts';

/** An agency's licensing lifecycle: applied → under-vetting → licensed | rejected; see docs/event-catalogue.md. */
export const agencyDecider: Decider<AgencyState, AgencyCommand, AgencyEvent> = {
  decide: decideAgency,
  evolve: evolveAgency,
  initialState: initialAgencyState,
};
