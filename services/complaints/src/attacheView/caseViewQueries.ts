import { projectionKeys, readHashes } from '@kazi/eventsourcing';
import type { Redis } from 'ioredis';
import { ATTACHE_CASE_VIEW, caseViewKeys } from './caseView.ts';

/** An attaché case opened from a complaint, as the attaché-cases service told us. */
export interface LinkedCase {
  caseId: string;
  /** The mission's country (ISO 3166-1 alpha-2). */
  mission: string;
  caseType: string;
  openedAt: string;
  status: 'open' | 'closed';
  /** Set once closed. */
  outcome: string | null;
  closedAt: string | null;
}

/**
 * Most cases read for one complaint. A referral opens one case per mission and attachés seldom open more
 * from the same complaint: a bound that is never reached in practice keeps the read bounded anyway.
 */
export const MAX_CASES_PER_COMPLAINT = 20;

const linkedCase = (hash: Record<string, string>): LinkedCase | undefined =>
  hash.caseId && hash.mission && hash.caseType && hash.openedAt
    ? {
        caseId: hash.caseId,
        mission: hash.mission,
        caseType: hash.caseType,
        openedAt: hash.openedAt,
        status: hash.status === 'closed' ? 'closed' : 'open',
        outcome: hash.outcome ?? null,
        closedAt: hash.closedAt ?? null,
      }
    : undefined;

/** Reads of the cases linked to complaints (caseViewProjection). Follows the live generation. */
export class AttacheCaseView {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {}

  /** The complaint's cases in the order they were opened, at most MAX_CASES_PER_COMPLAINT; two round trips. */
  async ofComplaint(complaintId: string): Promise<LinkedCase[]> {
    const keys = caseViewKeys(await projectionKeys(this.redis, this.namespace, ATTACHE_CASE_VIEW));
    const ids = await this.redis.zrange(keys.complaintCases(complaintId), 0, MAX_CASES_PER_COMPLAINT - 1);
    const cases = await readHashes(
      this.redis,
      ids.map((id) => keys.case(id)),
      linkedCase,
    );
    return cases.filter((c): c is LinkedCase => c !== undefined);
  }
}
