import { cursorCodec } from '@kazi/eventsourcing';
import type { ReportingReader } from './reportingReader.ts';
import {
  evidenceFor,
  type RiskMeasures,
  type RiskWeights,
  reasonsOf,
  riskMeasuresSql,
  riskValues,
} from './riskRules.ts';
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
  now: string;
  weights: RiskWeights;
  cells: CellPolicy;
  limit: number;
  cursor?: string | undefined;
}

/**
 * Agencies ranked by risk, highest first (ties by id), one page after the cursor. The score is worked
 * out in the statement, so the page is one ORDER BY … LIMIT over the agencies.
 */
export async function watchlistPage(reader: ReportingReader, options: WatchlistOptions) {
  const after = options.cursor === undefined ? undefined : watchlistCursor.decode(options.cursor);
  const s = await reader.schema();
  const rows = await reader.rows<RiskMeasures & { score: number }>(
    `SELECT * FROM (${riskMeasuresSql(s, { flags: await reader.hasTable(s, 'agency_flag') })}) ranked
     WHERE $9::float8 IS NULL OR score < $9 OR (score = $9 AND agency_id > $10)
     ORDER BY score DESC, agency_id LIMIT $11`,
    [
      ...riskValues(options.now, options.weights, null),
      after?.score ?? null,
      after?.agencyId ?? null,
      options.limit + 1,
    ],
  );
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    entries: page.map((m) => ({
      agencyId: m.agency_id,
      score: m.score,
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
