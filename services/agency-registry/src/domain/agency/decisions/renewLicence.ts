import type { RenewLicence } from '../commands.ts';
import { addDays, dateOf, laterDate, validUntilFor } from '../dates.ts';
import { type AgencyEventOf, AgencyEventType as E } from '../events.ts';
import { requireStatus } from '../rules.ts';
import type { AgencyState } from '../state.ts';

/**
 * Extends a licensed or expired licence. The new period starts at the later of today and the day after the
 * current end, so an early renewal loses no days and a late one does not backdate.
 */
export function renewLicence(command: RenewLicence, state: AgencyState): [AgencyEventOf<'LicenceRenewed'>] {
  requireStatus(state, ['licensed', 'expired'], 'renew');
  const licence = state.licence;
  if (!licence) throw new Error(`agency ${state.id} is ${state.status} without a licence`);
  const from = laterDate(dateOf(command.now), addDays(licence.validUntil, 1));
  const validUntil = validUntilFor(from, command.rules.validityMonths);
  return [
    {
      type: E.LicenceRenewed,
      data: { licenceNumber: licence.number, validUntil, by: command.actor, at: command.now },
    },
  ];
}
