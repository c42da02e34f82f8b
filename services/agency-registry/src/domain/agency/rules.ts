import { DomainError } from '@kazi/core';
import { VETTING_CHECK_NAMES, type VettingCheckName } from './events.ts';
import type { AgencyState, AgencyStatus } from './state.ts';

/**
 * The refusals of the registry, by the stable `type` slug the HTTP layer turns into a problem type.
 * 409: the agency's current state forbids it; 422: the request itself can never succeed as sent.
 */
export const AgencyErrorType = {
  AgencyExists: 'agency-exists',
  AgencyNotFound: 'agency-not-found',
  AgencyRevoked: 'agency-revoked',
  InvalidTransition: 'invalid-transition',
  VettingClosed: 'vetting-closed',
  UnknownVettingCheck: 'unknown-vetting-check',
  VettingIncomplete: 'vetting-incomplete',
  FourEyesRule: 'four-eyes-rule',
  InvalidSuspensionUntil: 'invalid-suspension-until',
  GuaranteeTooLow: 'guarantee-too-low',
  DirectorNotFound: 'director-not-found',
} as const;
export type AgencyErrorTypeName = (typeof AgencyErrorType)[keyof typeof AgencyErrorType];

/** Narrows `state` to a recorded agency in one of the `allowed` statuses, or refuses the transition. */
export function requireStatus<S extends AgencyStatus>(
  state: AgencyState,
  allowed: readonly S[],
  action: string,
): asserts state is AgencyState & { status: S } {
  if (state.status === null || !(allowed as readonly AgencyStatus[]).includes(state.status)) {
    throw new DomainError(
      AgencyErrorType.InvalidTransition,
      `cannot ${action} an agency that is ${state.status ?? 'unknown'}`,
      'conflict',
      { status: state.status, allowed },
    );
  }
}

/** Four eyes: who recorded a vetting check on an application may not decide it (approve or reject). */
export function requireSecondPairOfEyes(state: AgencyState, deciderSub: string): void {
  if (state.vetters.includes(deciderSub)) {
    throw new DomainError(
      AgencyErrorType.FourEyesRule,
      'whoever vetted this application may not decide it',
      'conflict',
    );
  }
}

export const isVettingCheckName = (check: string): check is VettingCheckName =>
  (VETTING_CHECK_NAMES as readonly string[]).includes(check);

/**
 * Required checks that are not yet passed. Only the latest outcome of each check counts, so a check that
 * failed can be redone and passed (and a pass later contradicted by a fail no longer counts).
 */
export function unpassedChecks(
  state: AgencyState,
  requiredChecks: readonly string[],
): { missing: string[]; failed: string[] } {
  const latest = new Map<string, string>(state.vettingChecks.map((c) => [c.check, c.outcome]));
  return {
    missing: requiredChecks.filter((c) => !latest.has(c)),
    failed: requiredChecks.filter((c) => latest.get(c) === 'fail'),
  };
}
