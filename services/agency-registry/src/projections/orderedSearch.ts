import { pageOf, pipelineResults, readHashes } from '@kazi/eventsourcing';
import type { ChainableCommander, Redis } from 'ioredis';
import { identifierKeyOf, idOfSortKey, searchWordsOf } from './searchText.ts';
import type { WordIndexKeys } from './wordIndex.ts';

/**
 * How much one search may read, whatever the size of the index (docs/bounded-work.md). A request reads a
 * fixed number of small keys to plan (one ZCARD per query word, one dictionary range, one identifier
 * range), then candidate rows in batches until the page is full, the candidates run out or `maxExamined`
 * rows were read.
 */
export interface SearchBounds {
  /** Most candidate rows (hashes) one request reads. */
  maxExamined: number;
  /** Most rows read in one round trip; the first batch is the page size + 1. */
  maxBatch: number;
  /** Most dictionary words a trailing partial word expands to and is walked through. */
  maxPrefixWords: number;
}

export const SEARCH_BOUNDS: SearchBounds = { maxExamined: 1000, maxBatch: 250, maxPrefixWords: 16 };

export interface SearchRequest {
  /** The text typed; undefined or blank lists the base set. */
  q?: string;
  limit: number;
  /** Sort key the page starts after (a decoded cursor). */
  after?: string;
  /** Only rows whose `status` field is this, walked from `statusSet` when that is the smallest source. */
  status?: { value: string; set: string };
}

export interface SearchResult {
  rows: Record<string, string>[];
  /** Sort key to resume after, or null when nothing can follow. */
  resumeAfter: string | null;
  /** Candidate rows read: never more than `maxExamined`. */
  examined: number;
}

/** An ordered stream of candidates: one sorted set, or several merged (a partial word's expansions). */
interface Source {
  sets: string[];
}

/**
 * Answers a query from an ordered word index (wordIndex.ts), reading a bounded number of keys.
 *
 * Matching. The query's words (searchText.ts) must all be words of the name; the last one also matches
 * as a prefix ("safari rec" finds "Safari Recruiters"), because people search as they type and the route
 * trims q, so a finished last word cannot be told from a partial one. A query that is a registration or
 * licence number (any case, spacing or punctuation) finds that agency by its exact-match key first, and
 * only if nothing has that number is it read as words.
 *
 * Ranking on rare words. Each word's set is counted (ZCARD); the candidates come from the smallest of: the
 * rarest whole word's set, the partial word's expansions merged (when the dictionary gives at most
 * `maxPrefixWords` of them; a shorter prefix is only checked on candidates), the status set, or the base
 * set. Each candidate's row holds its words and status, so the other conditions are checked there.
 *
 * Bounds. Rows are read in batches; when `maxExamined` rows were read before the page filled, the page
 * holds what was found and `resumeAfter` is the last row read, so a client paging on still sees every
 * match once, in order (a short page with a cursor means "go on", not "the end").
 */
export async function searchOrderedIndex(
  redis: Redis,
  index: WordIndexKeys,
  request: SearchRequest,
  bounds: SearchBounds = SEARCH_BOUNDS,
): Promise<SearchResult> {
  const baseSet = request.status?.set ?? index.all;
  const accepts = (row: Record<string, string>, checks: Check[]) =>
    row.sortKey !== undefined && checks.every((check) => check(row));
  const statusCheck: Check[] = request.status ? [(row) => row.status === request.status?.value] : [];
  const q = request.q?.trim() ?? '';
  if (q === '')
    return walk(redis, index, { sets: [baseSet] }, (row) => accepts(row, statusCheck), request, bounds);

  const identifier = identifierKeyOf(q);
  const words = searchWordsOf(q);
  const partial = words.at(-1);
  const whole = words.slice(0, -1);
  if (!identifier && partial === undefined) return { rows: [], resumeAfter: null, examined: 0 };
  // The identifier's count and the words' counts in one round trip: most queries are words, and an
  // identifier that matches makes the (bounded) counts of its words wasted, not wrong.
  const planning = redis.pipeline();
  if (identifier) planning.zcard(index.identifier(identifier));
  if (partial !== undefined) countSources(planning, index, whole, partial, baseSet, bounds);
  const replies = pipelineResults(await planning.exec());
  if (identifier && (replies.shift() as number) > 0) {
    const source = { sets: [index.identifier(identifier)] };
    return walk(redis, index, source, (row) => accepts(row, statusCheck), request, bounds);
  }

  if (partial === undefined) return { rows: [], resumeAfter: null, examined: 0 };
  const plan = await planSources(redis, index, whole, partial, replies, baseSet, bounds);
  if (plan === 'nothing') return { rows: [], resumeAfter: null, examined: 0 };
  const checks: Check[] = [
    ...statusCheck,
    (row) => {
      const own = (row.words ?? '').split(' ');
      return whole.every((w) => own.includes(w)) && own.some((w) => w.startsWith(partial));
    },
  ];
  return walk(redis, index, plan, (row) => accepts(row, checks), request, bounds);
}

