/**
 * Which agency ids a name look-up reads, decided from the sizes of its words' sets alone, so that no
 * look-up reads more than `maxIdsRead` agencies whatever the size of the registry (docs/bounded-work.md).
 */
export interface CandidateLimits {
  /** Most agencies read and scored for one look-up, over all its words. */
  maxIdsRead: number;
  /** Most words of the given name looked up (a caller may say a long name); scoring still uses them all. */
  maxWords: number;
  /**
   * A word in more than this share of the named agencies is common ("manpower", "gulf"): it adds to the
   * score of agencies found through rarer words but is read itself only when every word is common.
   * Never below `maxIdsRead` agencies: reading a word that small is within the bound anyway.
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
  /** Agencies whose name has the word. */
  agencies: number;
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
  namedAgencies: number,
  limits: CandidateLimits,
): WordRead[] {
  const known = words
    .filter((w) => w.agencies > 0)
    .sort((a, b) => a.agencies - b.agencies || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
  const commonAbove = Math.max(limits.maxIdsRead, limits.commonWordShare * namedAgencies);
  const rare = known.filter((w) => w.agencies <= commonAbove);
  const reads: WordRead[] = [];
  if (rare.length > 0) {
    let budget = limits.maxIdsRead;
    for (const w of rare) {
      const count = Math.min(w.agencies, budget);
      if (count <= 0) break;
      reads.push({ word: w.word, count });
      budget -= count;
    }
    return reads;
  }
  const share = Math.max(1, Math.floor(limits.maxIdsRead / Math.max(1, known.length)));
  let budget = limits.maxIdsRead;
  for (const w of known) {
    const count = Math.min(w.agencies, share, budget);
    if (count <= 0) break;
    reads.push({ word: w.word, count });
    budget -= count;
  }
  return reads;
}
