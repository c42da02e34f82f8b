import type { Redis } from 'ioredis';
import type { ProjectionKeys, RedisCommand } from './projection.ts';
import { boundedLimit, pipelineResults, readHashFields } from './readModel.ts';

/**
 * A name index in a read model: look-ups of a name typed from memory ("Al Safa Recruitment" for "Al-Safa
 * Manpower Recruitment Agency Ltd") that stay bounded whatever the number of names and however many share
 * a word (docs/bounded-work.md). Each entry is in the sorted set of each of its name's distinctive words,
 * scored by its number of words; a look-up reads the rarest words first and at most `maxIdsRead` entries,
 * then ranks them by similarity. Agencies in the complaints service and employers in attaché cases use it.
 */

/** Which ids a name look-up reads, decided from the sizes of its words' sets alone. */
export interface CandidateLimits {
  /** Most entries read and scored for one look-up, over all its words. */
  maxIdsRead: number;
  /** Most words of the given name looked up (a caller may say a long name); scoring still uses them all. */
  maxWords: number;
  /**
   * A word in more than this share of the named entries is common ("manpower", "gulf"): it adds to the
   * score of entries found through rarer words but is read itself only when every word is common.
   * Never below `maxIdsRead` entries: reading a word that small is within the bound anyway.
   */
  commonWordShare: number;
  /** Most candidates answered, whatever the caller asks. */
  maxCandidates: number;
}

export const DEFAULT_CANDIDATE_LIMITS: CandidateLimits = {
  maxIdsRead: 300,
  maxWords: 8,
  commonWordShare: 0.02,
  maxCandidates: 20,
};

export interface WordSize {
  word: string;
  /** Entries whose name has the word. */
  entries: number;
}

/** Read the first `count` ids of the word's set (its shortest names). */
export interface WordRead {
  word: string;
  count: number;
}

/** The words to look up: the first `maxWords` distinct ones, in the order the caller said them. */
export const wordsToLookUp = (tokens: readonly string[], limits: CandidateLimits): string[] =>
  [...new Set(tokens)].slice(0, limits.maxWords);

/**
 * Rarest words first (ties by word, so the same name always reads the same ids), each read up to what is
 * left of the budget. Common words are left out while any rare word exists; when every word is common
 * the budget is shared between them, a bounded sample of each.
 */
