import { nameIndexKeys, names, type ProjectionKeys } from '@kazi/eventsourcing';

/**
 * Where the complaints service keeps its view of agencies: the keys of one generation of the agency-view
 * projection (`<ns>:rm:complaints-agency-view:g<N>:…`). The view is fed by integration events only and
 * never shares keys with the registry's read models.
 */
export function agencyViewKeys(keys: ProjectionKeys) {
  const index = nameIndexKeys(keys, 'agency');
  return {
    ...index,
    /** Hash: agencyId, name, tokens, status, licenceNumber, validUntil, updatedAt and seq (last position). */
    agency: index.entry,
  };
}

export type AgencyViewKeys = ReturnType<typeof agencyViewKeys>;

/**
 * The agency hash the view's durable consumer wrote before the view was a projection (consumer
 * `complaints-agency-view-v2`, keys `<ns>:complaints:agency-view-v2:…`, same fields): read while the
 * projection fills after the deploy, so an agency it has not reached yet is still known. Drop with those
 * keys (docs/bounded-work.md).
 */
export const previousAgencyKey = (namespace: string, agencyId: string): string =>
  names.redisKey(namespace, 'complaints', 'agency-view-v2', 'agency', agencyId);
