import { DomainError } from '@kazi/core';
import type { ComplaintState } from './state.ts';
import type { ComplaintStatus } from './vocabulary.ts';

/**
 * Refusals of the complaints context by stable `type` slug (the HTTP problem type).
 * 409: the complaint's state forbids it now; 422: the request can never succeed as sent.
 */
export const ComplaintErrorType = {
  ComplaintExists: 'complaint-exists',
  ComplaintNotFound: 'complaint-not-found',
  InvalidTransition: 'invalid-transition',
  ClosureRequiresResolution: 'closure-requires-resolution',
  AlreadyErased: 'complainant-data-already-erased',
  DataErased: 'complainant-data-erased',
  UnknownAgency: 'unknown-agency',
  AgeRequired: 'age-required',
  ImplausibleDateOfBirth: 'implausible-date-of-birth',
  AlreadyReferred: 'already-referred',
  UnknownOutcome: 'unknown-outcome',
} as const;

/** Narrows to a lodged complaint in one of `allowed`, or refuses with a problem type naming the rule. */
export function requireStatus<S extends ComplaintStatus>(
  state: ComplaintState,
  allowed: readonly S[],
  action: string,
  type: string = ComplaintErrorType.InvalidTransition,
): asserts state is ComplaintState & { status: S } {
  if (state.status === null || !(allowed as readonly ComplaintStatus[]).includes(state.status)) {
    throw new DomainError(
      type,
      `cannot ${action} a complaint that is ${state.status ?? 'unknown'}`,
      'conflict',
      {
        status: state.status,
        allowed,
      },
    );
  }
}

export function requirePersonalDataHeld(state: ComplaintState): void {
  if (state.erasure) {
    throw new DomainError(
      ComplaintErrorType.DataErased,
      "the complainant's personal data was erased",
      'conflict',
    );
  }
}
