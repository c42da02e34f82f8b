import { assertNever, DomainError } from '@kazi/core';
import type { ComplaintCommand } from './commands.ts';
import { addNote, assignComplaint, referComplaint, triageComplaint } from './decisions/handling.ts';
import { lodgeComplaint } from './decisions/lodgeComplaint.ts';
import {
  closeComplaint,
  eraseComplainantData,
  flagResponseOverdue,
  reopenComplaint,
  resolveComplaint,
  withdrawComplaint,
} from './decisions/outcome.ts';
import type { ComplaintEvent } from './events.ts';
import { ComplaintErrorType } from './rules.ts';
import type { ComplaintState } from './state.ts';

/** The complaint's rules, one small function per command (./decisions). */
export function decideComplaint(command: ComplaintCommand, state: ComplaintState): ComplaintEvent[] {
  if (command.type === 'LodgeComplaint') return lodgeComplaint(command, state);
  if (state.status === null) {
    // The sweep may race a complaint that is not there; that is nothing to refuse.
    if (command.type === 'FlagResponseOverdue') return [];
    throw new DomainError(ComplaintErrorType.ComplaintNotFound, 'no such complaint', 'not-found');
  }
  switch (command.type) {
    case 'TriageComplaint':
      return triageComplaint(command, state);
    case 'AssignComplaint':
      return assignComplaint(command, state);
    case 'AddNote':
      return addNote(command, state);
    case 'ReferComplaint':
      return referComplaint(command, state);
    case 'ResolveComplaint':
      return resolveComplaint(command, state);
    case 'CloseComplaint':
      return closeComplaint(command, state);
    case 'ReopenComplaint':
      return reopenComplaint(command, state);
    case 'WithdrawComplaint':
      return withdrawComplaint(command, state);
    case 'EraseComplainantData':
      return eraseComplainantData(command, state);
    case 'FlagResponseOverdue':
      return flagResponseOverdue(command, state);
    default:
      return assertNever(command);
  }
}
