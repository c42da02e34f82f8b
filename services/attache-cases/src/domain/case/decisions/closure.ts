import { DomainError } from '@kazi/core';
import type { CloseCase, EraseWorkerData } from '../commands.ts';
import { type CaseEventOf, CaseEventType as E } from '../events.ts';
import { CaseErrorType, requireCase } from '../rules.ts';
import { type CaseState, currentStage } from '../state.ts';

const UNDER_WAY = ['planned', 'documents-ready', 'departed'];

/**
 * Closure with an outcome, once nothing is left in the middle: a worker still in a shelter, a repatriation
 * under way, or a death case whose remains nobody has decided about.
 */
export function closeCase(command: CloseCase, state: CaseState): [CaseEventOf<'Closed'>] {
  if (state.inShelterSince !== null) {
    throw new DomainError(
      CaseErrorType.WorkerInShelter,
      'discharge the worker from the shelter first',
      'conflict',
      {
        inShelterSince: state.inShelterSince,
      },
    );
  }
  const stage = currentStage(state)?.stage;
  if (stage !== undefined && UNDER_WAY.includes(stage)) {
    throw new DomainError(
      CaseErrorType.RepatriationUnderWay,
      `the repatriation is ${stage}: record its arrival or abandonment first`,
      'conflict',
      { stage },
    );
  }
  if (state.opened?.caseType === 'death-case' && state.remains === null) {
    throw new DomainError(
      CaseErrorType.RemainsDispositionRequired,
      'record what becomes of the remains, with the family’s consent, first',
      'conflict',
    );
  }
  const complaintId = state.opened?.complaintId;
  return [
    {
      type: E.Closed,
      data: {
        outcome: command.outcome,
        ...(command.note ? { note: command.note } : {}),
        ...(complaintId !== undefined ? { complaintId } : {}),
        updateId: command.updateId,
        fingerprint: command.fingerprint,
        by: command.actor,
        at: command.now,
      },
    },
  ];
}

/** Recorded after the worker's key is destroyed; allowed open or closed, once. */
export function eraseWorkerData(
  command: EraseWorkerData,
  state: CaseState,
): [CaseEventOf<'WorkerDataErased'>] {
  requireCase(state);
  if (state.erasure) {
    throw new DomainError(
      CaseErrorType.AlreadyErased,
      "the worker's personal data is already erased",
      'conflict',
    );
  }
  return [
    {
      type: E.WorkerDataErased,
      data: {
        subjectId: state.opened?.worker.subjectId ?? '',
        ...(command.reason ? { reason: command.reason } : {}),
        by: command.actor,
        at: command.now,
      },
    },
  ];
}
