import type { Clock } from '@kazi/core';
import type { CommandHandler } from '@kazi/eventsourcing';
import { type CommandPolicies, CommandService } from '@kazi/service-kit';
import type { AgencyCommand, AgencyEvent, AgencyState } from '../domain/agency/index.ts';
import { agencyStream } from './agencyStream.ts';

/**
 * What each agency command expects of its agency. An application opens a new agency; everything else
 * needs one recorded (an unknown id is a 404). A vetting check and a director's erasure only add to the
 * record, so a write that races another is decided again rather than refused.
 */
export const agencyCommandPolicies: CommandPolicies<AgencyCommand> = {
  RecordApplication: { state: 'new' },
  RecordVettingCheck: { state: 'existing', additive: true },
  ApproveLicence: { state: 'existing' },
  RejectApplication: { state: 'existing' },
  RenewLicence: { state: 'existing' },
  SuspendLicence: { state: 'existing' },
  ReinstateLicence: { state: 'existing' },
  RevokeLicence: { state: 'existing' },
  EraseDirector: { state: 'existing', additive: true },
  ExpireLicence: { state: 'existing' },
  EndSuspension: { state: 'existing' },
};

/** The agencies' command service: every command on an agency goes through it. */
export type AgencyCommands = CommandService<AgencyState, AgencyCommand, AgencyEvent>;

export const agencyCommands = (
  handler: CommandHandler<AgencyState, AgencyCommand, AgencyEvent>,
  clock: Clock,
): AgencyCommands =>
  new CommandService({
    aggregate: 'agency',
    handler,
    stream: agencyStream,
    clock,
    commands: agencyCommandPolicies,
  });
