import type { Projection, ProjectionKeys, RecordedEvent, RedisCommand } from '@kazi/eventsourcing';
import { agreementIdOf } from '../application/agreementCommands.ts';
import {
  type AgreementEvent,
  type AgreementStatus,
  addDays,
  AgreementEventType as E,
  isAgreementEventType,
} from '../domain/index.ts';

/**
 * The agreements' read model (docs/bounded-work.md): a row per agreement, the list's indexes and the
 * clock's sweep indexes. Written from the agreement's events alone, never read while applying.
 *
 * - `agreement:<id>`: the row the list answers with, and what its filters check.
 * - `all`, `country:<CC>`, `status:<status>`, `kind:<kind>`: sorted sets, score 0, whose members are sort
 *   keys `<CC> <title in lower case>\0<id>`, so each is already in the list's order (partner, then title)
 *   and a page after a cursor is one ZRANGEBYLEX. Title, country and kind never change; a status event
 *   moves the row's sort key between status sets with ZREMFIELD / ZADDFIELD (the event has no title).
 * - `sweep:expiry` (score: the day the agreement lapses), `sweep:review` (the day its review is due),
 *   `sweep:actions` (member `<id> <actionId>`, score: the action's due day): what the clock's sweep asks
 *   about. An entry leaves when what it waits for has happened. Scores are days since 1970-01-01.
 */
export const AGREEMENT_INDEX = 'blma-agreements';

export const SWEEP_INDEXES = {
  expiry: 'sweep:expiry',
  review: 'sweep:review',
  actions: 'sweep:actions',
} as const;

const DAY_MS = 86_400_000;

/** A calendar day as a number of days since 1970-01-01: the sweep indexes' scores. */
export const dayNumber = (day: string): number => Math.floor(Date.parse(`${day}T00:00:00.000Z`) / DAY_MS);

/** The list's order: partner country, then title, then id (unique). */
export const sortKeyOf = (partnerCountry: string, title: string, id: string): string =>
  `${partnerCountry} ${title.toLowerCase()}\u0000${id}`;

/** The member of `sweep:actions` for one committee action. */
export const actionMember = (agreementId: string, actionId: string): string => `${agreementId} ${actionId}`;

export const rowKey = (keys: ProjectionKeys, id: string): string => keys.key('agreement', id);

/** Moves the agreement's sort key out of the status sets it may be in and into the one it is in now. */
function moveStatus(
  keys: ProjectionKeys,
  row: string,
  from: readonly AgreementStatus[],
  to: AgreementStatus,
): RedisCommand[] {
  return [
    ...from.map((s): RedisCommand => ['ZREMFIELD', keys.key('status', s), row, 'sortKey']),
    ['ZADDFIELD', keys.key('status', to), 0, row, 'sortKey'],
    ['HSET', row, 'status', to],
  ];
}

