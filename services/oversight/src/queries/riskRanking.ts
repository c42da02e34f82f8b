import type { Clock } from '@kazi/core';
import { identifier, inTransaction, type Pool, type PoolClient } from '../reporting/index.ts';
import { RISK_RULES, type RiskWeights, riskMeasuresSql, riskValues } from './riskRules.ts';

/** How much one run of the ranking job may do (docs/bounded-work.md, "Oversight"). */
export interface RiskRankingBounds {
  /** Agencies scored per run, whichever step runs. */
  agencies: number;
  /** Stream positions one run looks through for changed agencies. */
  positions: number;
  /** A score older than this is worked out again (time moves the per-licensed-year rate). */
  maxAgeMs: number;
}

export const DEFAULT_RANKING_BOUNDS: RiskRankingBounds = {
  agencies: 500,
  positions: 10_000,
  maxAgeMs: 3_600_000,
};

/** What one run did: `current` once every change up to the live generation's checkpoint is scored. */
export interface RankingRun {
  step: 'not-live' | 'busy' | 'sweep' | 'changes' | 'aged' | 'idle';
  scored: number;
  current: boolean;
}

interface RankingState {
  generation: number;
  position: string;
  weights: string;
  sweep_after: string | null;
  sweep_from: string | null;
}

/** One replica at a time runs the job; the others find the lock taken and skip their tick. */
const TRY_LOCK =
  "SELECT pg_try_advisory_xact_lock(hashtextextended('kazi-risk-ranking:' || $1, 0)) AS locked";

const MEASURE_COLUMNS = [
  'score',
  'complaints',
  'open_critical',
  'forced_labour',
  'trafficking',
  'without_licence',
  'overdue',
  'licensed_years',
  'revoked_directors',
  'revoked_agency_ids',
] as const;

/**
 * Scores the agencies `$8` from the generation `s` into the ranking ($9 the generation, $1 now): an
 * upsert per agency, and the row of an agency asked for but not in the generation goes.
 */
function scoreSql(s: string, flags: boolean): string {
  const columns = ['agency_id', ...MEASURE_COLUMNS, 'generation', 'scored_at'];
  return `
WITH scored AS (${riskMeasuresSql(s, { flags })}),
upserted AS (
  INSERT INTO oversight.risk_ranking (${columns.join(', ')})
  SELECT agency_id, ${MEASURE_COLUMNS.join(', ')}, $9::int, $1::timestamptz FROM scored
  ON CONFLICT (agency_id) DO UPDATE SET
    ${[...MEASURE_COLUMNS, 'generation', 'scored_at'].map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
  RETURNING 1
), gone AS (
  DELETE FROM oversight.risk_ranking r
  WHERE r.agency_id = ANY($8::text[]) AND NOT EXISTS (SELECT 1 FROM scored WHERE scored.agency_id = r.agency_id)
  RETURNING 1
)
SELECT (SELECT count(*) FROM upserted)::int AS scored`;
}

/**
 * The agencies whose facts changed in positions ($1, $2], each with the last position that changed it,
 * oldest first, at most $3. Every source is a table of the risk measures with its position's BRIN index.
 */
function changedSql(s: string, flags: boolean): string {
  const range = (p: string) => `${p}.position > $1 AND ${p}.position <= $2`;
  const sources = [
    `SELECT a.agency_id, a.position FROM ${s}.agency a WHERE ${range('a')}`,
    `SELECT a.agency_id, a.position FROM ${s}.agency_status a WHERE ${range('a')}`,
    `SELECT c.agency_id, c.position FROM ${s}.complaint c WHERE ${range('c')} AND c.agency_id IS NOT NULL`,
    `SELECT c.agency_id, x.position FROM ${s}.complaint_status x
       JOIN ${s}.complaint c ON c.complaint_key = x.complaint_key WHERE ${range('x')} AND c.agency_id IS NOT NULL`,
    `SELECT c.agency_id, x.position FROM ${s}.complaint_deadline_breach x
       JOIN ${s}.complaint c ON c.complaint_key = x.complaint_key WHERE ${range('x')} AND c.agency_id IS NOT NULL`,
    ...(flags ? [`SELECT f.agency_id, f.position FROM ${s}.agency_flag f WHERE ${range('f')}`] : []),
  ];
  return `SELECT agency_id, max(position)::text AS position FROM (${sources.join('\nUNION ALL\n')}) changed
    GROUP BY agency_id ORDER BY max(position), agency_id LIMIT $3`;
}

