import type { RevokeLicence } from '../commands.ts';
import { type AgencyEventOf, AgencyEventType as E } from '../events.ts';
import { requireStatus } from '../rules.ts';
import type { AgencyState } from '../state.ts';

/** Revocation is final; it reaches licences that are valid, suspended or lapsed. */
export function revokeLicence(command: RevokeLicence, state: AgencyState): [AgencyEventOf<'LicenceRevoked'>] {
  requireStatus(state, ['licensed', 'suspended', 'expired'], 'revoke');
  return [{ type: E.LicenceRevoked, data: { reason: command.reason, by: command.actor, at: command.now } }];
}
