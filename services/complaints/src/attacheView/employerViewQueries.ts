import {
  type CandidateLimits,
  DEFAULT_CANDIDATE_LIMITS,
  matchName,
  projectionKeys,
  readHashes,
} from '@kazi/eventsourcing';
import type { Redis } from 'ioredis';
import { employerWordsIn } from './employerName.ts';
import { EMPLOYER_VIEW, type EmployerViewKeys, employerViewKeys } from './employerView.ts';

export type VettingOutcome = 'cleared' | 'flagged' | 'blacklisted';

/** An employer abroad as the attachés' last vetting left it. */
export interface VettedEmployer {
  employerId: string;
  name: string;
  country: string;
  status: VettingOutcome;
  vettedAt: string;
}

/** What a complaint naming a flagged or blacklisted employer shows (the kinds attaché cases use too). */
export interface EmployerFlag {
  kind: 'employer-flagged' | 'employer-blacklisted';
  employerId: string;
  /** The employer's name as the attaché recorded it (the complaint's own may differ). */
  employerName: string;
  country: string;
  vettedAt: string;
  /** How alike the complaint's employer name and this one are, 0..1 (nameSimilarity of their words). */
  score: number;
}

const FLAG_KIND = { flagged: 'employer-flagged', blacklisted: 'employer-blacklisted' } as const;

export interface EmployerViewOptions {
  /**
   * The least similarity for a complaint's employer to be taken for a vetted one (EMPLOYER_MATCH_MIN_SCORE):
   * one word shared among several ("Noor Cleaning" and "Noor Catering") must not flag a complaint.
   */
  minScore: number;
  limits?: CandidateLimits;
}

/** Employers read for one complaint: the best few matches are enough to find the best flagged one. */
const MATCHES_READ = 5;

/** Reads of the complaints service's view of vetted employers (employerViewProjection). */
export class EmployerView {
  private readonly limits: CandidateLimits;

  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly options: EmployerViewOptions,
  ) {
    this.limits = options.limits ?? DEFAULT_CANDIDATE_LIMITS;
  }

  /** The view's keys in the live generation: read per request, a rebuild switches generations. */
  private async keys(): Promise<EmployerViewKeys> {
    return employerViewKeys(await projectionKeys(this.redis, this.namespace, EMPLOYER_VIEW));
  }

  /** The employer as its last vetting left it, or undefined if no vetting of it has arrived. */
  async get(employerId: string): Promise<VettedEmployer | undefined> {
    const keys = await this.keys();
    const [hash] = await readHashes(this.redis, [keys.employer(employerId)]);
    if (!hash?.status) return undefined;
    return {
      employerId,
      name: hash.name ?? '',
      country: hash.country ?? '',
      status: hash.status as VettingOutcome,
      vettedAt: hash.vettedAt ?? '',
    };
  }

  /**
   * The flag of the flagged or blacklisted employer of `country` a complaint most likely means by `name`,
   * or null: a ranked name match, bounded whatever the number of employers (matchName), among that
   * country's flagged and blacklisted employers only, at `minScore` or more. Of equally good matches a
   * blacklisting is shown before a flag.
   */
  async flagFor(employer: { name: string; country: string }): Promise<EmployerFlag | null> {
    const words = employerWordsIn(employer.country, employer.name);
    if (words.length === 0) return null;
    const matches = await matchName(this.redis, await this.keys(), words, {
      limit: MATCHES_READ,
      fields: ['status', 'country', 'vettedAt'],
      limits: this.limits,
    });
    const flagged = matches
      .filter((m) => m.score >= this.options.minScore)
      .flatMap((m) => {
        const status = m.fields.status;
        if (status !== 'flagged' && status !== 'blacklisted') return [];
        const flag: EmployerFlag = {
          kind: FLAG_KIND[status],
          employerId: m.id,
          employerName: m.name,
          country: m.fields.country ?? employer.country,
          vettedAt: m.fields.vettedAt ?? '',
          score: m.score,
        };
        return [flag];
      });
    const blacklistedFirst = (flag: EmployerFlag) => (flag.kind === 'employer-blacklisted' ? 0 : 1);
    flagged.sort((a, b) => b.score - a.score || blacklistedFirst(a) - blacklistedFirst(b));
    return flagged[0] ?? null;
  }
}
