import { DomainError } from '@kazi/core';
import type { RecordApplication } from '../commands.ts';
import { type AgencyEventOf, AgencyEventType as E } from '../events.ts';
import { AgencyErrorType } from '../rules.ts';
import type { AgencyState } from '../state.ts';

/** Records an application; directors who sat on a revoked agency are flagged, not refused (a human decides). */
export function recordApplication(
  command: RecordApplication,
  state: AgencyState,
): [AgencyEventOf<'ApplicationRecorded'>] {
  if (state.status !== null)
    throw new DomainError(AgencyErrorType.AgencyExists, 'this agency already has an application', 'conflict');
  const { application, minGuaranteeKes } = command;
  if (application.guarantee.amountKes < minGuaranteeKes) {
    throw new DomainError(
      AgencyErrorType.GuaranteeTooLow,
      `the security guarantee must be at least KES ${minGuaranteeKes}`,
      'invalid',
      {
        minimumKes: minGuaranteeKes,
      },
    );
  }
  return [
    {
      type: E.ApplicationRecorded,
      data: {
        ...application,
        agencyId: command.agencyId,
        flags: command.revokedDirectorMatches.map((m) => ({
          kind: 'director-of-revoked-agency' as const,
          ...m,
        })),
        recordedBy: command.actor,
        at: command.now,
      },
    },
  ];
}
