import {
  boundedLimit,
  cursorCodec,
  LuaScript,
  type Page,
  pageOf,
  pipelineResults,
  projectionKeys,
} from '@kazi/eventsourcing';
import type { Redis } from 'ioredis';
import { CASE_FEED } from './caseFeed.ts';
import { type CaseFeedKeys, caseFeedKeys } from './caseFeedKeys.ts';

/** A case as the feed lists it: no personal data, its version to tell whether the app's copy is current. */
export interface CaseSummary {
  id: string;
  type: string;
  country: string;
  status: string;
  complaintId: string | null;
  employerId: string | null;
  /** A registered employer's name; null for a name typed in. */
  employerName: string | null;
  flags: string[];
  sex: string;
  ageBand: string | null;
  occupation: string | null;
  lastAction: string | null;
  repatriationStage: string | null;
  inShelter: boolean;
  outcome: string | null;
  personalData: 'held' | 'erased' | 'none';
  openedAt: string;
  updatedAt: string;
  version: number;
}

export interface FeedFilter {
  mission?: string | undefined;
  status?: string | undefined;
  complaintId?: string | undefined;
  employerId?: string | undefined;
  /** ISO time: cases changed at or after it (the feed starts at the first such change). */
  updatedSince?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface FeedPage extends Page<CaseSummary> {
  /**
   * Where to come back later for what changes after this page, even at the end of the feed (when
   * `nextCursor` is null): an app keeps it while offline and sends it as `cursor` when back online.
   */
  syncCursor: string | null;
}

/** How much one feed request may read, whatever the number of cases (docs/bounded-work.md). */
export interface FeedLimits {
  /** Index entries fetched per round trip, each with its summary. */
  batchSize: number;
  /** Most entries examined for one page: a rare combination of filters then answers a short page and a cursor. */
  maxExamined: number;
  /** Most items of one page, whatever the caller asks. */
  maxLimit: number;
}

export const DEFAULT_FEED_LIMITS: FeedLimits = { batchSize: 100, maxExamined: 500, maxLimit: 200 };

/** A place in the feed: the position of a case's last change (positions are unique: one commit, one case). */
const cursors = cursorCodec<number>({
  write: (position) => String(position),
  read: (text) => (/^\d{1,16}$/.test(text) ? Number(text) : undefined),
});

interface Entry {
  id: string;
  position: number;
}

/** Reads of the case feed (caseFeed.ts); no personal data lives there. Follows the live generation. */
export class CaseFeedQueries {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly limits: FeedLimits = DEFAULT_FEED_LIMITS,
  ) {}

  private async keys(): Promise<CaseFeedKeys> {
    return caseFeedKeys(await projectionKeys(this.redis, this.namespace, CASE_FEED));
  }

  /**
   * The delta feed: cases in the order of their last change, oldest first, each once at its latest change.
   * Walks the smallest index the filters name (every case when none), from the cursor (or the first change
   * at or after `updatedSince`), checking the other filters on each summary, and examines at most
   * `maxExamined` entries: a page may then be short (even empty) and still have a `nextCursor`; only
   * `nextCursor: null` is the end. A case changed while an app pages through the feed moves to the end, so
   * it is listed again, later, in its newer version.
   */
  async feed(filter: FeedFilter): Promise<FeedPage> {
    const feed = await this.keys();
    const limit = boundedLimit(filter.limit, this.limits.maxLimit);
    const since = filter.updatedSince === undefined ? undefined : Date.parse(filter.updatedSince);
    let after = filter.cursor === undefined ? 0 : cursors.decode(filter.cursor);
    if (filter.cursor === undefined && since !== undefined) {
      const start = await this.firstChangeSince(feed, since);
      if (start === undefined) {
        const last = await this.lastPosition(feed);
        return { items: [], nextCursor: null, syncCursor: last === undefined ? null : cursors.encode(last) };
      }
      after = start - 1;
    }
    const index = await this.smallest([
      ...(filter.mission ? [feed.mission(filter.mission)] : []),
      ...(filter.status ? [feed.status(filter.status)] : []),
      ...(filter.complaintId ? [feed.complaint(filter.complaintId)] : []),
      ...(filter.employerId ? [feed.employer(filter.employerId)] : []),
    ]);
    const walked = index ?? feed.all;
    const wanted = (s: CaseSummary) =>
      (!filter.mission || s.country === filter.mission) &&
      (!filter.status || s.status === filter.status) &&
      (!filter.complaintId || s.complaintId === filter.complaintId) &&
      (!filter.employerId || s.employerId === filter.employerId) &&
      (since === undefined || Date.parse(s.updatedAt) >= since);

    const found: { summary: CaseSummary; position: number }[] = [];
    let last = after;
    let examined = 0;
    let ended = false;
    while (found.length <= limit && examined < this.limits.maxExamined) {
      // A batch asks for what is still missing (limit + 1 matches tell whether more follow), at least a batch.
      const missing = limit + 1 - found.length;
      const count = Math.min(Math.max(this.limits.batchSize, missing), this.limits.maxExamined - examined);
      const entries = pairs(
        await this.redis.zrangebyscore(walked, `(${last}`, '+inf', 'WITHSCORES', 'LIMIT', 0, count),
      );
      examined += entries.length;
      const summaries = await this.summaries(
        feed,
        entries.map((e) => e.id),
      );
      entries.forEach((entry, i) => {
        const summary = summaries[i];
        // A case that moved on since the index was read is listed at its newer position, further on.
        if (summary && summary.position === entry.position && wanted(summary.summary))
          found.push({ summary: summary.summary, position: entry.position });
      });
      last = entries.at(-1)?.position ?? last;
      if (entries.length < count) {
        ended = true;
        break;
      }
    }
    const page = pageOf(found, limit, (f) => f.position, ended ? undefined : last);
    const reached = page.resumeAfter ?? last;
    return {
      items: page.items.map((f) => f.summary),
      nextCursor: page.resumeAfter === undefined ? null : cursors.encode(page.resumeAfter),
      syncCursor: reached > 0 ? cursors.encode(reached) : null,
    };
  }

