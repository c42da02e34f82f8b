import type { Projection, RecordedEvent, RedisCommand } from '@kazi/eventsourcing';
import { AgencyEventType as E } from '../domain/agency/events.ts';
import { AGENCY_STATUSES, agencyEventOf, statusAfter } from './eventNames.ts';
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
  apply(recorded, keys) {
    const found = agencyEventOf(recorded);
    if (!found) return [];
    const { id, event } = found;
    const agency = keys.key('agency', id);
    const index = wordIndexKeys(keys, 'agency');
    const commands: RedisCommand[] = [['HSET', agency, 'updatedAt', recorded.metadata.time]];
    switch (event.type) {
      case E.ApplicationRecorded: {
        const d = event.data;
        const named = fileByName(index, id, d.name);
        commands.push(
          [
            'HSET',
            agency,
            'id',
            id,
            'name',
            d.name,
            'registrationNumber',
            d.registrationNumber,
            'county',
            d.county,
            'flagged',
            d.flags.length > 0 ? '1' : '0',
            ...named.rowFields,
          ],
          ...named.commands,
          ...fileUnderIdentifier(index, id, d.registrationNumber),
        );
        // The keyed hashes the application recorded for each director; no id is in clear.
        for (const fingerprint of d.directors.flatMap((director) => director.fingerprints)) {
          commands.push(['SADD', keys.key('director', fingerprint), id]);
        }
        break;
      }
      case E.LicenceIssued: {
        const d = event.data;
        commands.push(
          ['HSET', agency, 'licenceNumber', d.licenceNumber, 'validUntil', d.validUntil],
          ['ZADD', keys.key('licensed-until'), Date.parse(d.validUntil), id],
          ...fileUnderIdentifier(index, id, d.licenceNumber),
        );
        break;
      }
      case E.LicenceRenewed:
        commands.push(
          ['HSET', agency, 'validUntil', event.data.validUntil],
          ['ZADD', keys.key('licensed-until'), Date.parse(event.data.validUntil), id],
        );
        break;
      case E.LicenceExpired:
        commands.push(['ZREM', keys.key('licensed-until'), id]);
        break;
      case E.LicenceSuspended:
        if (event.data.until)
          commands.push([
            'ZADD',
            keys.key('suspended-until'),
            Date.parse(`${event.data.until}T00:00:00.000Z`),
            id,
          ]);
        break;
      case E.LicenceReinstated:
        commands.push(['ZREM', keys.key('suspended-until'), id]);
        break;
      case E.LicenceRevoked:
        commands.push(
          ['ZREM', keys.key('licensed-until'), id],
          ['ZREM', keys.key('suspended-until'), id],
          ['SADD', keys.key('revoked'), id],
        );
        break;
      case E.DirectorErased:
        // ADR 0007: an erased director's fingerprints stay only as links to agencies already revoked.
        for (const fingerprint of event.data.fingerprints) {
          const director = keys.key('director', fingerprint);
          commands.push(['SINTERSTORE', director, director, keys.key('revoked')]);
        }
        break;
      case E.VettingCheckRecorded:
      case E.ApplicationRejected:
        break;
      default: {
        const unhandled: never = event;
        void unhandled;
      }
    }
    // After the switch: an application's row gets its sort key there, and the status sets read it.
    const status = statusAfter(event);
    if (status) {
      commands.push(['HSET', agency, 'status', status]);
      for (const s of AGENCY_STATUSES)
        if (s !== status) commands.push(['ZREMFIELD', keys.key('status', s), agency, 'sortKey']);
      commands.push(['ZADDFIELD', keys.key('status', status), 0, agency, 'sortKey']);
    }
    return commands;
  },
};
