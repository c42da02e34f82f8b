import { names, type ProjectionKeys } from '@kazi/eventsourcing';

/**
 * Where the complaints service keeps its view of agencies: the keys of one generation of the agency-view
 * projection (`<ns>:rm:complaints-agency-view:g<N>:…`). The view is fed by integration events only and
 * never shares keys with the registry's read models.
 */
export function agencyViewKeys(keys: ProjectionKeys) {
  const tokenPrefix = `${keys.key('token')}:`;
  return {
    /** Hash: agencyId, name, tokens, status, licenceNumber, validUntil, updatedAt and seq (last position). */
    agency: (agencyId: string) => keys.key('agency', agencyId),
    /**
     * Sorted set of the ids of agencies whose name has this normalised word, scored by how many words the
     * name has: a bounded read from the start gets the shortest names, the closest matches for one word.
     */
    token: (token: string) => `${tokenPrefix}${token}`,
    /** The part before the token, for ZREMKEYWORDS (the apply script takes a renamed agency out). */
    tokenPrefix,
    /**
     * HyperLogLog of the agencies with a name (PFADD, read with PFCOUNT): what "a common word" is a share
     * of. A renamed agency is added again and still counted once; the estimate's ~1% error is nothing to a
     * share that only decides which words are read.
     */
    named: keys.key('named'),
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
