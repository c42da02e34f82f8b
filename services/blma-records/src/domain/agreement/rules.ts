import { DomainError } from '@kazi/core';
import { addDays, isFutureDay } from '../dates.ts';
import { type AgreementState, lastDatedStep } from './state.ts';
import type { AgreementStatus } from './vocabulary.ts';

/**
 * Refusals of the BLMA-records context by stable `type` slug (the HTTP problem type). `conflict`: the
 * agreement's state forbids it now; `invalid`: the request can never succeed as sent; `not-found`: no such
 * agreement, or no such part of it.
 */
export const AgreementErrorType = {
  AgreementExists: 'agreement-exists',
  AgreementNotFound: 'agreement-not-found',
  InvalidTransition: 'invalid-transition',
  SignatureRequired: 'signature-required',
  AgreementTerminated: 'agreement-terminated',
  AgreementExpired: 'agreement-expired',
  AgreementLapsed: 'agreement-lapsed',
  DateInFuture: 'date-in-future',
  DateBeforePrevious: 'date-before-previous',
  DateOrder: 'date-order',
  RenewalNeedsRenewRecommendation: 'renewal-needs-renew-recommendation',
  AmendmentChangesNothing: 'amendment-changes-nothing',
  CommitteeNotEstablished: 'joint-committee-not-established',
  DateBeforeSignature: 'date-before-signature',
  MeetingExists: 'meeting-exists',
  ActionNotFound: 'action-not-found',
  ActionAlreadyDone: 'action-already-done',
  DateBeforeMeeting: 'date-before-meeting',
  DocumentExists: 'document-exists',
  DocumentAlreadyAttached: 'document-already-attached',
  MinutesNameTheirMeeting: 'minutes-name-their-meeting',
  UnknownMeeting: 'unknown-meeting',
} as const;

/** The refusal of a request field: `invalid`, with the field's path as validation errors name it. */
export const invalidField = (
  type: string,
  path: string,
  message: string,
  extra: Record<string, unknown> = {},
) => new DomainError(type, `${path} ${message}`, 'invalid', { errors: [{ path, message }], ...extra });

export function requireAgreement(state: AgreementState): asserts state is AgreementState & {
  status: AgreementStatus;
  record: NonNullable<AgreementState['record']>;
} {
  if (state.status === null || state.record === null)
    throw new DomainError(AgreementErrorType.AgreementNotFound, 'no such agreement', 'not-found');
}

/**
 * Narrows to an agreement in one of `allowed`, or refuses naming the rule: termination is final, an expired
 * agreement stays expired, and otherwise the step is not one this status may take.
 */
export function requireStatus<S extends AgreementStatus>(
  state: AgreementState,
  allowed: readonly S[],
  action: string,
): asserts state is AgreementState & { status: S; record: NonNullable<AgreementState['record']> } {
  requireAgreement(state);
  const status = state.status;
  if ((allowed as readonly AgreementStatus[]).includes(status)) return;
  const extra = { status, allowed };
  if (status === 'terminated')
    throw new DomainError(
      AgreementErrorType.AgreementTerminated,
      `cannot ${action} a terminated agreement: termination is final`,
      'conflict',
      extra,
    );
  if (status === 'expired')
    throw new DomainError(
      AgreementErrorType.AgreementExpired,
      `cannot ${action} an expired agreement`,
      'conflict',
      extra,
    );
  throw new DomainError(
    AgreementErrorType.InvalidTransition,
    `cannot ${action} an agreement that is ${status}`,
    'conflict',
    extra,
  );
}

/** A day an officer gives for something that happened may be today somewhere on Earth, never later. */
export function requirePastDay(date: string, now: string, path: string): void {
  if (isFutureDay(date, now))
    throw invalidField(AgreementErrorType.DateInFuture, path, 'must not be in the future');
}

/**
 * A step of the lifecycle happened, so its day is not in the future, and not before the step before it:
 * the steps' days stay in order, which is what lets the agreement as of any day be told.
 */
export function requireLifecycleDay(state: AgreementState, date: string, now: string): void {
  requirePastDay(date, now, 'date');
  const previous = lastDatedStep(state);
  if (previous?.date != null && date < previous.date) {
    throw new DomainError(
      AgreementErrorType.DateBeforePrevious,
      `the date is before the agreement was ${previous.step} (${previous.date})`,
      'invalid',
      { previous: { step: previous.step, date: previous.date } },
    );
  }
}

/**
 * An agreement is in force through its expiry day and has lapsed from the next, whether or not the clock
 * has recorded it yet: nothing can happen to it on a later day but its expiry.
 */
export function requireInForceOn(state: AgreementState, date: string): void {
  if (state.expiry !== null && date > state.expiry) {
    throw new DomainError(
      AgreementErrorType.AgreementLapsed,
      `the agreement was in force until ${state.expiry}: record its expiry`,
      'conflict',
      { expiry: state.expiry, lapsedOn: addDays(state.expiry, 1) },
    );
  }
}

/** `later` must come after `earlier` (both days): a review or expiry day after the day it is set from. */
export function requireAfter(later: string, earlier: string, path: string, what: string): void {
  if (later <= earlier) throw invalidField(AgreementErrorType.DateOrder, path, `must be after ${what}`);
}
