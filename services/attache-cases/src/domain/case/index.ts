import type { Decider } from '@kazi/core';
import type { CaseCommand } from './commands.ts';
import { decideCase } from './decide.ts';
import type { CaseEvent } from './events.ts';
import { evolveCase } from './evolve.ts';
import { type CaseState, initialCaseState } from './state.ts';

export * from './commands.ts';
export * from './decide.ts';
export * from './events.ts';
export * from './evolve.ts';
export * from './input.ts';
export * from './integration.ts';
export * from './referral.ts';
export * from './rules.ts';
export * from './state.ts';
export * from './vocabulary.ts';

/** A labour attaché's case, from opening to closure, with the worker's data erasable. */
export const caseDecider: Decider<CaseState, CaseCommand, CaseEvent> = {
  decide: decideCase,
  evolve: evolveCase,
  initialState: initialCaseState,
};
