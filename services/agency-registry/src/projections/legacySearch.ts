import { type ProjectionKeys, readHashes } from '@kazi/eventsourcing';
import type { Redis } from 'ioredis';
import type { SearchResult } from './orderedSearch.ts';

/**
 * Searches read models built before the word index (read-models version < WORD_INDEX_VERSION): `all`,
 * `status:<s>` and `listed` are plain sets there, and nothing is indexed by word. A deployment rebuilds
 * into a new generation while the old one keeps serving, so for that window only this reads every row
 * of the set, as the registry did before (about 0.3–0.7 s at 14,500 agencies). Delete this file once
 * every deployment runs version WORD_INDEX_VERSION or later.
 */
export const WORD_INDEX_VERSION = 5;

/** The old matching: a case-insensitive substring of any of the fields. */
const matches = (q: string | undefined, ...fields: (string | undefined)[]) =>
  !q || fields.some((f) => f?.toLowerCase().includes(q.toLowerCase()));

const sortKeyOfRow = (row: Record<string, string>) =>
  `${(row.name ?? '').toLowerCase()}\u0000${row.id ?? ''}`;

export async function legacySearch(
  redis: Redis,
  keys: ProjectionKeys,
  filter: { status?: string; q?: string; limit: number; after?: string },
): Promise<SearchResult> {
  const ids = await redis.smembers(filter.status ? keys.key('status', filter.status) : keys.key('all'));
  const rows = (
    await readHashes(
      redis,
      ids.map((id) => keys.key('agency', id)),
    )
  )
    .filter((r) => r.id && matches(filter.q, r.name, r.registrationNumber, r.licenceNumber))
    .map((r) => ({ ...r, sortKey: sortKeyOfRow(r) }))
    .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0))
    .filter((r) => filter.after === undefined || r.sortKey > filter.after);
  const page = rows.slice(0, filter.limit);
  const resumeAfter = rows.length > filter.limit ? (page.at(-1)?.sortKey ?? null) : null;
  return { rows: page, resumeAfter, examined: ids.length };
}

export async function legacyPublicRegister(
  redis: Redis,
  keys: ProjectionKeys,
  q: string | undefined,
  limit: number,
): Promise<Record<string, string>[]> {
  const ids = await redis.smembers(keys.key('listed'));
  return (
    await readHashes(
      redis,
      ids.map((id) => keys.key('entry', id)),
    )
  )
    .filter((r) => r.name && matches(q, r.name, r.licenceNumber))
    .sort((a, b) => ((a.name ?? '').toLowerCase() < (b.name ?? '').toLowerCase() ? -1 : 1))
    .slice(0, limit);
}
