import {
  type CandidateLimits,
  DEFAULT_CANDIDATE_LIMITS,
  matchName,
  projectionKeys,
  readHashes,
} from '@kazi/eventsourcing';
import type { Redis } from 'ioredis';
import { normaliseAgencyName } from './agencyName.ts';
import { AGENCY_VIEW, type AgencyStatus } from './agencyView.ts';
import { type AgencyViewKeys, agencyViewKeys, previousAgencyKey } from './agencyViewKeys.ts';

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
    const keys = await this.keys();
    const matches = await matchName(this.redis, keys, normaliseAgencyName(name), {
      limit,
      fields: ['status'],
      limits: this.limits,
    });
    return matches.map((m) => ({
      agencyId: m.id,
      name: m.name,
      status: (m.fields.status ?? 'applied') as AgencyStatus,
      score: m.score,
    }));
  }
}
