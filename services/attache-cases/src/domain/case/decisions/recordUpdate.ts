import { DomainError } from '@kazi/core';
import type { RecordCaseUpdate } from '../commands.ts';
import { type CaseActionOf, type CaseEventOf, CaseEventType as E } from '../events.ts';
import { CaseErrorType, requirePastDay } from '../rules.ts';
import { type CaseState, currentStage } from '../state.ts';

/** Shelter: a worker is admitted once at a time, and discharged only after admission. */
function checkShelter(
  action: CaseActionOf<'shelter-admission' | 'shelter-discharge'>,
  state: CaseState,
): void {
  const since = state.inShelterSince;
  if (action.kind === 'shelter-admission' && since !== null) {
    throw new DomainError(CaseErrorType.AlreadyInShelter, 'the worker is in a shelter already', 'conflict', {
      inShelterSince: since,
    });
  }
  if (action.kind === 'shelter-discharge') {
    if (since === null)
      throw new DomainError(CaseErrorType.NotInShelter, 'the worker is not in a shelter', 'conflict');
    if (action.date < since) {
      throw new DomainError(
        CaseErrorType.DischargeBeforeAdmission,
        'the discharge is dated before the admission',
        'invalid',
        { inShelterSince: since },
      );
    }
  }
}

/**
 * A death case: the remains are repatriated or buried abroad, with the family's consent (the consent is
 * part of the record, so it cannot be left out). The family may change their minds until a repatriation
 * of the remains is under way or done.
 */
function checkRemainsDisposition(
  action: CaseActionOf<'remains-disposition'>,
  state: CaseState,
  now: string,
): void {
  if (state.opened?.caseType !== 'death-case') {
    throw new DomainError(
      CaseErrorType.NotADeathCase,
      'only a death case records what becomes of the remains',
      'invalid',
      {
        caseType: state.opened?.caseType,
      },
    );
  }
  requirePastDay(action.familyConsent.date, now, 'familyConsent.date');
  const stage = currentStage(state)?.stage;
  if (stage !== undefined && stage !== 'abandoned') {
    throw new DomainError(
      CaseErrorType.RepatriationUnderWay,
      `the repatriation of the remains is ${stage}`,
      'conflict',
      { stage },
    );
  }
}

/** An action on an open case: a note, the employer contacted, a hearing, a shelter stay, wages, a lawyer. */
export function recordCaseUpdate(
  command: RecordCaseUpdate,
  state: CaseState,
): [CaseEventOf<'UpdateRecorded'>] {
  const { action, now } = command;
  if ('date' in action) requirePastDay(action.date, now, 'date');
  switch (action.kind) {
    case 'shelter-admission':
    case 'shelter-discharge':
      checkShelter(action, state);
      break;
    case 'wages-recovered':
      if (!(Number.isFinite(action.amount) && action.amount > 0)) {
        throw new DomainError(
          CaseErrorType.AmountNotPositive,
          'the amount recovered must be more than 0',
          'invalid',
          {
            errors: [{ path: 'amount', message: 'must be more than 0' }],
          },
        );
      }
      break;
    case 'remains-disposition':
      checkRemainsDisposition(action, state, now);
      break;
    default:
      break;
  }
  const { updateId, fingerprint, actor } = command;
  return [{ type: E.UpdateRecorded, data: { action, updateId, fingerprint, by: actor, at: now } }];
}
