import type { Projection, RecordedEvent, RedisCommand } from '@kazi/eventsourcing';
import { AgencyEventType } from '../domain/agency/events.ts';
import { AGENCY_STATUSES, agencyIdOf, STATUS_AFTER } from './eventNames.ts';
import { fileByName, fileUnderIdentifier, wordIndexKeys } from './wordIndex.ts';

/**
 * The officers' index of agencies (search by status, words of the name, registration or licence number),
 * the licences the expiry sweep watches, and the fingerprints of directors of revoked agencies. Keys:
 * - `agency:<id>` hash: id, name, registrationNumber, county, status, licenceNumber, validUntil, updatedAt,
 *   flagged, sortKey (searchText.ts), words (space-separated)
 * - ordered by (lower-case name, id), see wordIndex.ts: `all`, `status:<status>`, `word:<word>`,
 *   `id:<registration or licence number>`; `words`, the dictionary of indexed words
 * - `licensed-until` sorted set: id scored by validUntil (ms) while the licence may lapse
 * - `suspended-until` sorted set: id scored by the day its suspension ends, while suspended with an end date
 * - `director:<fingerprint>` set of agency ids; `revoked` set of revoked agency ids (an erased director's
 *   sets keep only revoked agencies: ADR 0007)
 * The fingerprints are the keyed hashes the application recorded for each director; no id is in clear.
 * Status events do not carry the name, so an agency moves between status sets by the sort key on its row
 * (ZADDFIELD / ZREMFIELD, see the projections README).
 */
export const agencyIndexProjection: Projection<RecordedEvent> = {
  name: 'agency-index',
  version: 3,
  apply(event, keys) {
    const id = agencyIdOf(event.streamName);
    if (!id) return [];
    const agency = keys.key('agency', id);
    const index = wordIndexKeys(keys, 'agency');
    const data = event.data as Record<string, unknown>;
    const commands: RedisCommand[] = [['HSET', agency, 'updatedAt', event.metadata.time]];
    switch (event.type) {
      case AgencyEventType.ApplicationRecorded: {
        const flags = Array.isArray(data.flags) ? data.flags : [];
        const named = fileByName(index, id, String(data.name));
        commands.push(
          [
            'HSET',
            agency,
            'id',
            id,
            'name',
            String(data.name),
            'registrationNumber',
            String(data.registrationNumber),
            'county',
            String(data.county),
            'flagged',
            flags.length > 0 ? '1' : '0',
            ...named.rowFields,
          ],
          ...named.commands,
          ...fileUnderIdentifier(index, id, String(data.registrationNumber)),
        );
        for (const fingerprint of fingerprintsOf(data)) {
          commands.push(['SADD', keys.key('director', fingerprint), id]);
        }
        break;
      }
      case AgencyEventType.LicenceIssued:
        commands.push(
          [
            'HSET',
            agency,
            'licenceNumber',
            String(data.licenceNumber),
            'validUntil',
            String(data.validUntil),
          ],
          ['ZADD', keys.key('licensed-until'), Date.parse(String(data.validUntil)), id],
          ...fileUnderIdentifier(index, id, String(data.licenceNumber)),
        );
        break;
      case AgencyEventType.LicenceRenewed:
        commands.push(
          ['HSET', agency, 'validUntil', String(data.validUntil)],
          ['ZADD', keys.key('licensed-until'), Date.parse(String(data.validUntil)), id],
        );
        break;
      case AgencyEventType.LicenceExpired:
        commands.push(['ZREM', keys.key('licensed-until'), id]);
        break;
      case AgencyEventType.LicenceSuspended:
        if (data.until)
          commands.push([
            'ZADD',
            keys.key('suspended-until'),
            Date.parse(`${String(data.until)}T00:00:00.000Z`),
            id,
          ]);
        break;
      case AgencyEventType.LicenceReinstated:
        commands.push(['ZREM', keys.key('suspended-until'), id]);
        break;
      case AgencyEventType.LicenceRevoked:
        commands.push(
          ['ZREM', keys.key('licensed-until'), id],
          ['ZREM', keys.key('suspended-until'), id],
          ['SADD', keys.key('revoked'), id],
        );
        break;
      case AgencyEventType.DirectorErased:
        // ADR 0007: an erased director's fingerprints stay only as links to agencies already revoked.
        for (const fingerprint of Array.isArray(data.fingerprints) ? data.fingerprints.map(String) : []) {
          const director = keys.key('director', fingerprint);
          commands.push(['SINTERSTORE', director, director, keys.key('revoked')]);
        }
        break;
    }
    // After the switch: an application's row gets its sort key there, and the status sets read it.
    const status = STATUS_AFTER[event.type];
    if (status) {
      commands.push(['HSET', agency, 'status', status]);
      for (const s of AGENCY_STATUSES)
        if (s !== status) commands.push(['ZREMFIELD', keys.key('status', s), agency, 'sortKey']);
      commands.push(['ZADDFIELD', keys.key('status', status), 0, agency, 'sortKey']);
    }
    return commands;
  },
};

/** Every director's fingerprints, as an ApplicationRecorded event holds them. */
function fingerprintsOf(application: Record<string, unknown>): string[] {
  const directors = Array.isArray(application.directors) ? application.directors : [];
  return directors.flatMap((d: { fingerprints?: unknown }) =>
    Array.isArray(d?.fingerprints) ? d.fingerprints.map(String) : [],
  );
}