/**
 * The watchlist's ranking (migration 0004): every agency's risk measures and score, kept current by a
 * periodic job in bounded steps, so a watchlist page reads `limit + 1` rows of an index. Each run, in one
 * transaction under an advisory lock (a second replica skips its tick; every write is an idempotent
 * upsert anyway), does one step of at most `bounds.agencies` agencies:
 * - **sweep**: a full rescoring, agency by agency in id order, when the live generation is not the one
 *   the ranking follows (a first start, a rebuild's switch) or the weights changed. The old scores
 *   serve until each agency is rescored; at the end, rows of agencies the generation does not have go.
 * - **changes**: the agencies whose facts changed since the position the ranking is scored through
 *   (looking at most `bounds.positions` positions ahead, up to the generation's checkpoint).
 * - **aged**: otherwise, the agencies scored longest ago, if older than `bounds.maxAgeMs` ("now" moves the
 *   complaints-per-licensed-year rate of an agency nothing happens to).
 */
export class RiskRanking {
  constructor(
    private readonly pool: Pool,
    private readonly options: {
      projection: string;
      weights: RiskWeights;
      clock: Clock;
      bounds?: Partial<RiskRankingBounds>;
    },
  ) {}

  private get bounds(): RiskRankingBounds {
    return { ...DEFAULT_RANKING_BOUNDS, ...this.options.bounds };
  }

  /** The weights as stored with the ranking: other weights rescore every agency. */
  get weightsKey(): string {
    return RISK_RULES.map((rule) => `${rule}=${this.options.weights[rule]}`).join(',');
  }

