import { assertNever, DomainError } from '@kazi/core';
import type { AgencyCommand } from './commands.ts';
import { approveLicence } from './decisions/approveLicence.ts';
import { endSuspension } from './decisions/endSuspension.ts';
import { eraseDirector } from './decisions/eraseDirector.ts';
import { expireLicence } from './decisions/expireLicence.ts';
import { recordApplication } from './decisions/recordApplication.ts';
import { recordVettingCheck } from './decisions/recordVettingCheck.ts';
import { reinstateLicence } from './decisions/reinstateLicence.ts';
import { rejectApplication } from './decisions/rejectApplication.ts';
import { renewLicence } from './decisions/renewLicence.ts';
import { revokeLicence } from './decisions/revokeLicence.ts';
import { suspendLicence } from './decisions/suspendLicence.ts';
import type { AgencyEvent } from './events.ts';
import { AgencyErrorType } from './rules.ts';
import type { AgencyState } from './state.ts';

/**
 * The registry's rules, one small function per command (./decisions). Refusals common to every command
 * come first: an agency must exist, and a revoked agency accepts nothing more but the erasure of a
 * director (the right to erasure does not end with the licence).
 */
export function decideAgency(command: AgencyCommand, state: AgencyState): AgencyEvent[] {
  if (command.type === 'RecordApplication') return recordApplication(command, state);
  if (state.status === null)
    throw new DomainError(AgencyErrorType.AgencyNotFound, 'no such agency', 'not-found');
  if (command.type === 'EraseDirector') return eraseDirector(command, state);
  if (state.status === 'revoked') {
    // The sweeps may still list a revoked agency; that is nothing to refuse.
    if (command.type === 'ExpireLicence' || command.type === 'EndSuspension') return [];
    throw new DomainError(
      AgencyErrorType.AgencyRevoked,
      'the agency is revoked; revocation is final',
      'conflict',
    );
  }
  switch (command.type) {
    case 'RecordVettingCheck':
      return recordVettingCheck(command, state);
    case 'ApproveLicence':
      return approveLicence(command, state);
    case 'RejectApplication':
      return rejectApplication(command, state);
    case 'RenewLicence':
      return renewLicence(command, state);
    case 'SuspendLicence':
      return suspendLicence(command, state);
    case 'ReinstateLicence':
      return reinstateLicence(command, state);
    case 'RevokeLicence':
      return revokeLicence(command, state);
    case 'ExpireLicence':
      return expireLicence(command, state);
    case 'EndSuspension':
      return endSuspension(command, state);
    default:
      return assertNever(command);
  }
}
