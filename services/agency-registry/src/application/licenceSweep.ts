import { randomUUID } from 'node:crypto';
import type { AgencyCommand } from '../domain/agency/index.ts';
import type { AgencyRegistryDeps } from './agencyRegistryApp.ts';
import { agencyStream } from './agencyStream.ts';

/**
 * The clock's work: expires every licence that ran out, and lifts every suspension whose end date has
 * come. Safe to run often and on several replicas at once: the command id is deterministic, the decider
 * emits nothing when there is nothing to do, and a concurrent change conflicts and is retried on fresh
 * state — so each lapse yields one LicenceExpired and each end date one reinstatement.
 */
export async function sweepLicences(
  deps: Pick<AgencyRegistryDeps, 'agencies' | 'queries' | 'clock'>,
): Promise<{ expired: number; suspensionsEnded: number }> {
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const run = async (ids: string[], command: AgencyCommand, job: string) => {
    let changed = 0;
    for (const id of ids) {
      const result = await deps.agencies.handle(agencyStream(id), command, {
        metadata: {
          commandId: `${job}:${id}:${now.slice(0, 10)}`,
          actor: `system:${job}`,
          correlationId: randomUUID(),
          time: now,
        },
        retryOnConflict: 3,
      });
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
