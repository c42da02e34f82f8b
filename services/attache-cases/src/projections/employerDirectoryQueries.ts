import {
  boundedLimit,
  type CandidateLimits,
  DEFAULT_CANDIDATE_LIMITS,
  matchName,
  projectionKeys,
  readHashFields,
} from '@kazi/eventsourcing';
import type { Redis } from 'ioredis';
import type { EmployerStatus } from '../domain/index.ts';
import {
  EMPLOYER_DIRECTORY,
  type EmployerDirectoryKeys,
  employerDirectoryKeys,
} from './employerDirectory.ts';
import { employerNameWords, registrationKeyOf } from './employerName.ts';

export interface EmployerMatch {
  employerId: string;
  name: string;
  country: string;
  status: EmployerStatus;
  registrationNumber: string | null;
  /** 0..1: 1 for the same distinctive words, or the registration number itself. */
  score: number;
}

/** Most employers read for one look-up by registration number (several countries may share a number). */
const MAX_BY_REGISTRATION = 20;

/** Reads of the employer directory (employerDirectory.ts). Follows the live generation. */
export class EmployerDirectoryQueries {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly limits: CandidateLimits = DEFAULT_CANDIDATE_LIMITS,
  ) {}

  private async keys(): Promise<EmployerDirectoryKeys> {
    return employerDirectoryKeys(await projectionKeys(this.redis, this.namespace, EMPLOYER_DIRECTORY));
  }

  /**
   * The employers a caller may mean by `q`, best first: those registered under `q` as a registration
   * number, else a ranked name look-up that reads at most `maxIdsRead` employers, rarest words first,
   * however many share a word (docs/bounded-work.md). `country` narrows the ranked matches, so a
   * very common name in another country may leave fewer than `limit`.
   */
  async search(
    q: string,
    options: { country?: string | undefined; limit: number },
  ): Promise<EmployerMatch[]> {
    const keys = await this.keys();
    const limit = boundedLimit(options.limit, this.limits.maxCandidates);
    const inCountry = (m: EmployerMatch) => !options.country || m.country === options.country;
    const number = registrationKeyOf(q);
    if (number.length >= 4) {
      const ids = await this.redis.zrange(keys.registration(number), 0, MAX_BY_REGISTRATION - 1);
      if (ids.length > 0) return (await this.rows(keys, ids)).filter(inCountry).slice(0, limit);
    }
    const matches = await matchName(this.redis, keys, employerNameWords(q), {
      // Read beyond the page when a country narrows it: the look-up stays within maxCandidates.
      limit: options.country ? this.limits.maxCandidates : limit,
      fields: ['country', 'status', 'registrationNumber'],
      limits: this.limits,
    });
    return matches
      .map((m) => ({
        employerId: m.id,
        name: m.name,
        country: m.fields.country ?? '',
        status: (m.fields.status ?? 'unvetted') as EmployerStatus,
        registrationNumber: m.fields.registrationNumber || null,
        score: m.score,
      }))
      .filter(inCountry)
      .slice(0, limit);
  }

  private async rows(keys: EmployerDirectoryKeys, ids: string[]): Promise<EmployerMatch[]> {
    const rows = await readHashFields(
      this.redis,
      ids.map((id) => keys.employer(id)),
      ['name', 'country', 'status', 'registrationNumber'],
    );
    return rows.flatMap((row, i) =>
      row.name
        ? [
            {
              employerId: ids[i] ?? '',
              name: row.name,
              country: row.country ?? '',
              status: (row.status ?? 'unvetted') as EmployerStatus,
              registrationNumber: row.registrationNumber || null,
              score: 1,
            },
          ]
        : [],
    );
  }
}