  /** One bounded step. */
  run(): Promise<RankingRun> {
    const { projection } = this.options;
    return inTransaction(this.pool, async (client) => {
      const [live] = (
        await client.query<{ generation: number; schema_name: string; checkpoint: string }>(
          `SELECT generation, schema_name, checkpoint FROM oversight.projection_generation
           WHERE projection = $1 AND state = 'live'`,
          [projection],
        )
      ).rows;
      if (!live) return { step: 'not-live', scored: 0, current: true } as const;
      const { locked } = (await client.query<{ locked: boolean }>(TRY_LOCK, [projection])).rows[0] ?? {};
      if (!locked) return { step: 'busy', scored: 0, current: false } as const;
      const s = identifier(live.schema_name);
      const checkpoint = Number(live.checkpoint);
      const flags = (
        await client.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [
          `${s}.agency_flag`,
        ])
      ).rows[0]?.found;
      let [state] = (
        await client.query<RankingState>(
          'SELECT generation, position, weights, sweep_after, sweep_from FROM oversight.risk_ranking_state WHERE projection = $1',
          [projection],
        )
      ).rows;
      if (!state || state.generation !== live.generation || state.weights !== this.weightsKey) {
        // Start over from the first agency; the checkpoint now is where the changes step resumes.
        state = {
          generation: live.generation,
          position: state?.position ?? '0',
          weights: this.weightsKey,
          sweep_after: '',
          sweep_from: live.checkpoint,
        };
        await client.query(
          `INSERT INTO oversight.risk_ranking_state (projection, generation, position, weights, sweep_after, sweep_from)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (projection) DO UPDATE SET generation = EXCLUDED.generation, weights = EXCLUDED.weights,
             sweep_after = EXCLUDED.sweep_after, sweep_from = EXCLUDED.sweep_from`,
          [projection, state.generation, state.position, state.weights, state.sweep_after, state.sweep_from],
        );
      }
      const now = this.options.clock.now().toISOString();
      const { agencies } = this.bounds;

      if (state.sweep_after !== null) {
        const ids = (
          await client.query<{ agency_id: string }>(
            `SELECT agency_id FROM ${s}.agency WHERE agency_id > $1 ORDER BY agency_id LIMIT $2`,
            [state.sweep_after, agencies],
          )
        ).rows.map((r) => r.agency_id);
        const scored = await this.score(client, s, Boolean(flags), live.generation, now, ids);
        if (ids.length === agencies) {
          await this.saveState(client, { sweep_after: ids.at(-1) ?? null });
          return { step: 'sweep', scored, current: false };
        }
        // Every agency of the generation is scored: what is left is of agencies it does not have.
        await client.query('DELETE FROM oversight.risk_ranking WHERE generation <> $1', [live.generation]);
        const position = Number(state.sweep_from ?? 0);
        await this.saveState(client, { sweep_after: null, sweep_from: null, position, swept_at: now });
        return { step: 'sweep', scored, current: position >= checkpoint };
      }

      const position = Number(state.position);
      if (position < checkpoint) {
        const until = Math.min(checkpoint, position + this.bounds.positions);
        // One more than a step scores: where it starts tells how far this step reaches.
        const changed = (
          await client.query<{ agency_id: string; position: string }>(changedSql(s, Boolean(flags)), [
            position,
            until,
            agencies + 1,
          ])
        ).rows;
        const taken = changed.slice(0, agencies);
        const scored = await this.score(
          client,
          s,
          Boolean(flags),
          live.generation,
          now,
          taken.map((r) => r.agency_id),
        );
        // Cut short: every agency whose last change comes before the first one left is scored; those
        // left come again (their last change is after where the ranking now stands).
        const next = changed[agencies];
        const through = next ? Math.max(position + 1, Number(next.position) - 1) : until;
        await this.saveState(client, { position: through });
        return { step: 'changes', scored, current: through >= checkpoint };
      }

      const aged = (
        await client.query<{ agency_id: string }>(
          `SELECT agency_id FROM oversight.risk_ranking WHERE scored_at < $1
           ORDER BY scored_at, agency_id LIMIT $2`,
          [new Date(Date.parse(now) - this.bounds.maxAgeMs).toISOString(), agencies],
        )
      ).rows.map((r) => r.agency_id);
      if (aged.length === 0) return { step: 'idle', scored: 0, current: true };
      const scored = await this.score(client, s, Boolean(flags), live.generation, now, aged);
      return { step: 'aged', scored, current: true };
    });
  }

  /**
   * Runs steps until the ranking has scored every change the live generation holds now (a test's
   * `caughtUp`, a tool's): at most `maxRuns`, waiting a moment while another replica holds the lock.
   */
  async current(maxRuns = 10_000): Promise<void> {
    for (let i = 0; i < maxRuns; i++) {
      const outcome = await this.run();
      if (outcome.current) return;
      if (outcome.step === 'busy') await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`the risk ranking was not current after ${maxRuns} runs`);
  }

  private async score(
    client: PoolClient,
    s: string,
    flags: boolean,
    generation: number,
    now: string,
    ids: string[],
  ): Promise<number> {
    if (ids.length === 0) return 0;
    const { rows } = await client.query<{ scored: number }>(scoreSql(s, flags), [
      ...riskValues(now, this.options.weights, ids),
      generation,
    ]);
    return rows[0]?.scored ?? 0;
  }

  private async saveState(
    client: PoolClient,
    set: Partial<Record<'sweep_after' | 'sweep_from' | 'position' | 'swept_at', unknown>>,
  ): Promise<void> {
    const columns = Object.keys(set);
    await client.query(
      `UPDATE oversight.risk_ranking_state SET ${columns.map((c, i) => `${c} = $${i + 2}`).join(', ')}
       WHERE projection = $1`,
      [this.options.projection, ...Object.values(set)],
    );
  }
}