  /** The cases naming an employer, newest first: how many, and the first `limit` (of one mission, when given). */
  async linkedCases(
    employerId: string,
    options: { mission?: string | undefined; limit: number },
  ): Promise<{ total: number; items: CaseSummary[] }> {
    const feed = await this.keys();
    const set = options.mission
      ? feed.employerCasesIn(employerId, options.mission)
      : feed.employerCases(employerId);
    const limit = boundedLimit(options.limit, this.limits.maxLimit);
    const reading = this.redis.pipeline();
    reading.zcard(set);
    reading.zrevrange(set, 0, limit - 1);
    const [total, ids] = pipelineResults(await reading.exec()) as [number, string[]];
    const summaries = await this.summaries(feed, limit > 0 ? ids : []);
    return { total: Number(total), items: summaries.flatMap((s) => (s ? [s.summary] : [])) };
  }

  /**
   * The position of the earliest latest change at or after `since` (ms), or undefined when nothing changed
   * since. Positions follow time as far as the clocks of the replicas that recorded the changes agree;
   * every row is checked against `since` as well, so nothing earlier is listed.
   */
  private async firstChangeSince(feed: CaseFeedKeys, since: number): Promise<number | undefined> {
    const [first] = await this.redis.zrangebyscore(feed.times, since, '+inf', 'LIMIT', 0, 1);
    return first === undefined ? undefined : Number(first);
  }

  private async lastPosition(feed: CaseFeedKeys): Promise<number | undefined> {
    const [, score] = await this.redis.zrange(feed.all, -1, -1, 'WITHSCORES');
    return score === undefined ? undefined : Number(score);
  }

  /** The index with the fewest entries (the first of equals) in one round trip; undefined when none is named. */
  private async smallest(indexes: string[]): Promise<string | undefined> {
    if (indexes.length <= 1) return indexes[0];
    const sizing = this.redis.pipeline();
    for (const index of indexes) sizing.zcard(index);
    const sizes = pipelineResults(await sizing.exec()).map(Number);
    let best = 0;
    sizes.forEach((size, i) => {
      if (size < (sizes[best] ?? 0)) best = i;
    });
    return indexes[best];
  }

  /**
   * The summaries of `ids` with their positions, in one command (readSummariesScript): only the fields a
   * summary shows, as values without their names — half of what HGETALL sends and parses for a page of a
   * hundred, and one reply instead of a pipeline's hundred.
   */
  private async summaries(
    feed: CaseFeedKeys,
    ids: string[],
  ): Promise<({ summary: CaseSummary; position: number } | undefined)[]> {
    if (ids.length === 0) return [];
    const rows = (await readSummariesScript.run(
      this.redis,
      ids.map((id) => feed.summary(id)),
      [...SUMMARY_FIELDS],
    )) as (string | null)[][];
    return rows.map((values) => {
      const h = Object.fromEntries(SUMMARY_FIELDS.map((field, i) => [field, values[i] ?? undefined])) as Row;
      return h.id ? { summary: toSummary(h), position: Number(h.position) } : undefined;
    });
  }
}

/** `[member, score, member, score, …]` as entries. */
function pairs(flat: string[]): Entry[] {
  const entries: Entry[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2)
    entries.push({ id: flat[i] ?? '', position: Number(flat[i + 1]) });
  return entries;
}

/** The summary's fields as the projection writes them (caseFeed.ts), and the position of its last change. */
const SUMMARY_FIELDS = [
  'id',
  'type',
  'country',
  'status',
  'complaintId',
  'employerId',
  'employerName',
  'flags',
  'sex',
  'ageBand',
  'occupation',
  'lastAction',
  'stage',
  'inShelter',
  'outcome',
  'personalData',
  'openedAt',
  'updatedAt',
  'version',
  'position',
] as const;

type Row = Record<(typeof SUMMARY_FIELDS)[number], string | undefined>;

/** HMGET of the fields (ARGV) of every summary (KEYS), as one array of value arrays. */
const readSummariesScript = new LuaScript(`
local rows = {}
for i, key in ipairs(KEYS) do rows[i] = redis.call('HMGET', key, unpack(ARGV)) end
return rows
`);

const orNull = (value: string | undefined) => (value ? value : null);

function toSummary(h: Row): CaseSummary {
  return {
    id: h.id ?? '',
    type: h.type ?? '',
    country: h.country ?? '',
    status: h.status ?? 'open',
    complaintId: orNull(h.complaintId),
    employerId: orNull(h.employerId),
    employerName: orNull(h.employerName),
    flags: h.flags ? h.flags.split(',') : [],
    sex: h.sex ?? 'unspecified',
    ageBand: orNull(h.ageBand),
    occupation: orNull(h.occupation),
    lastAction: orNull(h.lastAction),
    repatriationStage: orNull(h.stage),
    inShelter: h.inShelter === '1',
    outcome: orNull(h.outcome),
    personalData: (h.personalData ?? 'held') as CaseSummary['personalData'],
    openedAt: h.openedAt ?? '',
    updatedAt: h.updatedAt ?? '',
    version: Number(h.version ?? 0),
  };
}
