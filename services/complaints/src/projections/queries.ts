import {
  cursorCodec,
  keysOf,
  type Page,
  type ProjectionKeys,
  pageOf,
  pipelineResults,
  projectionKeys,
  projectionLayout,
  readHashes,
} from '@kazi/eventsourcing';
import type { Redis } from 'ioredis';
import { OPEN_STATUSES } from '../domain/complaint/vocabulary.ts';
import { complaintQueueProjection, statusOf } from './complaintQueue.ts';
import { queueIndex } from './queueIndexes.ts';

const QUEUE = complaintQueueProjection.name;
/** The projection version that introduced the per-filter indexes. */
const INDEXED_SINCE = 2;
/** The first version with the open sets per agency and country. */
const OPEN_SETS_SINCE = 3;

export interface ComplaintSummary {
  id: string;
  reference: string;
  status: string;
  severity: string;
  respondBy: string;
  overdue: boolean;
  country: string;
  agencyId: string | null;
  agencyName: string | null;
  categories: string[];
  flags: string[];
  assignee: string | null;
  personalData: 'held' | 'erased';
  lodgedAt: string;
  updatedAt: string;
}

export interface QueueFilter {
  status?: string;
  severity?: string;
  agencyId?: string;
  country?: string;
  limit: number;
  cursor?: string;
}

/** A place in an index: its score (queueScore) and the complaint id, which orders ties as Redis does. */
interface Position {
  score: number;
  id: string;
}

const after = (a: Position, b: Position) => a.score > b.score || (a.score === b.score && a.id > b.id);
/** base64url of `<score>:<id>`, the format since version 1 (cursors issued then still resume). */
const cursors = cursorCodec<Position>({
  write: (p) => `${p.score}:${p.id}`,
  read(text) {
    const [score, id] = text.split(':');
    return id && score !== '' && Number.isFinite(Number(score)) ? { score: Number(score), id } : undefined;
  },
});

/** How much one queue request may read, whatever the size of the queue (docs/bounded-work.md). */
export interface QueueLimits {
  /** Index entries fetched per round trip, each with its summary. */
  batchSize: number;
  /**
   * Most index entries (so summaries) examined for one page. When a rare combination of filters reaches
   * it, the page holds what was found so far and its cursor resumes after the last entry examined.
   */
  maxExamined: number;
}

export const DEFAULT_QUEUE_LIMITS: QueueLimits = { batchSize: 100, maxExamined: 500 };

interface Found {
  summary: ComplaintSummary;
  position: Position;
}

