import type { Projection, RecordedEvent, RedisCommand } from '@kazi/eventsourcing';
import { AgencyEventType } from '../domain/agency/events.ts';
import { agencyIdOf, STATUS_AFTER } from './eventNames.ts';
import { fileByName, fileUnderIdentifier, wordIndexKeys } from './wordIndex.ts';

/**
 * What anyone may see of an agency that has held a licence: name, licence number, status, valid until —
 * and nothing else, so nothing else can leak from here. Applicants never licensed are not listed.
 * Keys: `entry:<id>` hash (the four fields, plus sortKey and words for searching); ordered by (lower-case
 * name, id), see wordIndex.ts: `all` (every listed agency), `word:<word>`, `id:<licence number>`, and the
 * dictionary `words`. An agency is listed once, when its licence is issued, and stays listed.
 */
export const publicRegisterProjection: Projection<RecordedEvent> = {
  name: 'agency-public-register',
  version: 2,
  apply(event, keys) {
    const id = agencyIdOf(event.streamName);
    if (!id) return [];
    const entry = keys.key('entry', id);
    const index = wordIndexKeys(keys, 'entry');
    const data = event.data as Record<string, unknown>;
    const status = STATUS_AFTER[event.type];
    switch (event.type) {
      case AgencyEventType.LicenceIssued: {
        // The licence carries the name: an applicant's name is never written here before it is public.
        const name = String(data.agencyName);
        const named = fileByName(index, id, name);
        return [
          [
            'HSET',
            entry,
            'name',
            name,
            'licenceNumber',
            String(data.licenceNumber),
            'validUntil',
            String(data.validUntil),
            'status',
            'licensed',
            ...named.rowFields,
          ],
          ...named.commands,
          ...fileUnderIdentifier(index, id, String(data.licenceNumber)),
        ];
      }
      case AgencyEventType.LicenceRenewed:
        return [['HSET', entry, 'validUntil', String(data.validUntil), 'status', 'licensed']];
      case AgencyEventType.LicenceSuspended:
      case AgencyEventType.LicenceReinstated:
      case AgencyEventType.LicenceRevoked:
      case AgencyEventType.LicenceExpired:
        return [['HSET', entry, 'status', status ?? 'unknown'] as RedisCommand];
      default:
        return [];
    }
  },
};
