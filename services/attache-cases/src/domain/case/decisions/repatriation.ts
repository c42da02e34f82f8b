import { DomainError } from '@kazi/core';
import type { RecordRepatriationStage } from '../commands.ts';
import { type CaseEventOf, CaseEventType as E } from '../events.ts';
import { CaseErrorType, requirePastDay } from '../rules.ts';
import { type CaseState, currentStage } from '../state.ts';
import type { RepatriationStage } from '../vocabulary.ts';

/** The stages that may follow each stage (none: nothing planned yet). */
const NEXT: Record<RepatriationStage | 'none', readonly RepatriationStage[]> = {
  none: ['planned'],
  planned: ['documents-ready', 'abandoned'],
  'documents-ready': ['departed', 'abandoned'],
  departed: ['arrived', 'abandoned'],
  arrived: [],
  // A repatriation given up may be planned again (the worker changed their mind, the exit permit came).
  abandoned: ['planned'],
};

/** A death case repatriates the remains, and only once the family consented to it. */
function checkRemains(state: CaseState): void {
  if (state.opened?.caseType !== 'death-case') return;
  if (state.remains === null) {
    throw new DomainError(
      CaseErrorType.RemainsDispositionRequired,
      "record the family's consent to repatriate the remains first",
      'conflict',
    );
  }
  if (state.remains.disposition === 'burial-abroad') {
    throw new DomainError(
      CaseErrorType.RemainsBuriedAbroad,
      'the family consented to burial abroad: the remains are not repatriated',
      'conflict',
    );
  }
}

/**
 * planned → documents-ready → departed → arrived, or abandoned (with a reason) before arrival; each stage
 * with the day it was reached, never before the stage before it. Arrival records whether the return was
 * safe and dignified, with the worker's sex and age band (indicator 30.4.1).
 */
export function recordRepatriationStage(
  command: RecordRepatriationStage,
  state: CaseState,
): [CaseEventOf<'RepatriationStageReached'>] {
  checkRemains(state);
  const previous = currentStage(state);
  const allowed = NEXT[previous?.stage ?? 'none'];
  if (!allowed.includes(command.stage)) {
    throw new DomainError(
      CaseErrorType.InvalidRepatriationStage,
      `a repatriation that is ${previous?.stage ?? 'not planned'} cannot be ${command.stage}`,
      'conflict',
      { stage: previous?.stage ?? null, allowed },
    );
  }
  const { date, now } = command;
  requirePastDay(date, now, 'date');
  if (previous && date < previous.date) {
    throw new DomainError(
      CaseErrorType.StageDateBeforePrevious,
      `the ${command.stage} date is before the ${previous.stage} date`,
      'invalid',
      { previous: { stage: previous.stage, date: previous.date } },
    );
  }
  if (command.stage === 'abandoned' && command.reason === undefined && state.erasure === null) {
    throw new DomainError(CaseErrorType.ReasonRequired, 'say why the repatriation was abandoned', 'invalid', {
      errors: [{ path: 'reason', message: 'required when the stage is abandoned' }],
    });
  }
  const opened = state.opened;
  return [
    {
      type: E.RepatriationStageReached,
      data: {
        stage: command.stage,
        date,
        ...(command.stage === 'arrived'
          ? {
              safeAndDignified: command.safeAndDignified,
              worker: {
                sex: opened?.worker.sex ?? 'unspecified',
                ...(opened?.worker.ageBand ? { ageBand: opened.worker.ageBand } : {}),
              },
            }
          : {}),
        ...(command.stage === 'abandoned' && command.reason ? { reason: command.reason } : {}),
        ...(opened?.caseType === 'death-case' ? { remains: true as const } : {}),
        updateId: command.updateId,
        fingerprint: command.fingerprint,
        by: command.actor,
        at: now,
      },
    },
  ];
}
