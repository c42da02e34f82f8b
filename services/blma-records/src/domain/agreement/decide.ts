import { assertNever, DomainError } from '@kazi/core';
import type { AgreementCommand } from './commands.ts';
import { flagOverdueActions, holdCommitteeMeeting, recordActionDone } from './decisions/committee.ts';
import { attachDocument } from './decisions/documents.ts';
import {
  amendAgreement,
  enterIntoForce,
  expireAgreement,
  recordExpiry,
  signAgreement,
  terminateAgreement,
} from './decisions/lifecycle.ts';
import { recordAgreement } from './decisions/recordAgreement.ts';
import { flagReviewDue, recordReview } from './decisions/review.ts';
import type { AgreementEvent } from './events.ts';
import { AgreementErrorType } from './rules.ts';
import type { AgreementState } from './state.ts';

/** The agreement's rules, one small function per command (./decisions). */
export function decideAgreement(command: AgreementCommand, state: AgreementState): AgreementEvent[] {
  if (command.type === 'RecordAgreement') return recordAgreement(command, state);
  if (state.status === null) {
    // A sweep may race an agreement that is not there; that is nothing to refuse.
    if (
      command.type === 'ExpireAgreement' ||
      command.type === 'FlagReviewDue' ||
      command.type === 'FlagOverdueActions'
    )
      return [];
    throw new DomainError(AgreementErrorType.AgreementNotFound, 'no such agreement', 'not-found');
  }
  switch (command.type) {
    case 'SignAgreement':
      return signAgreement(command, state);
    case 'EnterIntoForce':
      return enterIntoForce(command, state);
    case 'RecordReview':
      return recordReview(command, state);
    case 'AmendAgreement':
      return amendAgreement(command, state);
    case 'RecordExpiry':
      return recordExpiry(command, state);
    case 'TerminateAgreement':
      return terminateAgreement(command, state);
    case 'HoldCommitteeMeeting':
      return holdCommitteeMeeting(command, state);
    case 'RecordActionDone':
      return recordActionDone(command, state);
    case 'AttachDocument':
      return attachDocument(command, state);
    case 'ExpireAgreement':
      return expireAgreement(command, state);
    case 'FlagReviewDue':
      return flagReviewDue(command, state);
    case 'FlagOverdueActions':
      return flagOverdueActions(command, state);
    default:
      return assertNever(command);
  }
}