type Check = (row: Record<string, string>) => boolean;

/**
 * Queues what planSources needs: each whole word's count, the base set's, the partial word's expansions,
 * and the partial word's own count (when it is the only word it expands to, as a finished word usually
 * is, the expansions need no second round trip to be counted).
 */
function countSources(
  counting: ChainableCommander,
  index: WordIndexKeys,
  whole: string[],
  partial: string,
  baseSet: string,
  bounds: SearchBounds,
): void {
  for (const word of whole) counting.zcard(index.word(word));
  counting.zcard(baseSet);
  // Every word starting with `partial`: up to `partial` followed by the byte 0xff, which no UTF-8 text holds.
  const upTo = Buffer.concat([Buffer.from(`[${partial}`, 'utf8'), Buffer.from([0xff])]);
  counting.zrangebylex(index.dictionary, `[${partial}`, upTo, 'LIMIT', 0, bounds.maxPrefixWords + 1);
  counting.zcard(index.word(partial));
}

/**
 * The smallest source of candidates, from the replies to countSources, or 'nothing' when a whole word or
 * the partial word is in no name.
 */
async function planSources(
  redis: Redis,
  index: WordIndexKeys,
  whole: string[],
  partial: string,
  replies: unknown[],
  baseSet: string,
  bounds: SearchBounds,
): Promise<Source | 'nothing'> {
  const wordSizes = replies.slice(0, whole.length) as number[];
  const baseSize = replies[whole.length] as number;
  const expansions = replies[whole.length + 1] as string[];
  const partialSize = replies[whole.length + 2] as number;
  if (expansions.length === 0 || wordSizes.some((size) => size === 0)) return 'nothing';

  const options: Array<{ size: number; source: Source }> = whole.map((word, i) => ({
    size: wordSizes[i] ?? 0,
    source: { sets: [index.word(word)] },
  }));
  options.push({ size: baseSize, source: { sets: [baseSet] } });
  if (expansions.length <= bounds.maxPrefixWords) {
    const onlyItself = expansions.length === 1 && expansions[0] === partial;
    const sizing = redis.pipeline();
    if (!onlyItself) for (const word of expansions) sizing.zcard(index.word(word));
    const sizes = onlyItself ? [partialSize] : (pipelineResults(await sizing.exec()) as number[]);
    options.push({
      size: sizes.reduce((sum, n) => sum + n, 0),
      source: { sets: expansions.map(index.word) },
    });
  }
  options.sort((a, b) => a.size - b.size);
  return options[0]?.source ?? { sets: [baseSet] };
}

/**
 * Walks a source in order after `request.after`, reading candidate rows in growing batches, until the
 * page has one row more than asked (so there is a next page), the source ends or the budget is spent.
 */
async function walk(
  redis: Redis,
  index: WordIndexKeys,
  source: Source,
  accept: (row: Record<string, string>) => boolean,
  request: SearchRequest,
  bounds: SearchBounds,
): Promise<SearchResult> {
  const found: Record<string, string>[] = [];
  let position = request.after;
  let examined = 0;
  let batch = request.limit + 1;
  for (;;) {
    const size = Math.min(batch, bounds.maxBatch, bounds.maxExamined - examined);
    if (size <= 0) break; // budget spent: resume after the last row read
    const members = await nextMembers(redis, source, position, size);
    const rows = await readHashes(
      redis,
      members.map((m) => index.row(idOfSortKey(m))),
    );
    for (const [i, row] of rows.entries()) {
      examined += 1;
      position = members[i];
      if (!accept(row)) continue;
      found.push(row);
      if (found.length > request.limit) return pageOfRows(found, request.limit, undefined, examined);
    }
    if (members.length < size) return pageOfRows(found, request.limit, undefined, examined);
    batch *= 2;
  }
  return pageOfRows(found, request.limit, position, examined); // budget spent: resume after the last row read
}

const pageOfRows = (
  found: Record<string, string>[],
  limit: number,
  stoppedAt: string | undefined,
  examined: number,
): SearchResult => {
  const page = pageOf(found, limit, (row) => row.sortKey, stoppedAt);
  return { rows: page.items, resumeAfter: page.resumeAfter ?? null, examined };
};

/** The next `count` sort keys after `after` in the source's order; several sets are merged without repeats. */
async function nextMembers(redis: Redis, source: Source, after: string | undefined, count: number) {
  const min = after === undefined ? '-' : `(${after}`;
  if (source.sets.length === 1)
    return redis.zrangebylex(source.sets[0] as string, min, '+', 'LIMIT', 0, count);
  const reading = redis.pipeline();
  for (const set of source.sets) reading.zrangebylex(set, min, '+', 'LIMIT', 0, count);
  const merged = new Set((pipelineResults(await reading.exec()) as string[][]).flat());
  // In Redis's order: by UTF-8 bytes (JavaScript's < compares UTF-16 units, which differs past U+FFFF).
  return [...merged]
    .map((member) => ({ member, bytes: Buffer.from(member, 'utf8') }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .slice(0, count)
    .map(({ member }) => member);
}
