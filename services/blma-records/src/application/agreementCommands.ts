import type { CommandPolicies, CommandService } from '@kazi/service-kit';
import type { AgreementCommand, AgreementEvent, AgreementState } from '../domain/index.ts';

/** Streams of agreements are `agreement.<id>`; a 404 names "agreement". */
export const AGREEMENT_CATEGORY = 'agreement';

/**
 * What each agreement command expects of its stream. A recording opens a stream under a fresh id; every
 * officer's change needs a recorded agreement (an unknown id is a 404). A meeting, an action done and a
 * document add to the record whatever the caller saw, so without a version they are decided again on a
 * write conflict. The clock's commands run on any stream: on one nobody recorded the decider decides nothing.
 */
export const agreementCommandPolicies: CommandPolicies<AgreementCommand> = {
  RecordAgreement: { state: 'new' },
  SignAgreement: { state: 'existing' },
  EnterIntoForce: { state: 'existing' },
  RecordReview: { state: 'existing' },
  AmendAgreement: { state: 'existing' },
  RecordExpiry: { state: 'existing' },
  TerminateAgreement: { state: 'existing' },
  HoldCommitteeMeeting: { state: 'existing', additive: true },
  RecordActionDone: { state: 'existing', additive: true },
  AttachDocument: { state: 'existing', additive: true },
  ExpireAgreement: { state: 'any' },
  FlagReviewDue: { state: 'any' },
  FlagOverdueActions: { state: 'any' },
};

export type AgreementCommands = CommandService<AgreementState, AgreementCommand, AgreementEvent>;

/** The agreement id of a stream of this context, or undefined for any other stream. */
export const agreementIdOf = (streamName: string): string | undefined =>
  streamName.startsWith(`${AGREEMENT_CATEGORY}.`)
    ? streamName.slice(AGREEMENT_CATEGORY.length + 1)
    : undefined;
