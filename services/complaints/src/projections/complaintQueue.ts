import type { Projection, RecordedEvent, RedisCommand } from '@kazi/eventsourcing';
import {
  type ComplaintEvent,
  ComplaintEventType as E,
  isComplaintEventType,
} from '../domain/complaint/events.ts';
import { SEVERITIES, type Severity } from '../domain/complaint/vocabulary.ts';
import { leaveOpen, moveStatus, queueIndex, reposition } from './queueIndexes.ts';

export const complaintIdOf = (streamName: string): string | undefined =>
  streamName.startsWith('complaint.') ? streamName.slice('complaint.'.length) : undefined;

/** Most severe first, then nearest deadline: one number, so Redis keeps the queue in order. */
export const queueScore = (severity: Severity, respondBy: string): number =>
  SEVERITIES.indexOf(severity) * 1e13 + Date.parse(respondBy);

/** Far beyond any deadline: keeps a reported complaint in the due set without the sweep picking it up. */
const NOT_DUE = 9e15;

/**
 * A complaint's status from its summary: `status` is written by the events that set it outright; `triaged`
 * and `assigned` marks say what triage and assignment did to a lodged or reopened complaint.
 */
export function statusOf(summary: Record<string, string | undefined>): string {
  const base = summary.status ?? 'lodged';
  if ((base === 'lodged' || base === 'reopened') && summary.assigned === '1') return 'assigned';
  if (base === 'lodged' && summary.triaged === '1') return 'triaged';
  return base;
}

/**
 * The officers' queue and the look-ups the service needs, without any personal data (so nothing here needs
 * erasing: a summary only says whether the complainant's data is held or erased).
 * Keys: `c:<id>` summary hash; the indexes of queueIndexes.ts, each sorted by queueScore (`all`, `open`,
 * `status:<s>`, `severity:<s>`, `agency:<id>`, `country:<cc>`, `open-agency:<id>`, `open-country:<cc>`); `ref:<reference>` → id; `due`: complaints
 * awaiting a first response, by deadline, for the overdue sweep.
 * A projection writes without reading, so: rescoring uses ZADD XX (a member is moved where it is, never
 * added where it is not); status moves copy the position with ZADDSCOREOF; and triage, which turns only a
 * `lodged` complaint into `triaged`, sets a `triaged` mark the reader combines with `status` (see statusOf).
 * Version 2: the per-filter indexes (v1 kept agency and country as plain sets and no status or severity
 * sets). Version 3: the open sets per agency and country. The runner rebuilds a new generation from the log
 * and switches when it has caught up; until then the reader uses what the live generation has.
 */
export const complaintQueueProjection: Projection<RecordedEvent> = {
  name: 'complaint-queue',
  version: 3,
  apply(recorded, keys) {
    const id = complaintIdOf(recorded.streamName);
    if (!id || !isComplaintEventType(recorded.type)) return [];
    const event = { type: recorded.type, data: recorded.data } as ComplaintEvent;
    const summary = keys.key('c', id);
    const at = event.data.at;
    // Referral happens only to open complaints and keeps them open; the other moves leave the queue.
    const status = (value: string, extra: (string | number)[] = []): RedisCommand[] => [
      ['HSET', summary, 'status', value, 'updatedAt', at, ...extra],
      ...moveStatus(keys, id, value),
      ...(value === 'referred' ? [] : leaveOpen(keys, summary, id)),
    ];
    const responded: RedisCommand = ['ZREM', keys.key('due'), id];

    switch (event.type) {
      case E.Lodged: {
        const d = event.data;
        const score = queueScore(d.severity, d.respondBy);
        return [
          [
            'HSET',
            summary,
            ...Object.entries({
              id,
              reference: d.reference,
              status: 'lodged',
              triaged: '0',
              severity: d.severity,
              respondBy: d.respondBy,
              overdue: '0',
              country: d.location.country,
              agencyId: d.agency.agencyId ?? '',
              agencyName: d.agency.agencyName ?? '',
              categories: d.categories.join(','),
              flags: d.flags.map((f) => f.kind).join(','),
              lodgedBy: d.lodgedBy.sub,
              assignee: '',
              referredTo: '',
              personalData: 'held',
              lodgedAt: d.at,
              updatedAt: d.at,
            }).flat(),
          ],
          ['ZADD', queueIndex.all(keys), score, id],
          ['ZADD', queueIndex.open(keys), score, id],
          ['ZADD', queueIndex.status(keys, 'lodged'), score, id],
          ['ZADD', queueIndex.severity(keys, d.severity), score, id],
          ['ZADD', queueIndex.country(keys, d.location.country), score, id],
          ['ZADD', queueIndex.openCountry(keys, d.location.country), score, id],
          ...(d.agency.agencyId
            ? ([
                ['ZADD', queueIndex.agency(keys, d.agency.agencyId), score, id],
                ['ZADD', queueIndex.openAgency(keys, d.agency.agencyId), score, id],
              ] as RedisCommand[])
            : []),
          ['SET', keys.key('ref', d.reference), id],
          ['ZADD', keys.key('due'), Date.parse(d.respondBy), id],
        ];
      }
      case E.Triaged: {
        const d = event.data;
        return [
          [
            'HSET',
            summary,
            'triaged',
            '1',
            'severity',
            d.severity,
            'respondBy',
            d.respondBy,
            'categories',
            d.categories.join(','),
            'updatedAt',
            at,
          ],
          ...moveStatus(keys, id, 'triaged', ['lodged']),
          ...reposition(keys, summary, id, d.severity, queueScore(d.severity, d.respondBy)),
          ['ZADD', keys.key('due'), 'XX', Date.parse(d.respondBy), id],
        ];
      }
      case E.Assigned:
        // Assigning a referred complaint keeps it referred: the reader prefers `referred` (statusOf).
        return [
          ['HSET', summary, 'assignee', event.data.assignee, 'assigned', '1', 'updatedAt', at],
          ...moveStatus(keys, id, 'assigned', ['lodged', 'triaged', 'reopened']),
          responded,
        ];
      case E.Referred:
        return [...status('referred', ['referredTo', event.data.to]), responded];
      case E.Resolved:
        return [...status('resolved'), responded];
      case E.Closed:
        return status('closed');
      case E.Withdrawn:
        return [...status('withdrawn'), responded];
      case E.Reopened: {
        const d = event.data;
        return [
          [
            'HSET',
            summary,
            'status',
            'reopened',
            'assigned',
            '0',
            'severity',
            d.severity,
            'respondBy',
            d.respondBy,
            'overdue',
            '0',
            'updatedAt',
            at,
          ],
          ...moveStatus(keys, id, 'reopened'),
          ...reposition(keys, summary, id, d.severity, queueScore(d.severity, d.respondBy)),
          ['ZADD', keys.key('due'), Date.parse(d.respondBy), id],
        ];
      }
      case E.ResponseOverdue:
        return [
          ['HSET', summary, 'overdue', '1'],
          ['ZADD', keys.key('due'), 'XX', NOT_DUE, id],
        ];
      case E.ComplainantDataErased:
        return [['HSET', summary, 'personalData', 'erased', 'updatedAt', at]];
      case E.NoteAdded:
        return [['HSET', summary, 'updatedAt', at]];
      default: {
        const unhandled: never = event;
        void unhandled;
        return [];
      }
    }
  },
};
