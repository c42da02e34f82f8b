import type { RejectApplication } from '../commands.ts';
import { type AgencyEventOf, AgencyEventType as E } from '../events.ts';
import { requireSecondPairOfEyes, requireStatus } from '../rules.ts';
import type { AgencyState } from '../state.ts';

/**
 * Rejection closes an application that was never licensed. Like approval it is the committee's
 * decision: whoever vetted the application may not make it (four eyes, docs/design/domain.md).
 */
export function rejectApplication(
  command: RejectApplication,
  state: AgencyState,
): [AgencyEventOf<'ApplicationRejected'>] {
  requireStatus(state, ['applied', 'under-vetting'], 'reject');
  requireSecondPairOfEyes(state, command.actor.sub);
  return [
    { type: E.ApplicationRejected, data: { reason: command.reason, by: command.actor, at: command.now } },
  ];
}
