import {
  boundedLimit,
  cursorCodec,
  type Page,
  type ProjectionKeys,
  pageOf,
  pipelineResults,
  projectionKeys,
  readHashes,
} from '@kazi/eventsourcing';
import type { Redis } from 'ioredis';
import type { AgreementKind, AgreementStatus } from '../domain/index.ts';
import { AGREEMENT_INDEX, rowKey, SWEEP_INDEXES } from './agreementIndex.ts';

/** One agreement in the list: what the row holds. Counts of actions show what the committee left open. */
export interface AgreementSummary {
  id: string;
  partnerCountry: string;
  title: string;
  kind: AgreementKind;
  status: AgreementStatus;
  signedOn: string | null;
  inForceFrom: string | null;
  reviewDue: string | null;
  expiry: string | null;
  endedOn: string | null;
  amendments: number;
  meetings: number;
  openActions: number;
  /** Actions past their due day and not done: they show on the agreement. */
  overdueActions: number;
  documents: number;
  updatedAt: string;
}

export interface ListQuery {
  country?: string | undefined;
  status?: AgreementStatus | undefined;
  kind?: AgreementKind | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** The bounds of one list request (docs/bounded-work.md). */
export const LIST_BOUNDS = {
  /** Rows one request reads and checks against the filters. */
  maxExamined: 1000,
  /** Rows read per round trip, at most. */
  maxBatch: 250,
  maxLimit: 200,
};

/** Whether `text` is a sort key (agreementIndex.ts): `<CC> <title>`, a NUL, an id. */
function isSortKey(text: string): boolean {
  const [order, id, ...rest] = text.split('\u0000');
  return rest.length === 0 && order !== undefined && /^[A-Z]{2} /.test(order) && Boolean(id);
}

/** Cursors are the sort key of the last row examined: valid across rebuilds (the order is the data's). */
export const listCursor = cursorCodec<string>({
  write: (sortKey) => sortKey,
  read: (text) => (isSortKey(text) ? text : undefined),
});

const orNull = (value: string | undefined): string | null => value ?? null;
const count = (value: string | undefined): number => Number(value ?? 0);

function summaryOf(row: Record<string, string>): (AgreementSummary & { sortKey: string }) | undefined {
  const { id, partnerCountry, title, kind, status, sortKey, updatedAt } = row;
  if (!id || !partnerCountry || !title || !kind || !status || !sortKey || !updatedAt) return undefined;
  return {
    id,
    partnerCountry,
    title,
    kind: kind as AgreementKind,
    status: status as AgreementStatus,
    signedOn: orNull(row.signedOn),
    inForceFrom: orNull(row.inForceFrom),
    reviewDue: orNull(row.reviewDue),
    expiry: orNull(row.expiry),
    endedOn: orNull(row.endedOn),
    amendments: count(row.amendments),
    meetings: count(row.meetings),
    openActions: count(row.openActions),
    overdueActions: count(row.overdueActions),
    documents: count(row.documents),
    updatedAt,
    sortKey,
  };
}

/** The agreements' read model, read: the list (bounded) and the clock sweep's candidates. */
export class AgreementQueries {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly bounds = LIST_BOUNDS,
  ) {}

  /**
   * A page of agreements in the list's order (partner, title), filtered by country, status and kind. The
   * smallest of the named indexes drives; the other filters are checked on the rows read. At most
   * `maxExamined` rows are read: a page may then be short, even empty, and still have a `nextCursor`.
   */
  async list(query: ListQuery): Promise<Page<AgreementSummary>> {
    const limit = boundedLimit(query.limit, this.bounds.maxLimit);
    const after = query.cursor === undefined ? undefined : listCursor.decode(query.cursor);
    const keys = await this.keys();
    const named = [
      query.status === undefined ? undefined : keys.key('status', query.status),
      query.country === undefined ? undefined : keys.key('country', query.country),
      query.kind === undefined ? undefined : keys.key('kind', query.kind),
    ].filter((k): k is string => k !== undefined);
    const driver = await this.smallest(named.length > 0 ? named : [keys.key('all')]);
    const matches = (s: AgreementSummary) =>
      (query.status === undefined || s.status === query.status) &&
      (query.country === undefined || s.partnerCountry === query.country) &&
      (query.kind === undefined || s.kind === query.kind);

    const found: (AgreementSummary & { sortKey: string })[] = [];
    let position = after;
    let examined = 0;
    let batch = limit + 1;
    let exhausted = false;
    while (found.length <= limit && examined < this.bounds.maxExamined) {
      const take = Math.min(batch, this.bounds.maxBatch, this.bounds.maxExamined - examined);
      const sortKeys = await this.redis.zrangebylex(
        driver,
        position === undefined ? '-' : `(${position}`,
        '+',
        'LIMIT',
        0,
        take,
      );
      const rows = await readHashes(
        this.redis,
        sortKeys.map((k) => rowKey(keys, k.slice(k.indexOf('\u0000') + 1))),
        summaryOf,
      );
      for (const [i, sortKey] of sortKeys.entries()) {
        examined++;
        position = sortKey;
        const row = rows[i];
        if (row && matches(row)) found.push(row);
        if (found.length > limit) break;
      }
      if (sortKeys.length < take) {
        exhausted = true;
        break;
      }
      batch *= 2;
    }
    const page = pageOf(found, limit, (s) => s.sortKey, exhausted ? undefined : position);
    return {
      items: page.items.map(({ sortKey: _, ...summary }) => summary),
      nextCursor: page.resumeAfter === undefined ? null : listCursor.encode(page.resumeAfter),
    };
  }

  /**
   * Members of a sweep index whose day has come (score ≤ `upToDay`), `count` of them from `offset`, and how
   * many there are in all: the sweep walks them a batch per run.
   */
  async dueIn(
    index: keyof typeof SWEEP_INDEXES,
    upToDay: number,
    offset: number,
    count: number,
  ): Promise<{ members: string[]; total: number }> {
    const key = (await this.keys()).key(SWEEP_INDEXES[index]);
    const reading = this.redis.pipeline();
    reading.zrangebyscore(key, '-inf', upToDay, 'LIMIT', offset, count);
    reading.zcount(key, '-inf', upToDay);
    const [members, total] = pipelineResults(await reading.exec()) as [string[], number];
    return { members, total: Number(total) };
  }

  private keys(): Promise<ProjectionKeys> {
    return projectionKeys(this.redis, this.namespace, AGREEMENT_INDEX);
  }

  /** The index with the fewest entries (the first of equals), in one round trip. */
  private async smallest(indexes: string[]): Promise<string> {
    const [first = '', ...others] = indexes;
    if (others.length === 0) return first;
    const sizing = this.redis.pipeline();
    for (const index of indexes) sizing.zcard(index);
    const sizes = pipelineResults(await sizing.exec()).map(Number);
    let best = 0;
    sizes.forEach((size, i) => {
      if (size < (sizes[best] ?? 0)) best = i;
    });
    return indexes[best] ?? first;
  }
}
