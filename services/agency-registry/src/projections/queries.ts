import {
  type Page,
  type ProjectionKeys,
  partKeys,
  projectionKeys,
  projectionLayout,
} from '@kazi/eventsourcing';
import type { Redis } from 'ioredis';
import { agencyIndexProjection } from './agencyIndex.ts';
import { agencyReadModelsProjection } from './agencyReadModels.ts';
import { legacyPublicRegister, legacySearch, WORD_INDEX_VERSION } from './legacySearch.ts';
import { SEARCH_BOUNDS, type SearchBounds, searchOrderedIndex } from './orderedSearch.ts';
import { publicRegisterProjection } from './publicRegister.ts';
import { decodeCursor, encodeCursor } from './searchCursor.ts';
import { wordIndexKeys } from './wordIndex.ts';

const INDEX = agencyIndexProjection;
const REGISTER = publicRegisterProjection;

export interface AgencySummary {
  id: string;
  name: string;
  registrationNumber: string;
  county: string;
  status: string;
  licenceNumber: string | null;
  validUntil: string | null;
  flagged: boolean;
  updatedAt: string;
}

export interface PublicRegisterEntry {
  name: string;
  licenceNumber: string;
  status: string;
  validUntil: string;
}

/** Reads of the registry's read models. Each call follows the live generation (rebuilds switch it). */
export class AgencyQueries {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    /** What one search may read (orderedSearch.ts); tests pass small bounds to reach them. */
    private readonly bounds: SearchBounds = SEARCH_BOUNDS,
  ) {}

  /** Version of the code that built each generation (fixed once the generation exists). */
  private readonly builtBy = new Map<number, number>();

  /** One read model's keys in the live generation (read per request: a rebuild switches generations). */
  private async keysOf(model: typeof INDEX | typeof REGISTER) {
    return partKeys(await projectionKeys(this.redis, this.namespace, agencyReadModelsProjection.name), model);
  }

  /**
   * Whether the live generation has the word index: not while a deployment rebuilds one built by older
   * code (legacySearch.ts). One HGET per generation and process, then remembered.
   */
  private async hasWordIndex(keys: ProjectionKeys): Promise<boolean> {
    let version = this.builtBy.get(keys.generation);
    if (version === undefined) {
      const meta = projectionLayout(this.namespace, agencyReadModelsProjection.name).meta(keys.generation);
      version = Number((await this.redis.hget(meta, 'version')) ?? 0);
      // Absent before any runner started: nothing is built yet, and the runner will build this code's layout.
      if (version > 0) this.builtBy.set(keys.generation, version);
    }
    return version === 0 || version >= WORD_INDEX_VERSION;
  }

  /**
   * Officers' search: agencies with a status and/or matching q, in (lower-case name, id) order, a page
   * at a time. q is words of the name (the last one may be partial) or a registration or licence number;
   * how it matches and what a request may read: searchOrderedIndex. A page may hold fewer than `limit`
   * items and still have a nextCursor, when the request's read budget ran out first: follow it.
   */
  async search(filter: {
    status?: string;
    q?: string;
    limit: number;
    cursor?: string;
  }): Promise<Page<AgencySummary>> {
    const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
    const keys = await this.keysOf(INDEX);
    const found = !(await this.hasWordIndex(keys))
      ? await legacySearch(this.redis, keys, { ...filter, after })
      : await searchOrderedIndex(
          this.redis,
          wordIndexKeys(keys, 'agency'),
          {
            q: filter.q,
            limit: filter.limit,
            after,
            status: filter.status
              ? { value: filter.status, set: keys.key('status', filter.status) }
              : undefined,
          },
          this.bounds,
        );
    return {
      items: found.rows.map(toSummary),
      nextCursor: found.resumeAfter === null ? null : encodeCursor(found.resumeAfter),
    };
  }

  /**
   * The public register: only agencies that have held a licence, only the four public fields, the first
   * `limit` matches of q in name order, matched as the officers' search matches (by words of the name or
   * the licence number) and bounded the same way.
   */
  async publicRegister(q: string | undefined, limit: number): Promise<PublicRegisterEntry[]> {
    const keys = await this.keysOf(REGISTER);
    const rows = !(await this.hasWordIndex(keys))
      ? await legacyPublicRegister(this.redis, keys, q, limit)
      : (await searchOrderedIndex(this.redis, wordIndexKeys(keys, 'entry'), { q, limit }, this.bounds)).rows;
    return rows.map((r) => ({
      name: r.name ?? '',
      licenceNumber: r.licenceNumber ?? '',
      status: r.status ?? '',
      validUntil: r.validUntil ?? '',
    }));
  }

  /** Revoked agencies that one of these directors (by fingerprint) has directed: two round trips at most. */
  async revokedAgenciesOf(
    fingerprints: string[],
  ): Promise<Array<{ agencyId: string; agencyName: string; fingerprint: string }>> {
    if (fingerprints.length === 0) return [];
    const keys = await this.keysOf(INDEX);
    const lookups = this.redis.pipeline();
    for (const fingerprint of fingerprints)
      lookups.sinter(keys.key('director', fingerprint), keys.key('revoked'));
    const matches = ((await lookups.exec()) ?? []).flatMap(([error, ids], i) => {
      if (error) throw error;
      return (ids as string[]).map((agencyId) => ({ agencyId, fingerprint: fingerprints[i] ?? '' }));
    });
    if (matches.length === 0) return [];
    const names = this.redis.pipeline();
    for (const m of matches) names.hget(keys.key('agency', m.agencyId), 'name');
    const found = (await names.exec()) ?? [];
    return matches.map((m, i) => ({ ...m, agencyName: String(found[i]?.[1] ?? '') }));
  }

  /** Agencies suspended until a day that has come. */
  async endedSuspensions(now: Date, limit = 500): Promise<string[]> {
    const keys = await this.keysOf(INDEX);
    return this.redis.zrangebyscore(keys.key('suspended-until'), '-inf', now.getTime(), 'LIMIT', 0, limit);
  }

  /** Agencies whose licence ran out before `now` and may still be marked licensed. */
  async lapsedLicences(now: Date, limit = 500): Promise<string[]> {
    const keys = await this.keysOf(INDEX);
    return this.redis.zrangebyscore(
      keys.key('licensed-until'),
      '-inf',
      `(${now.getTime()}`,
      'LIMIT',
      0,
      limit,
    );
  }
}

function toSummary(r: Record<string, string>): AgencySummary {
  return {
    id: r.id ?? '',
    name: r.name ?? '',
    registrationNumber: r.registrationNumber ?? '',
    county: r.county ?? '',
    status: r.status ?? '',
    licenceNumber: r.licenceNumber || null,
    validUntil: r.validUntil || null,
    flagged: r.flagged === '1',
    updatedAt: r.updatedAt ?? '',
  };
}
