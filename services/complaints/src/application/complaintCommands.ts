import type { Clock } from '@kazi/core';
import type { CommandHandler } from '@kazi/eventsourcing';
import { type CommandPolicies, CommandService } from '@kazi/service-kit';
import type { ComplaintCommand, ComplaintEvent, ComplaintState } from '../domain/complaint/index.ts';

/** The stream of one complaint. */
export const complaintStream = (id: string) => `complaint.${id}`;

/**
 * What each complaint command expects of its stream. A lodging opens a stream under a fresh id; every
 * other command needs a lodged complaint (an unknown id is a 404), except the overdue sweep's flag, which
 * the decider turns into nothing on an empty stream. Assignments and notes add to the record whatever the
 * caller saw, and an erasure is checked against the caller's version before the key is destroyed, after
 * which it is a fact to record: those three are retried on a write conflict.
 */
export const complaintCommandPolicies: CommandPolicies<ComplaintCommand> = {
  LodgeComplaint: { state: 'new' },
  TriageComplaint: { state: 'existing' },
  AssignComplaint: { state: 'existing', additive: true },
  AddNote: { state: 'existing', additive: true },
  ReferComplaint: { state: 'existing' },
  ResolveComplaint: { state: 'existing' },
  CloseComplaint: { state: 'existing' },
  ReopenComplaint: { state: 'existing' },
  WithdrawComplaint: { state: 'existing' },
  EraseComplainantData: { state: 'existing', additive: true },
  FlagResponseOverdue: { state: 'any' },
};

export type ComplaintCommands = CommandService<ComplaintState, ComplaintCommand, ComplaintEvent>;

export function complaintCommands(
  handler: CommandHandler<ComplaintState, ComplaintCommand, ComplaintEvent>,
  clock: Clock,
): ComplaintCommands {
  return new CommandService({
    aggregate: 'complaint',
    handler,
    stream: complaintStream,
    clock,
    commands: complaintCommandPolicies,
  });
}
