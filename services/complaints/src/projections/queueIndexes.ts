import type { ProjectionKeys, RedisCommand } from '@kazi/eventsourcing';
import {
  COMPLAINT_STATUSES,
  OPEN_STATUSES,
  SEVERITIES,
  type Severity,
} from '../domain/complaint/vocabulary.ts';

/**
 * The queue's indexes: sorted sets of complaint ids, each scored by `queueScore`, one per value of each
 * filter, so a query walks the smallest matching one in queue order instead of the whole queue (docs/bounded-work.md).
 *   `all`, `open` (the default queue), `status:<s>` (the status a reader sees, see statusOf),
 *   `severity:<s>`, `agency:<agencyId>`, `country:<cc>`, and the open complaints of an agency or a country
 *   (`open-agency:<agencyId>`, `open-country:<cc>`): the default queue filtered by a busy agency must not
 *   walk its closed complaints to fill a page of open ones.
 * Events after lodging carry neither the queue position nor the agency or country, so the projection
 * uses the apply script's ZADDSCOREOF (position from `all`) and ZADDKEYFIELD (index named by the summary's
 * `agencyId` / `country` field); `apply` still never reads.
 */
export const queueIndex = {
  all: (keys: ProjectionKeys) => keys.key('all'),
  open: (keys: ProjectionKeys) => keys.key('open'),
  status: (keys: ProjectionKeys, status: string) => keys.key('status', status),
  severity: (keys: ProjectionKeys, severity: string) => keys.key('severity', severity),
  agency: (keys: ProjectionKeys, agencyId: string) => keys.key('agency', agencyId),
  country: (keys: ProjectionKeys, country: string) => keys.key('country', country),
  openAgency: (keys: ProjectionKeys, agencyId: string) => keys.key('open-agency', agencyId),
  openCountry: (keys: ProjectionKeys, country: string) => keys.key('open-country', country),
};

/** Out of the open sets of its agency and country (named by the summary's fields: the script reads them). */
export function leaveOpen(keys: ProjectionKeys, summary: string, id: string): RedisCommand[] {
  return [
    ['ZREM', queueIndex.open(keys), id],
    ['ZREMKEYWORDS', queueIndex.openAgency(keys, ''), summary, 'agencyId', id],
    ['ZREMKEYWORDS', queueIndex.openCountry(keys, ''), summary, 'country', id],
  ];
}

/**
 * Moves a complaint to the status set `to` at its current position, out of every other: `from` limits the
 * move to complaints now in one of those statuses (assignment turns lodged, triaged and reopened ones into
 * assigned but leaves a referred one referred); without it the move is unconditional.
 */
export function moveStatus(
  keys: ProjectionKeys,
  id: string,
  to: string,
  from?: readonly string[],
): RedisCommand[] {
  const target = queueIndex.status(keys, to);
  const sources = from ?? [];
  const others = (from ?? COMPLAINT_STATUSES).filter((s) => s !== to);
  return [
    ...(from
      ? sources.map((s): RedisCommand => ['ZADDSCOREOF', target, queueIndex.status(keys, s), id])
      : [['ZADDSCOREOF', target, queueIndex.all(keys), id] as RedisCommand]),
    ...others.map((s): RedisCommand => ['ZREM', queueIndex.status(keys, s), id]),
  ];
}

/**
 * A new position (triage, reopening) in every index the complaint is in. Triage and reopening happen only
 * to complaints that are or become open, so `open` and the severity set always hold it afterwards.
 */
export function reposition(
  keys: ProjectionKeys,
  summary: string,
  id: string,
  severity: Severity,
  score: number,
) {
  return [
    ['ZADD', queueIndex.all(keys), score, id],
    ['ZADD', queueIndex.open(keys), score, id],
    ...OPEN_STATUSES.map((s): RedisCommand => ['ZADD', queueIndex.status(keys, s), 'XX', score, id]),
    ...SEVERITIES.filter((s) => s !== severity).map(
      (s): RedisCommand => ['ZREM', queueIndex.severity(keys, s), id],
    ),
    ['ZADD', queueIndex.severity(keys, severity), score, id],
    ['ZADDKEYFIELD', `${queueIndex.agency(keys, '')}`, summary, 'agencyId', score, id],
    ['ZADDKEYFIELD', `${queueIndex.country(keys, '')}`, summary, 'country', score, id],
    ['ZADDKEYFIELD', queueIndex.openAgency(keys, ''), summary, 'agencyId', score, id],
    ['ZADDKEYFIELD', queueIndex.openCountry(keys, ''), summary, 'country', score, id],
  ] satisfies RedisCommand[];
}
