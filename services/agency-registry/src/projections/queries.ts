import { partKeys, projectionKeys } from '@kazi/eventsourcing';
import { BadRequestError } from '@kazi/service-kit';
import type { Redis } from 'ioredis';
import { agencyIndexProjection } from './agencyIndex.ts';
import { agencyReadModelsProjection } from './agencyReadModels.ts';
import { publicRegisterProjection } from './publicRegister.ts';

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

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const matches = (q: string | undefined, ...fields: (string | null | undefined)[]) =>
  !q || fields.some((f) => f?.toLowerCase().includes(q.toLowerCase()));

async function hashes(redis: Redis, keys: string[]): Promise<Record<string, string>[]> {
  if (keys.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const key of keys) pipeline.hgetall(key);
  const results = (await pipeline.exec()) ?? [];
  return results.map(([error, value]) => {
    if (error) throw error;
    return value as Record<string, string>;
  });
}

/** Reads of the registry's read models. Each call follows the live generation (rebuilds switch it). */
export class AgencyQueries {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {}

  /** One read model's keys in the live generation (read per request: a rebuild switches generations). */
  private async keysOf(model: typeof INDEX | typeof REGISTER) {
    return partKeys(await projectionKeys(this.redis, this.namespace, agencyReadModelsProjection.name), model);
  }

  /** Officers' search: by status and a case-insensitive match on name, registration or licence number. */
  async search(filter: {
    status?: string;
    q?: string;
    limit: number;
    cursor?: string;
  }): Promise<Page<AgencySummary>> {
    const keys = await this.keysOf(INDEX);
    const ids = await this.redis.smembers(
      filter.status ? keys.key('status', filter.status) : keys.key('all'),
    );
    const rows = await hashes(
      this.redis,
      ids.map((id) => keys.key('agency', id)),
    );
    const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
    const sorted = rows
      .filter((r) => r.id && matches(filter.q, r.name, r.registrationNumber, r.licenceNumber))
      .map(toSummary)
      .sort((a, b) => compare(sortKey(a), sortKey(b)))
      .filter((a) => after === undefined || compare(sortKey(a), after) > 0);
    const items = sorted.slice(0, filter.limit);
    const last = items.at(-1);
    return { items, nextCursor: sorted.length > filter.limit && last ? encodeCursor(sortKey(last)) : null };
  }

  /** The public register: only agencies that have held a licence, only the four public fields. */
  async publicRegister(q: string | undefined, limit: number): Promise<PublicRegisterEntry[]> {
    const keys = await this.keysOf(REGISTER);
    const ids = await this.redis.smembers(keys.key('listed'));
    const rows = await hashes(
      this.redis,
      ids.map((id) => keys.key('entry', id)),
    );
    return rows
      .filter((r) => r.name && matches(q, r.name, r.licenceNumber))
      .map((r) => ({
        name: r.name ?? '',
        licenceNumber: r.licenceNumber ?? '',
        status: r.status ?? '',
        validUntil: r.validUntil ?? '',
      }))
      .sort((a, b) => compare(a.name.toLowerCase(), b.name.toLowerCase()))
      .slice(0, limit);
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

const sortKey = (a: AgencySummary) => `${a.name.toLowerCase()}\u0000${a.id}`;
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const encodeCursor = (key: string) => Buffer.from(key, 'utf8').toString('base64url');

/** A cursor the client altered is a 400, not a 500. */
function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!key.includes('\u0000')) {
    throw new BadRequestError('cursor is not one this API issued', [
      { path: 'query.cursor', message: 'is not a cursor this API issued' },
    ]);
  }
  return key;
}
