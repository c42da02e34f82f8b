import type { Decider } from '@kazi/core';
import type { AgreementCommand } from './commands.ts';
import { decideAgreement } from './decide.ts';
import type { AgreementEvent } from './events.ts';
import { evolveAgreement } from './evolve.ts';
import { type AgreementState, initialAgreementState } from './state.ts';

export * from './asOf.ts';
export * from './commands.ts';
export * from './decide.ts';
export * from './events.ts';
export * from './evolve.ts';
export * from './input.ts';
export * from './integration.ts';
export * from './rules.ts';
export * from './state.ts';
export * from './vocabulary.ts';

/** A bilateral labour migration agreement, from negotiation to its end, with its terms over time. */
export const agreementDecider: Decider<AgreementState, AgreementCommand, AgreementEvent> = {
  decide: decideAgreement,
  evolve: evolveAgreement,
  initialState: initialAgreementState,
};