/** Reads of the complaints read models (no personal data lives there). Follows the live generation. */
export class ComplaintQueries {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly limits: QueueLimits = DEFAULT_QUEUE_LIMITS,
  ) {}

  /**
   * The queue: most severe first, then nearest deadline. Without a status it holds the open complaints;
   * filters by status, severity, agency and country combine. Walks the smallest index a filter names,
   * from the cursor on, checking the other filters on each summary, and examines at most `maxExamined`
   * entries: a page may then hold fewer than `limit` items (even none) and still have a `nextCursor`.
   */
  async queue(filter: QueueFilter): Promise<Page<ComplaintSummary>> {
    const { keys, indexed, openSets } = await this.liveModel();
    const start = filter.cursor ? cursors.decode(filter.cursor) : undefined;
    const open = !filter.status || (OPEN_STATUSES as readonly string[]).includes(filter.status);
    const index = indexed
      ? await this.smallest([
          filter.status ? queueIndex.status(keys, filter.status) : queueIndex.open(keys),
          ...(filter.severity ? [queueIndex.severity(keys, filter.severity)] : []),
          // The default queue (open complaints) of an agency or a country walks its open set.
          ...(filter.agencyId
            ? [
                !filter.status && openSets
                  ? queueIndex.openAgency(keys, filter.agencyId)
                  : queueIndex.agency(keys, filter.agencyId),
              ]
            : []),
          ...(filter.country
            ? [
                !filter.status && openSets
                  ? queueIndex.openCountry(keys, filter.country)
                  : queueIndex.country(keys, filter.country),
              ]
            : []),
        ])
      : // A generation built before the indexes (it serves until the rebuild switches): the same bounded walk
        // over the sets both layouts share. Its agency and country sets are plain sets: never read them.
        open
        ? queueIndex.open(keys)
        : queueIndex.all(keys);
    const wanted = (s: ComplaintSummary) =>
      (filter.status
        ? s.status === filter.status
        : (OPEN_STATUSES as readonly string[]).includes(s.status)) &&
      (!filter.severity || s.severity === filter.severity) &&
      (!filter.agencyId || s.agencyId === filter.agencyId) &&
      (!filter.country || s.country === filter.country);

    const found: Found[] = [];
    let last = start;
    // Entries at `last.score` already seen: the next range skips them (ties are ordered by id).
    let ties = 0;
    let examined = 0;
    let ended = false;
    while (found.length <= filter.limit && examined < this.limits.maxExamined) {
      // A batch asks for what is still missing (limit + 1 matches tell whether more follow), at least a batch.
      const missing = filter.limit + 1 - found.length;
      const count = Math.min(Math.max(this.limits.batchSize, missing), this.limits.maxExamined - examined);
      const from = last ? String(last.score) : '-inf';
      const rows = pairs(
        await this.redis.zrangebyscore(index, from, '+inf', 'WITHSCORES', 'LIMIT', ties, count),
      );
      examined += rows.length;
      const fresh = rows.filter((row) => !start || after(row, start));
      const summaries = await this.summaries(
        keys.key.bind(keys),
        fresh.map((row) => row.id),
      );
      fresh.forEach((position, i) => {
        const summary = summaries[i];
        if (summary && wanted(summary)) found.push({ summary, position });
      });
      const end = rows.at(-1);
      if (end) {
        const sameScore = rows.filter((row) => row.score === end.score).length;
        ties = last && last.score === end.score ? ties + sameScore : sameScore;
        last = end;
      }
      if (rows.length < count) {
        ended = true;
        break;
      }
    }
    const page = pageOf(found, filter.limit, (f) => f.position, ended ? undefined : last);
    return {
      items: page.items.map((f) => f.summary),
      nextCursor: page.resumeAfter ? cursors.encode(page.resumeAfter) : null,
    };
  }

  async idByReference(reference: string): Promise<string | undefined> {
    const keys = await projectionKeys(this.redis, this.namespace, QUEUE);
    return (await this.redis.get(keys.key('ref', reference))) ?? undefined;
  }

  /** Complaints still awaiting a first response whose deadline has passed. */
  async pastDeadline(now: Date, limit = 1000): Promise<string[]> {
    const keys = await projectionKeys(this.redis, this.namespace, QUEUE);
    return this.redis.zrangebyscore(keys.key('due'), '-inf', now.getTime(), 'LIMIT', 0, limit);
  }

  /**
   * The live generation's keys, and whether it has the per-filter indexes: after a deploy the generation the
   * previous version built serves until the rebuild has caught up.
   */
  private async liveModel(): Promise<{ keys: ProjectionKeys; indexed: boolean; openSets: boolean }> {
    const layout = projectionLayout(this.namespace, QUEUE);
    const generation = Number((await this.redis.get(layout.current)) ?? 1);
    const version = await this.redis.hget(layout.meta(generation), 'version');
    const built = Number(version ?? OPEN_SETS_SINCE);
    return {
      keys: keysOf(layout, generation),
      indexed: built >= INDEXED_SINCE,
      openSets: built >= OPEN_SETS_SINCE,
    };
  }

  /** The index with the fewest entries (the first of equals), in one round trip. */
  private async smallest(indexes: string[]): Promise<string> {
    const [first, ...others] = indexes;
    if (!first || others.length === 0) return first ?? '';
    const sizing = this.redis.pipeline();
    for (const index of indexes) sizing.zcard(index);
    const sizes = pipelineResults(await sizing.exec()).map(Number);
    let best = 0;
    sizes.forEach((size, i) => {
      if (size < (sizes[best] ?? 0)) best = i;
    });
    return indexes[best] ?? first;
  }

  /** The summaries of `ids`, in order; undefined for an id without one. */
  private async summaries(
    key: (...parts: string[]) => string,
    ids: string[],
  ): Promise<(ComplaintSummary | undefined)[]> {
    return readHashes(
      this.redis,
      ids.map((id) => key('c', id)),
      (h) => (h.id ? toSummary(h) : undefined),
    );
  }
}

/** `[member, score, member, score, …]` as positions. */
function pairs(flat: string[]): Position[] {
  const positions: Position[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2)
    positions.push({ id: flat[i] ?? '', score: Number(flat[i + 1]) });
  return positions;
}

const list = (value: string | undefined) => (value ? value.split(',') : []);

function toSummary(h: Record<string, string>): ComplaintSummary {
  return {
    id: h.id ?? '',
    reference: h.reference ?? '',
    status: statusOf(h),
    severity: h.severity ?? 'normal',
    respondBy: h.respondBy ?? '',
    overdue: h.overdue === '1',
    country: h.country ?? '',
    agencyId: h.agencyId || null,
    agencyName: h.agencyName || null,
    categories: list(h.categories),
    flags: list(h.flags),
    assignee: h.assignee || null,
    personalData: h.personalData === 'erased' ? 'erased' : 'held',
    lodgedAt: h.lodgedAt ?? '',
    updatedAt: h.updatedAt ?? '',
  };
}
