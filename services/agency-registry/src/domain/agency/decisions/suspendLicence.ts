import { DomainError } from '@kazi/core';
import type { SuspendLicence } from '../commands.ts';
import { dateOf } from '../dates.ts';
import { type AgencyEventOf, AgencyEventType as E } from '../events.ts';
import { AgencyErrorType, requireStatus } from '../rules.ts';
import type { AgencyState } from '../state.ts';

/** Suspends a valid licence, until a later date or until reinstated. */
export function suspendLicence(
  command: SuspendLicence,
  state: AgencyState,
): [AgencyEventOf<'LicenceSuspended'>] {
  requireStatus(state, ['licensed'], 'suspend');
  const { reason, until, actor, now } = command;
  if (until !== undefined && dateOf(until) <= dateOf(now)) {
    throw new DomainError(
      AgencyErrorType.InvalidSuspensionUntil,
      'a suspension must end after today',
      'invalid',
      {
        until,
      },
    );
  }
  return [
    {
      type: E.LicenceSuspended,
      data: { reason, ...(until !== undefined ? { until } : {}), by: actor, at: now },
    },
  ];
}
