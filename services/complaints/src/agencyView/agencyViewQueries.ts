import type { Redis } from 'ioredis';
import { nameSimilarity, normaliseAgencyName } from './agencyName.ts';
import type { AgencyStatus } from './agencyView.ts';
import { agencyViewKeys } from './agencyViewKeys.ts';

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
  ) {
    this.keys = agencyViewKeys(namespace);
  }

  /** The agency as the registry last told us, or undefined if no event about it has arrived. */
  async get(agencyId: string): Promise<AgencyRecord | undefined> {
    const hash = await this.redis.hgetall(this.keys.agency(agencyId));
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
   * Agencies a caller may mean by a free-text name: those sharing at least one distinctive word,
   * best first (ties by name, then id, so the order is stable). Two round trips: the token sets,
   * then the candidates' names.
   */
  async candidates(name: string, limit = 5): Promise<AgencyCandidate[]> {
    const tokens = normaliseAgencyName(name);
    if (tokens.length === 0 || limit <= 0) return [];
    const ids = await this.redis.sunion(...tokens.map((token) => this.keys.token(token)));
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
      .slice(0, limit);
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
