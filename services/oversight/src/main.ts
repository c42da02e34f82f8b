/**
 * The oversight service as a service module: the reporting store in PostgreSQL (fed by every other
 * service's integration events), the oversight routes over it, and the directors' inspection notes. Run
 * this file alone to serve it in a process of its own.
 */
import { defineModule, serveHost } from '@kazi/host';
import type { CommandPolicies } from '@kazi/service-kit';
import { oversightConfigSchema } from './config.ts';
import { type InspectionCommand, inspectionDecider } from './domain/index.ts';
import { oversightRoutes } from './http/routes.ts';
import { ReportingReader } from './queries/reportingReader.ts';
import { RiskRanking } from './queries/riskRanking.ts';
import { riskWeightsOf } from './queries/riskRules.ts';
import {
  createPool,
  ensureDatabase,
  migrate,
  REPORTING,
  reportingProjection,
  reportingSource,
  startPgProjection,
} from './reporting/index.ts';

export const CONTEXT = 'oversight';

/** An agency's inspection notes are the stream `agency-inspection.<agencyId>`. */
export const INSPECTION_CATEGORY = 'agency-inspection';

/** A note adds to the record whatever the director saw: no version needed, a conflict decides again. */
const inspectionCommandPolicies: CommandPolicies<InspectionCommand> = {
  NoteInspection: { state: 'any', additive: true },
};

export const oversightModule = defineModule({
  context: CONTEXT,
  configSchema: oversightConfigSchema,
  aggregates: {
    inspections: {
      decider: inspectionDecider,
      stateSchemaVersion: 1,
      category: INSPECTION_CATEGORY,
      commands: inspectionCommandPolicies,
    },
  },
  // No personalData: the store holds ids, codes and dates; the notes are a director's about an agency.
  async start(kit) {
    const { config } = kit;
    // A first start makes the database and its schemas; migrations are idempotent for every replica.
    await ensureDatabase(config.DATABASE_URL);
    const pool = createPool(config.DATABASE_URL, {
      max: config.DATABASE_POOL_MAX,
      onError: (error) =>
        kit.logger.warn({ err: error.message }, 'a reporting store connection was ended by the server'),
    });
    try {
      await migrate(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    const runner = await startPgProjection({
      nc: kit.nc,
      pool,
      projection: reportingProjection,
      source: reportingSource(kit.namespace),
      logger: kit.logger,
    }).catch(async (error: unknown) => {
      await pool.end();
      throw error;
    });
    const reader = new ReportingReader(pool, () => runner.liveSchema());
    const weights = riskWeightsOf(config);
    const ranking = new RiskRanking(pool, {
      projection: REPORTING,
      weights,
      clock: kit.clock,
      bounds: {
        agencies: config.RISK_RANKING_BATCH,
        maxAgeMs: config.RISK_RANKING_MAX_AGE_MINUTES * 60_000,
      },
    });
    return {
      routes: (scope) =>
        oversightRoutes(scope, {
          reader,
          runner: {
            name: REPORTING,
            status: () => runner.status(),
            startRebuild: () => runner.startRebuild(),
          },
          inspections: kit.commands.inspections,
          clock: kit.clock,
          weights,
          suppressionThreshold: config.SUPPRESSION_THRESHOLD,
        }),
      // The watchlist's ranking, one bounded step per tick (each replica ticks; one at a time works).
      sweeps: [
        { name: 'risk ranking', intervalMs: config.RISK_RANKING_INTERVAL_MS, run: () => ranking.run() },
      ],
      runners: [
        {
          status: () => runner.status(),
          // Caught up means the watchlist too: what the store holds is ranked (tests read it at once).
          caughtUp: async () => {
            await runner.caughtUp();
            await ranking.current();
          },
          stop: async () => {
            await runner.stop();
            await pool.end();
          },
        },
      ],
      // Tests reach the pool and the runner (a rebuild, the live schema).
      exposes: { pool, runner, reader, ranking },
    };
  },
});

if (import.meta.url === `file://${process.argv[1]}`)
  await serveHost({ name: CONTEXT, modules: { oversight: oversightModule } });
