import type { EndSuspension } from '../commands.ts';
import { type AgencyEventOf, AgencyEventType as E } from '../events.ts';
import type { AgencyState } from '../state.ts';

/** Who lifts a suspension when its end date comes: the clock, on NEA's behalf. */
export const SUSPENSION_END = { sub: 'system:suspension-end', name: 'Suspension end date' } as const;

/**
 * A suspension `until` a date ends at the start of that day (UTC): the clock sweep asks every candidate,
 * and only a suspended agency whose date has come is reinstated. Anything else decides nothing, so the
 * sweep can run any number of times on any replica.
 */
export function endSuspension(command: EndSuspension, state: AgencyState): [] | [AgencyEventOf<'LicenceReinstated'>] {
  const until = state.suspension?.until;
  if (state.status !== 'suspended' || !until || Date.parse(command.now) < Date.parse(`${until}T00:00:00.000Z`)) return [];
  return [{ type: E.LicenceReinstated, data: { by: { ...SUSPENSION_END }, at: command.now } }];
}
