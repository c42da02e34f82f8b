import { cursorCodec } from '@kazi/eventsourcing';
import { HttpProblemError } from '@kazi/service-kit';
import type { Pool } from '../reporting/index.ts';
import { evidenceFor, type RiskMeasures, type RiskWeights, reasonsOf } from './riskRules.ts';
import type { CellPolicy } from './suppression.ts';

/** Reasons shown per entry: the rest are on the agency's scorecard. */
export const TOP_REASONS = 3;

interface WatchlistPosition {
  score: number;
  agencyId: string;
}

/** The rank key of the last entry: score then agency id. Valid across rebuilds (the order is the data's). */
export const watchlistCursor = cursorCodec<WatchlistPosition>({
  write: (p) => `${p.score}\u0000${p.agencyId}`,
  read(text) {
    const [score, agencyId, ...rest] = text.split('\u0000');
    if (rest.length > 0 || !agencyId || score === undefined || !/^-?\d+(\.\d+)?(e[+-]?\d+)?$/.test(score))
      return undefined;
    return { score: Number(score), agencyId };
  },
});

export interface WatchlistOptions {
  weights: RiskWeights;
  cells: CellPolicy;
  limit: number;
  cursor?: string | undefined;
  /** The reporting projection whose ranking is read. */
  projection: string;
}

type RankedRow = RiskMeasures & { score: number; scored_at: Date };

const RANKED = 'SELECT * FROM oversight.risk_ranking';

/**
 * Agencies ranked by risk, highest first (ties by id), one page after the cursor, from the ranking the
 * background job keeps (riskRanking.ts): `limit + 1` rows of the index (score DESC, agency_id), however
 * many agencies there are. After a cursor the range is two index reads, the rest of the cursor's score
 * and the scores below it. Each entry says when its score was worked out (`scoredAt`).
 */
export async function watchlistPage(pool: Pool, options: WatchlistOptions) {
  const after = options.cursor === undefined ? undefined : watchlistCursor.decode(options.cursor);
  const [ready] = (
    await pool.query<{ swept_at: Date | null }>(
      'SELECT swept_at FROM oversight.risk_ranking_state WHERE projection = $1',
      [options.projection],
    )
  ).rows;
  if (!ready?.swept_at)
    throw new HttpProblemError(
      503,
      'reporting-not-ready',
      'the watchlist is being ranked for the first time; try again shortly',
    );
  const n = options.limit + 1;
  const { rows } = after
    ? await pool.query<RankedRow>(
        `(${RANKED} WHERE score = $1 AND agency_id > $2 ORDER BY score DESC, agency_id LIMIT $3)
         UNION ALL
         (${RANKED} WHERE score < $1 ORDER BY score DESC, agency_id LIMIT $3)
         ORDER BY score DESC, agency_id LIMIT $3`,
        [after.score, after.agencyId, n],
      )
    : await pool.query<RankedRow>(`${RANKED} ORDER BY score DESC, agency_id LIMIT $1`, [n]);
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    entries: page.map((m) => ({
      agencyId: m.agency_id,
      score: m.score,
      scoredAt: m.scored_at.toISOString(),
      topReasons: reasonsOf(m, options.weights)
        .slice(0, TOP_REASONS)
        .map((r) => ({ ...r, evidence: evidenceFor(r.evidence, options.cells) })),
    })),
    nextCursor:
      rows.length > options.limit && last
        ? watchlistCursor.encode({ score: last.score, agencyId: last.agency_id })
        : null,
  };
}