function apply(id: string, event: AgreementEvent, keys: ProjectionKeys): RedisCommand[] {
  const row = rowKey(keys, id);
  const touched: RedisCommand = ['HSET', row, 'updatedAt', event.data.at];
  const expiryIndex = keys.key(SWEEP_INDEXES.expiry);
  const reviewIndex = keys.key(SWEEP_INDEXES.review);
  const actionIndex = keys.key(SWEEP_INDEXES.actions);
  switch (event.type) {
    case E.Recorded: {
      const { partnerCountry, title, kind, at } = event.data;
      const sortKey = sortKeyOf(partnerCountry, title, id);
      return [
        [
          'HSET',
          row,
          'id',
          id,
          'partnerCountry',
          partnerCountry,
          'title',
          title,
          'kind',
          kind,
          'status',
          'negotiating',
          'sortKey',
          sortKey,
          'recordedAt',
          at,
        ],
        ['ZADD', keys.key('all'), 0, sortKey],
        ['ZADD', keys.key('country', partnerCountry), 0, sortKey],
        ['ZADD', keys.key('kind', kind), 0, sortKey],
        ['ZADD', keys.key('status', 'negotiating'), 0, sortKey],
        touched,
      ];
    }
    case E.Signed:
      return [
        ...moveStatus(keys, row, ['negotiating'], 'signed'),
        ['HSET', row, 'signedOn', event.data.date],
        touched,
      ];
    case E.EnteredIntoForce: {
      const { date, reviewDue, expiry } = event.data;
      return [
        ...moveStatus(keys, row, ['signed'], 'in-force'),
        ['HSET', row, 'inForceFrom', date],
        ...(reviewDue
          ? [
              ['HSET', row, 'reviewDue', reviewDue] as RedisCommand,
              ['ZADD', reviewIndex, dayNumber(reviewDue), id] as RedisCommand,
            ]
          : []),
        ...(expiry
          ? [
              ['HSET', row, 'expiry', expiry] as RedisCommand,
              ['ZADD', expiryIndex, dayNumber(addDays(expiry, 1)), id] as RedisCommand,
            ]
          : []),
        touched,
      ];
    }
    case E.ReviewDue:
      return [...moveStatus(keys, row, ['in-force'], 'under-review'), ['ZREM', reviewIndex, id], touched];
    case E.Reviewed: {
      const { date, recommendation, nextReviewDue, renewedUntil } = event.data;
      return [
        ...moveStatus(
          keys,
          row,
          ['in-force', 'under-review'],
          recommendation === 'renew' ? 'in-force' : 'under-review',
        ),
        ['HSET', row, 'lastReviewedOn', date, 'lastRecommendation', recommendation],
        // The review that was due is done: the next is due when the review says, or not at all.
        nextReviewDue ? ['HSET', row, 'reviewDue', nextReviewDue] : ['HDEL', row, 'reviewDue'],
        nextReviewDue ? ['ZADD', reviewIndex, dayNumber(nextReviewDue), id] : ['ZREM', reviewIndex, id],
        ...(renewedUntil
          ? [
              ['HSET', row, 'expiry', renewedUntil] as RedisCommand,
              ['ZADD', expiryIndex, dayNumber(addDays(renewedUntil, 1)), id] as RedisCommand,
            ]
          : []),
        touched,
      ];
    }
    case E.Amended:
      return [
        ...moveStatus(keys, row, ['under-review'], 'in-force'),
        ['HSET', row, 'lastAmendedOn', event.data.date],
        ['HINCRBY', row, 'amendments', 1],
        touched,
      ];
    case E.Expired:
      return [
        ...moveStatus(keys, row, ['in-force', 'under-review'], 'expired'),
        ['HSET', row, 'endedOn', event.data.date],
        ['ZREM', expiryIndex, id],
        ['ZREM', reviewIndex, id],
        touched,
      ];
    case E.Terminated:
      // Open actions stay in sweep:actions: the event does not list them. The decider reports nothing
      // overdue on a terminated agreement, and the sweep's walk goes past them (clockSweep.ts).
      return [
        ...moveStatus(keys, row, [event.data.previousStatus], 'terminated'),
        ['HSET', row, 'endedOn', event.data.date],
        ['ZREM', expiryIndex, id],
        ['ZREM', reviewIndex, id],
        touched,
      ];
    case E.CommitteeMeetingHeld: {
      const { date, decisions } = event.data;
      return [
        ['HINCRBY', row, 'meetings', 1],
        ['HSET', row, 'lastMeetingOn', date],
        ['HINCRBY', row, 'openActions', decisions.length],
        ...decisions.map(
          (d): RedisCommand => ['ZADD', actionIndex, dayNumber(d.due), actionMember(id, d.actionId)],
        ),
        touched,
      ];
    }
    case E.ActionOverdue:
      return [
        ['HINCRBY', row, 'openActions', -1],
        ['HINCRBY', row, 'overdueActions', 1],
        ['ZREM', actionIndex, actionMember(id, event.data.actionId)],
        touched,
      ];
    case E.ActionDone:
      return [
        ['HINCRBY', row, event.data.wasOverdue ? 'overdueActions' : 'openActions', -1],
        ['ZREM', actionIndex, actionMember(id, event.data.actionId)],
        touched,
      ];
    case E.DocumentAttached:
      return [['HINCRBY', row, 'documents', 1], touched];
    default: {
      const unhandled: never = event;
      void unhandled;
      return [];
    }
  }
}

/** Bump `version` whenever what `apply` writes changes: the runner rebuilds in a new generation. */
export const agreementIndexProjection: Projection<RecordedEvent> = {
  name: AGREEMENT_INDEX,
  version: 1,
  apply(recorded, keys) {
    const id = agreementIdOf(recorded.streamName);
    if (!id || !isAgreementEventType(recorded.type)) return [];
    return apply(id, { type: recorded.type, data: recorded.data } as AgreementEvent, keys);
  },
};
