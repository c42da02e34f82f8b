import type { Projection, RecordedEvent, RedisCommand } from '@kazi/eventsourcing';
import { AgencyEventType as E } from '../domain/agency/events.ts';
import { agencyEventOf, statusAfter } from './eventNames.ts';
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
  apply(recorded, keys) {
    const found = agencyEventOf(recorded);
    if (!found) return [];
    const { id, event } = found;
    const entry = keys.key('entry', id);
    const index = wordIndexKeys(keys, 'entry');
    switch (event.type) {
      case E.LicenceIssued: {
        // The licence carries the name: an applicant's name is never written here before it is public.
        const d = event.data;
        const named = fileByName(index, id, d.agencyName);
        return [
          [
            'HSET',
            entry,
            'name',
            d.agencyName,
            'licenceNumber',
            d.licenceNumber,
            'validUntil',
            d.validUntil,
            'status',
            'licensed',
            ...named.rowFields,
          ],
          ...named.commands,
          ...fileUnderIdentifier(index, id, d.licenceNumber),
        ];
      }
      case E.LicenceRenewed:
        return [['HSET', entry, 'validUntil', event.data.validUntil, 'status', 'licensed']];
      case E.LicenceSuspended:
      case E.LicenceReinstated:
      case E.LicenceRevoked:
      case E.LicenceExpired:
        return [['HSET', entry, 'status', statusAfter(event) ?? 'unknown'] as RedisCommand];
      default:
        return [];
    }
  },
};
