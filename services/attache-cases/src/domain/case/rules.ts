import { DomainError } from '@kazi/core';
import { isFutureDay } from '../dates.ts';
import type { CaseChange, CaseCommand } from './commands.ts';
import type { SealedText } from './events.ts';
import { type CaseChangeCommand, type CaseState, rememberedUpdate } from './state.ts';

/**
 * Refusals of the attaché-cases context by stable `type` slug (the HTTP problem type). `conflict`: the
 * case's state forbids it now; `invalid`: the request can never succeed as sent; `not-found`: no such case.
 */
export const CaseErrorType = {
  CaseExists: 'case-exists',
  CaseNotFound: 'case-not-found',
  CaseClosed: 'case-closed',
  UpdateIdReused: 'update-id-reused',
  UnknownEmployer: 'unknown-employer',
  ComplaintNotReferred: 'complaint-not-referred',
  ImplausibleDateOfBirth: 'implausible-date-of-birth',
  DateInFuture: 'date-in-future',
  AmountNotPositive: 'amount-not-positive',
  AlreadyInShelter: 'already-in-shelter',
  NotInShelter: 'not-in-shelter',
  DischargeBeforeAdmission: 'discharge-before-admission',
  WorkerInShelter: 'worker-in-shelter',
  NotADeathCase: 'not-a-death-case',
  RemainsDispositionRequired: 'remains-disposition-required',
  RemainsBuriedAbroad: 'remains-buried-abroad',
  InvalidRepatriationStage: 'invalid-repatriation-stage',
  StageDateBeforePrevious: 'stage-date-before-previous',
  RepatriationUnderWay: 'repatriation-under-way',
  ReasonRequired: 'reason-required',
  WorkerDataErased: 'worker-data-erased',
  AlreadyErased: 'worker-data-already-erased',
} as const;

export function requireCase(state: CaseState): asserts state is CaseState & { status: 'open' | 'closed' } {
  if (state.status === null) throw new DomainError(CaseErrorType.CaseNotFound, 'no such case', 'not-found');
}

export function requireOpen(state: CaseState): void {
  if (state.status !== 'open') {
    throw new DomainError(CaseErrorType.CaseClosed, 'the case is closed', 'conflict', {
      status: state.status,
    });
  }
}

/**
 * Whether this change was recorded already under its `updateId`: the same request again decides nothing
 * (the application answers it as the first time); another request under a used `updateId` is refused, so
 * that neither is silently lost or taken for the other.
 */
export function isRepeat(state: CaseState, command: CaseChange & { type: CaseChangeCommand }): boolean {
  const remembered = rememberedUpdate(state, command.updateId);
  if (remembered === undefined) return false;
  if (remembered.command === command.type && remembered.fingerprint === command.fingerprint) return true;
  throw new DomainError(
    CaseErrorType.UpdateIdReused,
    'this updateId was used for a different change: send a new updateId for a new change',
    'conflict',
    { updateId: command.updateId },
  );
}

/** A day the attaché gives may be today at their mission, never later. */
export function requirePastDay(date: string, now: string, path: string): void {
  if (isFutureDay(date, now)) {
    throw new DomainError(CaseErrorType.DateInFuture, `${path} is in the future`, 'invalid', {
      errors: [{ path, message: 'must not be in the future' }],
    });
  }
}

const textsOf = (command: CaseCommand): (SealedText | undefined)[] => {
  switch (command.type) {
    case 'RecordCaseUpdate':
      return [command.action.note];
    case 'RecordRepatriationStage':
      return command.stage === 'abandoned' ? [command.reason] : [];
    case 'CloseCase':
      return [command.note];
    case 'RecordWorkerDetails':
      return [{ sealed: command.worker.sealed }];
    default:
      return [];
  }
};

/** Text about the worker is sealed under their key; once it is destroyed there is nothing to seal it with. */
export function requireNoTextAfterErasure(state: CaseState, command: CaseCommand): void {
  if (state.erasure && textsOf(command).some((text) => text !== undefined)) {
    throw new DomainError(
      CaseErrorType.WorkerDataErased,
      "the worker's personal data was erased: a text about them can no longer be recorded",
      'conflict',
    );
  }
}
