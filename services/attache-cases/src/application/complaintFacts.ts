import { names } from '@kazi/eventsourcing';
import type { Redis } from 'ioredis';
import { AGE_BANDS, type AgeBand, SEXES, type Sex } from '../domain/index.ts';

/** What a complaint's lodging said of the worker that a case opened from it may count: no personal data. */
export interface LodgedFacts {
  sex: Sex;
  ageBand?: AgeBand;
  country: string;
}

/**
 * The service's small view of lodged complaints (from the complaints service's ComplaintLodged), by
 * complaint id: a referral does not say the worker's sex and age band, and a case opened from it counts
 * them in the national indicators. Kept by the referral consumer, one hash per complaint
 * (`<ns>:attache-cases:complaint-facts:<complaint id>`); dropped when the complainant's data is erased.
 */
export class ComplaintFacts {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {}

  private key(complaintId: string): string {
    return names.redisKey(this.namespace, 'attache-cases', 'complaint-facts', complaintId);
  }

  async remember(
    complaintId: string,
    facts: { sex: string; ageBand?: string; country: string },
  ): Promise<void> {
    await this.redis.hset(this.key(complaintId), {
      sex: facts.sex,
      ageBand: facts.ageBand ?? '',
      country: facts.country,
    });
  }

  async get(complaintId: string): Promise<LodgedFacts | undefined> {
    const hash = await this.redis.hgetall(this.key(complaintId));
    if (!hash.country) return undefined;
    const sex = (SEXES as readonly string[]).includes(hash.sex ?? '') ? (hash.sex as Sex) : 'unspecified';
    const ageBand = (AGE_BANDS as readonly string[]).includes(hash.ageBand ?? '')
      ? (hash.ageBand as AgeBand)
      : undefined;
    return { sex, ...(ageBand ? { ageBand } : {}), country: hash.country };
  }

  async forget(complaintId: string): Promise<void> {
    await this.redis.del(this.key(complaintId));
  }
}
