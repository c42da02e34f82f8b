import type { ExpireLicence } from '../commands.ts';
import { hasLapsed } from '../dates.ts';
import { type AgencyEventOf, AgencyEventType as E } from '../events.ts';
import type { AgencyState } from '../state.ts';

/**
 * The clock sweep asks every candidate; only a licensed agency past its last valid day expires. Anything
 * else decides nothing rather than failing, so the sweep can run any number of times on any replica and
 * each lapse yields exactly one LicenceExpired.
 */
export function expireLicence(
  command: ExpireLicence,
  state: AgencyState,
): [] | [AgencyEventOf<'LicenceExpired'>] {
  const licence = state.licence;
  if (state.status !== 'licensed' || !licence || !hasLapsed(licence.validUntil, command.now)) return [];
  return [
    {
      type: E.LicenceExpired,
      data: { licenceNumber: licence.number, validUntil: licence.validUntil, at: command.now },
    },
  ];
}
