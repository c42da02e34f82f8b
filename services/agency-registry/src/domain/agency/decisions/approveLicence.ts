import { DomainError } from '@kazi/core';
import type { ApproveLicence } from '../commands.ts';
import { dateOf, validUntilFor } from '../dates.ts';
import { type AgencyEventOf, AgencyEventType as E } from '../events.ts';
import { AgencyErrorType, requireSecondPairOfEyes, requireStatus, unpassedChecks } from '../rules.ts';
import type { AgencyState } from '../state.ts';

/** Issues the licence: every required check passed, and the approver vetted none of this application. */
export function approveLicence(
  command: ApproveLicence,
  state: AgencyState,
): [AgencyEventOf<'LicenceIssued'>] {
  requireStatus(state, ['applied', 'under-vetting'], 'approve');
  const { missing, failed } = unpassedChecks(state, command.rules.requiredChecks);
  if (missing.length > 0 || failed.length > 0) {
    throw new DomainError(
      AgencyErrorType.VettingIncomplete,
      'every required vetting check must have passed',
      'invalid',
      { missing, failed },
    );
  }
  requireSecondPairOfEyes(state, command.actor.sub);
  const validFrom = dateOf(command.now);
  return [
    {
      type: E.LicenceIssued,
      data: {
        agencyName: state.application?.name ?? '',
        registrationNumber: state.application?.registrationNumber ?? '',
        licenceNumber: command.licenceNumber,
        validFrom,
        validUntil: validUntilFor(validFrom, command.rules.validityMonths),
        approvedBy: command.actor,
        at: command.now,
      },
    },
  ];
}
