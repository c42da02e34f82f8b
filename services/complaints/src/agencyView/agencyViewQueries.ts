import {
  boundedLimit,
  pipelineResults,
  projectionKeys,
  readHashes,
  readHashFields,
} from '@kazi/eventsourcing';
import type { Redis } from 'ioredis';
import { nameSimilarity, normaliseAgencyName } from './agencyName.ts';
import { AGENCY_VIEW, type AgencyStatus } from './agencyView.ts';
import { type AgencyViewKeys, agencyViewKeys, previousAgencyKey } from './agencyViewKeys.ts';
import {
  type CandidateLimits,
  DEFAULT_CANDIDATE_LIMITS,
  planCandidateReads,
  wordsToLookUp,
} from './candidateReads.ts';

export { nameSimilarity, normaliseAgencyName } from './agencyName.ts';

/** An agency as the complaints service knows it from the registry's integration events. */
export interface KnownAgency {
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

/** Reads of the complaints service's view of agencies (agencyViewProjection). Follows the live generation. */
export class AgencyView {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly limits: CandidateLimits = DEFAULT_CANDIDATE_LIMITS,
  ) {}

  /** The view's keys in the live generation: read per request, a rebuild switches generations. */
  private async keys(): Promise<AgencyViewKeys> {
    return agencyViewKeys(await projectionKeys(this.redis, this.namespace, AGENCY_VIEW));
  }

  /**
   * The agency as the registry last told us, or undefined if no event about it has arrived. While the
   * projection fills after the deploy that introduced it, an agency it has not reached yet is read from the
   * hash the view's former consumer wrote (previousAgencyKey).
   */
  async get(agencyId: string): Promise<KnownAgency | undefined> {
    const keys = await this.keys();
    const [hash, previous] = await readHashes(this.redis, [
      keys.agency(agencyId),
      previousAgencyKey(this.namespace, agencyId),
    ]);
    const known = hash?.status ? hash : previous;
    if (!known?.status) return undefined;
    return {
      agencyId,
      name: known.name ?? '',
      status: known.status as AgencyStatus,
      ...(known.licenceNumber ? { licenceNumber: known.licenceNumber } : {}),
      ...(known.validUntil ? { validUntil: known.validUntil } : {}),
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
    const wanted = boundedLimit(limit, this.limits.maxCandidates);
    if (tokens.length === 0 || wanted <= 0) return [];
    const keys = await this.keys();
    const ids = await this.idsToScore(keys, wordsToLookUp(tokens, this.limits));
    if (ids.length === 0) return [];
    const rows = await readHashFields(
      this.redis,
      ids.map((id) => keys.agency(id)),
      ['name', 'status', 'tokens'],
    );
    return rows
      .map(
        (row, i): AgencyCandidate => ({
          agencyId: ids[i] ?? '',
          name: row.name ?? '',
          status: (row.status ?? 'applied') as AgencyStatus,
          score: nameSimilarity(tokens, (row.tokens ?? '').split(' ').filter(Boolean)),
        }),
      )
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
  private async idsToScore(keys: AgencyViewKeys, words: string[]): Promise<string[]> {
    const sizing = this.redis.pipeline();
    sizing.pfcount(keys.named);
    for (const word of words) sizing.zcard(keys.token(word));
    const [named, ...sizes] = pipelineResults(await sizing.exec());
    const plan = planCandidateReads(
      words.map((word, i) => ({ word, agencies: Number(sizes[i] ?? 0) })),
      Number(named ?? 0),
      this.limits,
    );
    if (plan.length === 0) return [];
    const ranges = this.redis.pipeline();
    for (const { word, count } of plan) ranges.zrange(keys.token(word), 0, count - 1);
    return [...new Set(pipelineResults(await ranges.exec()).flatMap((ids) => ids as string[]))];
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
