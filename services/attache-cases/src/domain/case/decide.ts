import { assertNever } from '@kazi/core';
import type { CaseCommand } from './commands.ts';
import { closeCase, eraseWorkerData } from './decisions/closure.ts';
import { openCase } from './decisions/openCase.ts';
import { recordCaseUpdate } from './decisions/recordUpdate.ts';
import { recordRepatriationStage } from './decisions/repatriation.ts';
import { recordWorkerDetails } from './decisions/workerDetails.ts';
import type { CaseEvent } from './events.ts';
import { isRepeat, requireCase, requireNoTextAfterErasure, requireOpen } from './rules.ts';
import type { CaseState } from './state.ts';

/**
 * The case's rules, one small function per command (./decisions). A change already recorded under its
 * `updateId` is recognised before any rule: its resend finds the case moved on (even closed by it) and must
 * still be answered as the first time, not refused.
 */
export function decideCase(command: CaseCommand, state: CaseState): CaseEvent[] {
  if (command.type === 'OpenCase') return openCase(command, state);
  requireCase(state);
  if (command.type === 'EraseWorkerData') return eraseWorkerData(command, state);
  if (isRepeat(state, command)) return [];
  requireOpen(state);
  requireNoTextAfterErasure(state, command);
  switch (command.type) {
    case 'RecordCaseUpdate':
      return recordCaseUpdate(command, state);
    case 'RecordRepatriationStage':
      return recordRepatriationStage(command, state);
    case 'CloseCase':
      return closeCase(command, state);
    case 'RecordWorkerDetails':
      return recordWorkerDetails(command);
    default:
      return assertNever(command);
  }
}
