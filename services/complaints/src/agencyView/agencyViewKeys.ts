import { names } from '@kazi/eventsourcing';

/**
 * Where the complaints service keeps its view of agencies in Redis. Under the complaints' own prefix:
 * the view is fed by integration events only and never shares keys with the registry's read models.
 */
export function agencyViewKeys(namespace: string) {
  const tokenPrefix = `${names.redisKey(namespace, 'complaints', 'agencies', 'token')}:`;
  return {
    /** Hash: agencyId, name, status, licenceNumber, validUntil, updatedAt and the sequences guarding them. */
    agency: (agencyId: string) => names.redisKey(namespace, 'complaints', 'agencies', 'agency', agencyId),
    /** Set of the ids of agencies whose name has this normalised token. */
    token: (token: string) => `${tokenPrefix}${token}`,
    /** The part before the token, for the Lua script that maintains the token sets. */
    tokenPrefix,
  };
}
