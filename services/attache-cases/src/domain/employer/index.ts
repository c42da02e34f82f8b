import type { Decider } from '@kazi/core';
import type { EmployerCommand } from './commands.ts';
import { decideEmployer } from './decide.ts';
import type { EmployerEvent } from './events.ts';
import { evolveEmployer } from './evolve.ts';
import { type EmployerState, initialEmployerState } from './state.ts';

export * from './commands.ts';
export * from './decide.ts';
export * from './events.ts';
export * from './evolve.ts';
export * from './input.ts';
export * from './integration.ts';
export * from './rules.ts';
export * from './state.ts';
export * from './vocabulary.ts';

/** An employer abroad: registered by an attaché, then cleared, flagged or blacklisted. */
export const employerDecider: Decider<EmployerState, EmployerCommand, EmployerEvent> = {
  decide: decideEmployer,
  evolve: evolveEmployer,
  initialState: initialEmployerState,
};
