import type { Projection, RecordedEvent, RedisCommand } from '@kazi/eventsourcing';
import { AgencyEventType } from '../domain/agency/events.ts';
import { STATUS_AFTER, agencyIdOf } from './eventNames.ts';

/**
 * What anyone may see of an agency that has held a licence: name, licence number, status, valid until —
 * and nothing else, so nothing else can leak from here. Applicants never licensed are not listed.
 * Keys: `entry:<id>` hash, `listed` set of ids.
 */
export const publicRegisterProjection: Projection<RecordedEvent> = {
  name: 'agency-public-register',
  version: 1,
  apply(event, keys) {
    const id = agencyIdOf(event.streamName);
    if (!id) return [];
    const entry = keys.key('entry', id);
    const data = event.data as Record<string, unknown>;
    const status = STATUS_AFTER[event.type];
    switch (event.type) {
      case AgencyEventType.ApplicationRecorded:
        // Kept unlisted until a licence is issued; the name is needed then.
        return [['HSET', entry, 'name', String(data.name)]];
      case AgencyEventType.LicenceIssued:
        return [
          ['HSET', entry, 'licenceNumber', String(data.licenceNumber), 'validUntil', String(data.validUntil), 'status', 'licensed'],
          ['SADD', keys.key('listed'), id],
        ];
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
