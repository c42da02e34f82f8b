import type { Redis } from 'ioredis';
import { nameSimilarity, normaliseAgencyName } from './agencyName.ts';
import type { AgencyStatus } from './agencyView.ts';
import { agencyViewKeys } from './agencyViewKeys.ts';
import {
  type CandidateLimits,
  DEFAULT_CANDIDATE_LIMITS,
  planCandidateReads,
  wordsToLookUp,
} from './candidateReads.ts';

export { nameSimilarity, normaliseAgencyName } from './agencyName.ts';

export interface AgencyRecord {
  agencyId: string;
  /** Empty while only events that do not carry the name have arrived. */
  name: string;
  status: AgencyStatus;
  licenceNumber?: string;
  validUntil?: string;
}

export interface AgencyCandidate {
  agencyId: string;
  name: string;
  status: AgencyStatus;
  /** 0..1, 1 for the same distinctive words (see `nameSimilarity`). */
  score: number;
}

/** Reads of the complaints service's view of agencies (written by `startAgencyView`). */
export class AgencyView {
  private readonly keys: ReturnType<typeof agencyViewKeys>;

  constructor(
    private readonly redis: Redis,
    namespace: string,
    private readonly limits: CandidateLimits = DEFAULT_CANDIDATE_LIMITS,
  ) {
    this.keys = agencyViewKeys(namespace);
  }

  /**
   * The agency as the registry last told us, or undefined if no event about it has arrived. While the view
   * is re-filled in a new layout, an agency not replayed yet is read from the previous layout's hash.
   */
  async get(agencyId: string): Promise<AgencyRecord | undefined> {
    let hash = await this.redis.hgetall(this.keys.agency(agencyId));
    if (!hash.status) hash = await this.redis.hgetall(this.keys.previousAgency(agencyId));
    if (!hash.status) return undefined;
    return {
      agencyId,
      name: hash.name ?? '',
      status: hash.status as AgencyStatus,
      ...(hash.licenceNumber ? { licenceNumber: hash.licenceNumber } : {}),
      ...(hash.validUntil ? { validUntil: hash.validUntil } : {}),
    };
  }

  /**
   * Agencies a caller may mean by a free-text name, best first (ties by name, then id, so the order is
   * stable), at most `limit` (and `maxCandidates`). Bounded whatever the registry's size: the words are
   * ranked by how many agencies share them and at most `maxIdsRead` agencies are read, from the rarest
   * words first (see `planCandidateReads`). Three round trips: the words' sizes, their ids, the names.
   */
  async candidates(name: string, limit = 5): Promise<AgencyCandidate[]> {
    const tokens = normaliseAgencyName(name);
    const wanted = Math.min(limit, this.limits.maxCandidates);
    if (tokens.length === 0 || wanted <= 0) return [];
    const ids = await this.idsToScore(wordsToLookUp(tokens, this.limits));
    if (ids.length === 0) return [];
    const reads = this.redis.pipeline();
    for (const id of ids) reads.hmget(this.keys.agency(id), 'name', 'status', 'tokens');
    const rows = (await reads.exec()) ?? [];
    return rows
      .map(([error, value], i): AgencyCandidate => {
        if (error) throw error;
        const [candidateName, status, candidateTokens] = value as (string | null)[];
        return {
          agencyId: ids[i] ?? '',
          name: candidateName ?? '',
          status: (status ?? 'applied') as AgencyStatus,
          score: nameSimilarity(tokens, (candidateTokens ?? '').split(' ').filter(Boolean)),
        };
      })
      .filter((c) => c.score > 0)
      .sort(
        (a, b) =>
          b.score - a.score ||
          compare(a.name.toLowerCase(), b.name.toLowerCase()) ||
          compare(a.agencyId, b.agencyId),
      )
      .slice(0, wanted);
  }

  /** The distinct ids the plan reads: one round trip for the sizes, one for the bounded ranges. */
  private async idsToScore(words: string[]): Promise<string[]> {
    const sizing = this.redis.pipeline();
    sizing.get(this.keys.namedCount);
    for (const word of words) sizing.zcard(this.keys.token(word));
    const [named, ...sizes] = resultsOf(await sizing.exec());
    const plan = planCandidateReads(
      words.map((word, i) => ({ word, agencies: Number(sizes[i] ?? 0) })),
      Number(named ?? 0),
      this.limits,
    );
    if (plan.length === 0) return [];
    const ranges = this.redis.pipeline();
    for (const { word, count } of plan) ranges.zrange(this.keys.token(word), 0, count - 1);
    return [...new Set(resultsOf(await ranges.exec()).flatMap((ids) => ids as string[]))];
  }
}

/** The values of a pipeline's replies, in order; the first failed reply is thrown. */
function resultsOf(replies: [Error | null, unknown][] | null): unknown[] {
  return (replies ?? []).map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
