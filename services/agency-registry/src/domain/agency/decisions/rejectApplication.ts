import type { RejectApplication } from '../commands.ts';
import { type AgencyEventOf, AgencyEventType as E } from '../events.ts';
import { requireStatus } from '../rules.ts';
import type { AgencyState } from '../state.ts';

/** Rejection closes an application that was never licensed. */
export function rejectApplication(
  command: RejectApplication,
  state: AgencyState,
): [AgencyEventOf<'ApplicationRejected'>] {
  requireStatus(state, ['applied', 'under-vetting'], 'reject');
  return [
    { type: E.ApplicationRejected, data: { reason: command.reason, by: command.actor, at: command.now } },
  ];
}
