import { projectionKeys } from '@kazi/eventsourcing';
import { BadRequestError } from '@kazi/service-kit';
import type { Redis } from 'ioredis';
import { OPEN_STATUSES, type Severity } from '../domain/complaint/vocabulary.ts';
import { complaintQueueProjection, queueScore, statusOf } from './complaintQueue.ts';

const QUEUE = complaintQueueProjection.name;

export interface ComplaintSummary {
  id: string;
  reference: string;
  status: string;
  severity: string;
  respondBy: string;
  overdue: boolean;
  country: string;
  agencyId: string | null;
  agencyName: string | null;
  categories: string[];
  flags: string[];
  assignee: string | null;
  personalData: 'held' | 'erased';
  lodgedAt: string;
  updatedAt: string;
}

export interface QueueFilter {
  status?: string;
  severity?: string;
  agencyId?: string;
  country?: string;
  limit: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface Position {
  score: number;
  id: string;
}

const orderOf = (s: ComplaintSummary): Position => ({
  score: queueScore(s.severity as Severity, s.respondBy),
  id: s.id,
});
const after = (a: Position, b: Position) => a.score > b.score || (a.score === b.score && a.id > b.id);
const encodeCursor = (p: Position) => Buffer.from(`${p.score}:${p.id}`).toString('base64url');

function decodeCursor(cursor: string): Position {
  const [score, id] = Buffer.from(cursor, 'base64url').toString().split(':');
  if (!id || !Number.isFinite(Number(score)))
    throw new BadRequestError('cursor is not one this API returned', [
      { path: 'query.cursor', message: 'is not a cursor this API issued' },
    ]);
  return { score: Number(score), id };
}

const BATCH = 200;

/** Reads of the complaints read models (no personal data lives there). Follows the live generation. */
export class ComplaintQueries {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {}

  /**
   * The queue: most severe first, then nearest deadline. Without a status it holds the open complaints;
   * filters by status, severity, agency and country combine.
   */
  async queue(filter: QueueFilter): Promise<Page<ComplaintSummary>> {
    const keys = await projectionKeys(this.redis, this.namespace, QUEUE);
    const start = filter.cursor ? decodeCursor(filter.cursor) : undefined;
    const wanted = (s: ComplaintSummary) =>
      (filter.status
        ? s.status === filter.status
        : (OPEN_STATUSES as readonly string[]).includes(s.status)) &&
      (!filter.severity || s.severity === filter.severity) &&
      (!filter.agencyId || s.agencyId === filter.agencyId) &&
      (!filter.country || s.country === filter.country) &&
      (!start || after(orderOf(s), start));

    if (filter.agencyId || filter.country) {
      // An agency's or a country's complaints are few next to the whole queue: read them all and sort.
      const sets = [
        ...(filter.agencyId ? [keys.key('agency', filter.agencyId)] : []),
        ...(filter.country ? [keys.key('country', filter.country)] : []),
      ];
      const ids = await this.redis.sinter(...sets);
      const rows = (await this.summaries(keys.key.bind(keys), ids)).filter(wanted);
      rows.sort((a, b) => (after(orderOf(a), orderOf(b)) ? 1 : -1));
      return page(rows, filter.limit);
    }

    const open = !filter.status || (OPEN_STATUSES as readonly string[]).includes(filter.status);
    const ordered = keys.key(open ? 'open' : 'all');
    const found: ComplaintSummary[] = [];
    let from = start ? String(start.score) : '-inf';
    let offset = 0;
    for (;;) {
      const ids = await this.redis.zrangebyscore(ordered, from, '+inf', 'LIMIT', offset, BATCH);
      if (ids.length === 0) break;
      found.push(...(await this.summaries(keys.key.bind(keys), ids)).filter(wanted));
      if (found.length > filter.limit || ids.length < BATCH) break;
      offset += BATCH;
      from = start ? String(start.score) : '-inf';
    }
    return page(found, filter.limit);
  }

  async idByReference(reference: string): Promise<string | undefined> {
    const keys = await projectionKeys(this.redis, this.namespace, QUEUE);
    return (await this.redis.get(keys.key('ref', reference))) ?? undefined;
  }

  /** Complaints still awaiting a first response whose deadline has passed. */
  async pastDeadline(now: Date, limit = 1000): Promise<string[]> {
    const keys = await projectionKeys(this.redis, this.namespace, QUEUE);
    return this.redis.zrangebyscore(keys.key('due'), '-inf', now.getTime(), 'LIMIT', 0, limit);
  }

  private async summaries(key: (...parts: string[]) => string, ids: string[]): Promise<ComplaintSummary[]> {
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(key('c', id));
    const results = (await pipeline.exec()) ?? [];
    return results.flatMap(([error, value]) => {
      if (error) throw error;
      const h = value as Record<string, string>;
      return h.id ? [toSummary(h)] : [];
    });
  }
}

function page(rows: ComplaintSummary[], limit: number): Page<ComplaintSummary> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(orderOf(last)) : null };
}

const list = (value: string | undefined) => (value ? value.split(',') : []);

function toSummary(h: Record<string, string>): ComplaintSummary {
  return {
    id: h.id ?? '',
    reference: h.reference ?? '',
    status: statusOf(h),
    severity: h.severity ?? 'normal',
    respondBy: h.respondBy ?? '',
    overdue: h.overdue === '1',
    country: h.country ?? '',
    agencyId: h.agencyId || null,
    agencyName: h.agencyName || null,
    categories: list(h.categories),
    flags: list(h.flags),
    assignee: h.assignee || null,
    personalData: h.personalData === 'erased' ? 'erased' : 'held',
    lodgedAt: h.lodgedAt ?? '',
    updatedAt: h.updatedAt ?? '',
  };
}
