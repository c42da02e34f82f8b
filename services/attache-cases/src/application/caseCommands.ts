import type { CommandPolicies, CommandService } from '@kazi/service-kit';
import type {
  CaseCommand,
  CaseEvent,
  CaseState,
  EmployerCommand,
  EmployerEvent,
  EmployerState,
} from '../domain/index.ts';

/** The stream categories: a case is `case.<id>`, an employer `employer.<id>` (404s name them too). */
export const CASE_CATEGORY = 'case';
export const EMPLOYER_CATEGORY = 'employer';

/**
 * What each case command expects of its stream. An opening writes a new stream: under a fresh id for an
 * attaché, under an id derived from the complaint for a referral, so a referral delivered again (or to
 * two replicas at once) finds the stream written and opens nothing (a write conflict: already done).
 * Every change needs a recorded case and the version the attaché saw; the erasure is checked against the
 * caller's version before the key is destroyed, after which it is a fact to record (retried on conflict).
 */
export const casePolicies: CommandPolicies<CaseCommand> = {
  OpenCase: { state: 'new' },
  RecordCaseUpdate: { state: 'existing' },
  RecordRepatriationStage: { state: 'existing' },
  CloseCase: { state: 'existing' },
  RecordWorkerDetails: { state: 'existing' },
  EraseWorkerData: { state: 'existing', additive: true },
};

/** A registration opens a stream under a fresh id; a vetting adds to the record whatever the caller saw. */
export const employerPolicies: CommandPolicies<EmployerCommand> = {
  RegisterEmployer: { state: 'new' },
  VetEmployer: { state: 'existing', additive: true },
};

export type CaseCommands = CommandService<CaseState, CaseCommand, CaseEvent>;
export type EmployerCommands = CommandService<EmployerState, EmployerCommand, EmployerEvent>;