export function planCandidateReads(
  words: readonly WordSize[],
  namedEntries: number,
  limits: CandidateLimits,
): WordRead[] {
  const known = words
    .filter((w) => w.entries > 0)
    .sort((a, b) => a.entries - b.entries || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
  const commonAbove = Math.max(limits.maxIdsRead, limits.commonWordShare * namedEntries);
  const rare = known.filter((w) => w.entries <= commonAbove);
  const reads: WordRead[] = [];
  if (rare.length > 0) {
    let budget = limits.maxIdsRead;
    for (const w of rare) {
      const count = Math.min(w.entries, budget);
      if (count <= 0) break;
      reads.push({ word: w.word, count });
      budget -= count;
    }
    return reads;
  }
  const share = Math.max(1, Math.floor(limits.maxIdsRead / Math.max(1, known.length)));
  let budget = limits.maxIdsRead;
  for (const w of known) {
    const count = Math.min(w.entries, share, budget);
    if (count <= 0) break;
    reads.push({ word: w.word, count });
    budget -= count;
  }
  return reads;
}

/** Words that never tell names apart, not even in a name made only of generic words. */
const CONNECTING_WORDS = new Set(['the', 'and', 'of']);

/**
 * The distinctive words of a name, lower case, each once, in order of first appearance. Accents are
 * dropped, apostrophes and dots join ("Mama's" → mamas, "E.A." → ea), any other punctuation separates
 * ("Al-Safa" → al safa), and `genericWords` (what almost every name of the kind carries: "ltd",
 * "recruitment"…) and connecting words are left out. A name made only of generic words keeps those, so
 * it can still be found by itself.
 */
export function nameWords(name: string, genericWords: ReadonlySet<string>): string[] {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`.]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0 && !CONNECTING_WORDS.has(word));
  const distinctive = words.filter((word) => !genericWords.has(word));
  return [...new Set(distinctive.length > 0 ? distinctive : words)];
}

/**
 * How alike two word lists are, 0..1: the Dice coefficient (2·shared / (|a| + |b|)). Identical word sets
 * score 1, sets sharing nothing 0; unlike Jaccard it does not punish a short, partial name as hard
 * ("al safa" vs "al safa manpower" = 0.8).
 */
export function nameSimilarity(a: readonly string[], b: readonly string[]): number {
  const left = new Set(a);
  const right = new Set(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const word of left) if (right.has(word)) shared++;
  return (2 * shared) / (left.size + right.size);
}

/** Where a read model keeps its name index, in one generation of its projection. */
export function nameIndexKeys(keys: ProjectionKeys, entryKind: string) {
  const wordPrefix = `${keys.key('token')}:`;
  return {
    /** Hash of one entry: its fields, and `name` and `tokens` (its words, space-separated) once named. */
    entry: (id: string) => keys.key(entryKind, id),
    /** Sorted set of the ids whose name has this word, scored by the name's number of words. */
    word: (word: string) => `${wordPrefix}${word}`,
    /** The part before the word, for ZREMKEYWORDS (a renamed entry leaves its former words' sets). */
    wordPrefix,
    /**
     * HyperLogLog of the entries with a name: what "a common word" is a share of. A renamed entry is
     * added again and still counted once; the ~1% error is nothing to a share that only picks words.
     */
    named: keys.key('named'),
  };
}

export type NameIndexKeys = ReturnType<typeof nameIndexKeys>;

/**
 * The writes that (re)name an entry: out of its previous name's word sets (ZREMKEYWORDS reads the `tokens`
 * the previous name wrote), into the new one's, with `name` and `tokens` on its hash.
 */
export function indexName(
  index: NameIndexKeys,
  id: string,
  name: string,
  words: readonly string[],
): RedisCommand[] {
  const entry = index.entry(id);
  return [
    ['ZREMKEYWORDS', index.wordPrefix, entry, 'tokens', id],
    ...words.map((word): RedisCommand => ['ZADD', index.word(word), words.length, id]),
    ['HSET', entry, 'name', name, 'tokens', words.join(' ')],
    ['PFADD', index.named, id],
  ];
}

export interface NameMatch<F extends string> {
  id: string;
  name: string;
  /** 0..1, 1 for the same distinctive words (nameSimilarity). */
  score: number;
  fields: Record<F, string | undefined>;
}

/**
 * The entries a caller may mean by `words` (a typed name's nameWords), best first (ties by name, then id,
 * so the order is stable), at most `limit` (and `maxCandidates`), each with the hash `fields` asked for.
 * Three round trips: the words' sizes, their ids, the entries.
 */
export async function matchName<F extends string>(
  redis: Redis,
  index: NameIndexKeys,
  words: readonly string[],
  options: { limit: number; fields: readonly F[]; limits?: CandidateLimits },
): Promise<NameMatch<F>[]> {
  const limits = options.limits ?? DEFAULT_CANDIDATE_LIMITS;
  const wanted = boundedLimit(options.limit, limits.maxCandidates);
  if (words.length === 0 || wanted <= 0) return [];
  const lookedUp = wordsToLookUp(words, limits);
  const sizing = redis.pipeline();
  sizing.pfcount(index.named);
  for (const word of lookedUp) sizing.zcard(index.word(word));
  const [named, ...sizes] = pipelineResults(await sizing.exec());
  const plan = planCandidateReads(
    lookedUp.map((word, i) => ({ word, entries: Number(sizes[i] ?? 0) })),
    Number(named ?? 0),
    limits,
  );
  if (plan.length === 0) return [];
  const ranges = redis.pipeline();
  for (const { word, count } of plan) ranges.zrange(index.word(word), 0, count - 1);
  const ids = [...new Set(pipelineResults(await ranges.exec()).flatMap((found) => found as string[]))];
  const rows = await readHashFields(
    redis,
    ids.map((id) => index.entry(id)),
    ['name', 'tokens', ...options.fields],
  );
  return rows
    .map((row, i) => ({
      id: ids[i] ?? '',
      name: row.name ?? '',
      score: nameSimilarity(words, (row.tokens ?? '').split(' ').filter(Boolean)),
      fields: Object.fromEntries(options.fields.map((f) => [f, row[f]])) as Record<F, string | undefined>,
    }))
    .filter((match) => match.score > 0)
    .sort(
      (a, b) =>
        b.score - a.score || compare(a.name.toLowerCase(), b.name.toLowerCase()) || compare(a.id, b.id),
    )
    .slice(0, wanted);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
