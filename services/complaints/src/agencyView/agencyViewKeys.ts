import { names } from '@kazi/eventsourcing';

/**
 * The layout's version, in every key and in the durable consumer's name (`AGENCY_VIEW_CONSUMER`). Bump it
 * whenever what the keys hold changes: the view then fills a fresh key space from the start of the
 * registry's integration events and never reads keys written in an older layout.
 *   v1: token sets were plain sets (`…:agencies:token:<word>`)
 *   v2: token sets are sorted sets by the agency's number of words, plus a count of named agencies
 */
export const AGENCY_VIEW_LAYOUT = 2;

/**
 * Where the complaints service keeps its view of agencies in Redis. Under the complaints' own prefix:
 * the view is fed by integration events only and never shares keys with the registry's read models.
 */
export function agencyViewKeys(namespace: string) {
  const base = (...parts: string[]) =>
    names.redisKey(namespace, 'complaints', `agency-view-v${AGENCY_VIEW_LAYOUT}`, ...parts);
  const tokenPrefix = `${base('token')}:`;
  return {
    /** Hash: agencyId, name, status, licenceNumber, validUntil, updatedAt and the sequences guarding them. */
    agency: (agencyId: string) => base('agency', agencyId),
    /**
     * Sorted set of the ids of agencies whose name has this normalised word, scored by how many words the
     * name has: a bounded read from the start gets the shortest names, the closest matches for one word.
     */
    token: (token: string) => `${tokenPrefix}${token}`,
    /** The part before the token, for the Lua script that maintains the token sets. */
    tokenPrefix,
    /** Count of agencies with a name: what "a common word" is a share of. */
    namedCount: base('named-count'),
    /**
     * The agency hash of layout v1 (same fields): read while the v2 consumer re-fills the view after a
     * deploy, so an agency it has not replayed yet is still known. Drop with the v1 keys.
     */
    previousAgency: (agencyId: string) =>
      names.redisKey(namespace, 'complaints', 'agencies', 'agency', agencyId),
  };
}
