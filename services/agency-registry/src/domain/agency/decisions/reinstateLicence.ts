import type { ReinstateLicence } from '../commands.ts';
import { type AgencyEventOf, AgencyEventType as E } from '../events.ts';
import { requireStatus } from '../rules.ts';
import type { AgencyState } from '../state.ts';

/** Lifts a suspension; the licence keeps its end date. */
export function reinstateLicence(
  command: ReinstateLicence,
  state: AgencyState,
): [AgencyEventOf<'LicenceReinstated'>] {
  requireStatus(state, ['suspended'], 'reinstate');
  return [{ type: E.LicenceReinstated, data: { by: command.actor, at: command.now } }];
}
