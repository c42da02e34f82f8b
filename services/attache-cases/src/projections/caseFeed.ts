import type { Projection, RecordedEvent, RedisCommand } from '@kazi/eventsourcing';
import { CASE_CATEGORY } from '../application/caseCommands.ts';
import { type CaseEvent, CaseEventType as E, isCaseEventType } from '../domain/index.ts';
import { caseFeedKeys } from './caseFeedKeys.ts';

export const CASE_FEED = 'attache-case-feed';

const prefix = `${CASE_CATEGORY}.`;
/**
 * A case's member in `times`: the position of its last change, zero-padded, so that changes made in the
 * same millisecond (equal scores) are in the order of their positions (Redis orders ties by member).
 */
export const timeMemberOf = (position: number): string => String(position).padStart(16, '0');

export const caseIdOf = (streamName: string): string | undefined =>
  streamName.startsWith(prefix) ? streamName.slice(prefix.length) : undefined;

/**
 * The delta feed of cases and the summaries it lists (GET /cases), and the cases naming each employer
 * (GET /employers/:id). Keys: caseFeedKeys.ts. Every event moves its case to the event's position in each
 * index the case is in: `all`, its mission's, its status's, its complaint's and its employer's. Events
 * after the opening carry neither the mission nor the complaint or employer, so the moves into those
 * indexes use ZADDKEYFIELD (the index named by a field of the summary the opening wrote). A fixed number
 * of writes per event (at most 14, a closure). Summaries hold no personal data: the name of an employer
 * typed in (it may be a household) stays out; a registered employer's name is in.
 */
export const caseFeedProjection: Projection<RecordedEvent> = {
  name: CASE_FEED,
  version: 1,
  apply(recorded, keys) {
    const id = caseIdOf(recorded.streamName);
    if (!id || !isCaseEventType(recorded.type)) return [];
    const event = { type: recorded.type, data: recorded.data } as CaseEvent;
    const feed = caseFeedKeys(keys);
    const summary = feed.summary(id);
    const { position } = recorded;
    const timeMember = timeMemberOf(position);
    // The summary's fields, and the case's entry in `times` replaced: the previous one is named by the
    // summary's `timeMember` before it is overwritten.
    const changed = (fields: Record<string, string | number> = {}): RedisCommand[] => [
      ['ZREMFIELD', feed.times, summary, 'timeMember'],
      [
        'HSET',
        summary,
        ...Object.entries({
          ...fields,
          updatedAt: event.data.at,
          version: recorded.streamVersion,
          position,
          timeMember,
        }).flat(),
      ],
    ];
    // After the summary's fields are written: each index is named by them.
    const moved: RedisCommand[] = [
      ['ZADD', feed.all, position, id],
      ['ZADDKEYFIELD', feed.missionPrefix, summary, 'country', position, id],
      ['ZADDKEYFIELD', feed.statusPrefix, summary, 'status', position, id],
      ['ZADDKEYFIELD', feed.complaintPrefix, summary, 'complaintId', position, id],
      ['ZADDKEYFIELD', feed.employerPrefix, summary, 'employerId', position, id],
      ['ZADD', feed.times, Date.parse(event.data.at), timeMember],
    ];

    switch (event.type) {
      case E.Opened: {
        const d = event.data;
        const employerId = d.employer?.employerId;
        return [
          [
            'HSET',
            summary,
            ...Object.entries({
              id,
              type: d.caseType,
              country: d.country,
              status: 'open',
              complaintId: d.complaintId ?? '',
              employerId: employerId ?? '',
              employerName: employerId ? (d.employer?.name ?? '') : '',
              employerCountry: d.employer?.country ?? '',
              flags: d.flags.map((f) => f.kind).join(','),
              sex: d.worker.sex,
              ageBand: d.worker.ageBand ?? '',
              occupation: d.worker.occupation ?? '',
              stage: '',
              stageDate: '',
              inShelter: '0',
              outcome: '',
              personalData: d.worker.sealed === undefined ? 'none' : 'held',
              openedAt: d.at,
            }).flat(),
          ],
          ...changed(),
          ...moved,
          ...(employerId
            ? [
                ['ZADD', feed.employerCases(employerId), position, id] as RedisCommand,
                ['ZADD', feed.employerCasesIn(employerId, d.country), position, id] as RedisCommand,
              ]
            : []),
        ];
      }
      case E.UpdateRecorded: {
        const { kind } = event.data.action;
        const shelter: Record<string, string> =
          kind === 'shelter-admission'
            ? { inShelter: '1' }
            : kind === 'shelter-discharge'
              ? { inShelter: '0' }
              : {};
        return [...changed({ lastAction: kind, ...shelter }), ...moved];
      }
      case E.RepatriationStageReached:
        return [...changed({ stage: event.data.stage, stageDate: event.data.date }), ...moved];
      case E.Closed:
        return [
          ...changed({ status: 'closed', outcome: event.data.outcome }),
          ['ZREM', feed.status('open'), id],
          ...moved,
        ];
      case E.WorkerDetailsRecorded: {
        const { sex, ageBand, occupation } = event.data.worker;
        return [
          ...changed({
            sex,
            ...(ageBand ? { ageBand } : {}),
            ...(occupation ? { occupation } : {}),
            personalData: 'held',
          }),
          ...moved,
        ];
      }
      case E.WorkerDataErased:
        return [...changed({ personalData: 'erased' }), ...moved];
      default: {
        const unhandled: never = event;
        void unhandled;
        return [];
      }
    }
  },
};
