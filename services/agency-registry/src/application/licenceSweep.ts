import type { Clock } from '@kazi/core';
import type { AgencyCommand } from '../domain/agency/index.ts';
import type { AgencyQueries } from '../projections/queries.ts';
import type { AgencyCommands } from './agencyCommands.ts';

/**
 * The clock's work: expires every licence that ran out, and lifts every suspension whose end date has
 * come. Safe to run often and on several replicas at once: the command id is deterministic (one per job,
 * agency and day), the decider emits nothing when there is nothing to do, and a concurrent change
 * conflicts and is retried on fresh state — so each lapse yields one LicenceExpired and each end date one
 * reinstatement.
 */
export async function sweepLicences(deps: {
  agencies: AgencyCommands;
  queries: AgencyQueries;
  clock: Clock;
}): Promise<{ expired: number; suspensionsEnded: number }> {
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const run = async (ids: string[], command: AgencyCommand, job: string) => {
    let changed = 0;
    for (const id of ids) {
      const result = await deps.agencies.handleScheduled(id, command, { job, key: now.slice(0, 10), now });
      changed += result.events.length > 0 ? 1 : 0;
    }
    return changed;
  };
  // Suspensions first: a licence that lapsed while suspended is then expired in the same sweep.
  const suspensionsEnded = await run(
    await deps.queries.endedSuspensions(nowDate),
    { type: 'EndSuspension', now },
    'suspension-end',
  );
  const expired = await run(
    await deps.queries.lapsedLicences(nowDate),
    { type: 'ExpireLicence', now },
    'licence-expiry',
  );
  return { expired, suspensionsEnded };
}
