import type { Projection, RecordedEvent, RedisCommand } from '@kazi/eventsourcing';
import { AgencyEventType } from '../domain/agency/events.ts';
import { AGENCY_STATUSES, agencyIdOf, STATUS_AFTER } from './eventNames.ts';

/**
 * The officers' index of agencies (search by status and name), the licences the expiry sweep watches,
 * and the fingerprints of directors of revoked agencies. Keys:
 * - `agency:<id>` hash: id, name, registrationNumber, county, status, licenceNumber, validUntil, updatedAt, flagged
 * - `all` set of ids; `status:<status>` set of ids per status
 * - `licensed-until` sorted set: id scored by validUntil (ms) while the licence may lapse
 * - `suspended-until` sorted set: id scored by the day its suspension ends, while suspended with an end date
 * - `director:<fingerprint>` set of agency ids; `revoked` set of revoked agency ids
 * The fingerprints are the keyed hashes the application recorded for each director; no id is in clear.
 */
export const agencyIndexProjection: Projection<RecordedEvent> = {
  name: 'agency-index',
  version: 2,
  apply(event, keys) {
    const id = agencyIdOf(event.streamName);
    if (!id) return [];
    const agency = keys.key('agency', id);
    const data = event.data as Record<string, unknown>;
    const commands: RedisCommand[] = [['HSET', agency, 'updatedAt', event.metadata.time]];
    const status = STATUS_AFTER[event.type];
    if (status) {
      for (const s of AGENCY_STATUSES) if (s !== status) commands.push(['SREM', keys.key('status', s), id]);
      commands.push(['SADD', keys.key('status', status), id], ['HSET', agency, 'status', status]);
    }
    switch (event.type) {
      case AgencyEventType.ApplicationRecorded: {
        const flags = Array.isArray(data.flags) ? data.flags : [];
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
          ],
          ['SADD', keys.key('all'), id],
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
