import { Readable } from 'node:stream';
import { type Clock, NotFoundError } from '@kazi/core';
import type { ProjectionStatus } from '@kazi/eventsourcing';
import {
  type CommandService,
  hasRole,
  type KaziUser,
  NEA_ROLES,
  requestContextOf,
  requireMission,
  requireUser,
  type ServiceApp,
} from '@kazi/service-kit';
import type { InspectionCommand, InspectionEvent, InspectionState } from '../domain/index.ts';
import { blmaImplementation } from '../queries/blmaImplementation.ts';
import { missionCaseload } from '../queries/caseload.ts';
import { csvLines, type Dimension, indicators } from '../queries/indicators.ts';
import type { ReportingReader } from '../queries/reportingReader.ts';
import type { RiskWeights } from '../queries/riskRules.ts';
import { agencyScorecard } from '../queries/scorecard.ts';
import { type CellPolicy, exactCells, suppressedCells } from '../queries/suppression.ts';
import { watchlistPage } from '../queries/watchlist.ts';
import {
  agencyParams,
  caseloadQuery,
  implementationQuery,
  indicatorsQuery,
  inspectionBody,
  missionParams,
  projectionParams,
  watchlistQuery,
} from './schemas.ts';

const TAGS = ['oversight'];
const READERS = { auth: { roles: [...NEA_ROLES, 'analyst'] } } as const;
const CASELOAD_READERS = { auth: { roles: [...NEA_ROLES, 'analyst', 'labour-attache'] } } as const;
const BLMA_READERS = { auth: { roles: [...NEA_ROLES, 'mol-officer', 'analyst'] } } as const;
const DIRECTOR = { auth: { roles: ['nea-director'] } } as const;

/** The reporting projection as the routes drive it: its status and a rebuild. */
export interface ReportingRunner {
  name: string;
  status(): Promise<ProjectionStatus>;
  startRebuild(): Promise<{ generation: number; finished: Promise<void> }>;
}

export interface OversightRouteDeps {
  reader: ReportingReader;
  runner: ReportingRunner;
  inspections: CommandService<InspectionState, InspectionCommand, InspectionEvent>;
  clock: Clock;
  weights: RiskWeights;
  suppressionThreshold: number;
}

const today = (clock: Clock) => new Date(clock.now().getTime() + 3 * 3_600_000).toISOString().slice(0, 10);

/** Every route of the oversight section of docs/design/api.md, and the director's inspection notes. */
export function oversightRoutes(app: ServiceApp, deps: OversightRouteDeps): void {
  const { reader, clock, weights } = deps;
  /** NEA sees exact counts; everyone else small counts as "<5" (DPA 2019). */
  const cellsFor = (user: KaziUser): CellPolicy =>
    hasRole(user, ...NEA_ROLES) ? exactCells : suppressedCells(deps.suppressionThreshold);
  const now = () => clock.now().toISOString();

  app.get(
    '/oversight/agencies/:id/scorecard',
    {
      config: READERS,
      schema: {
        summary: "An agency's scorecard: complaints, licence history and a risk score with its reasons",
        description:
          'Complaints by category and status, open critical complaints, overdue responses, trafficking suspected, the licence history and the risk score; each reason names its rule, weight and evidence. Analysts get counts (small ones as "<5") and no complaint ids.',
        tags: TAGS,
        params: agencyParams,
      },
    },
    async (request) => {
      const user = requireUser(request);
      return agencyScorecard(reader, request.params.id, {
        now: now(),
        weights,
        cells: cellsFor(user),
        showIds: hasRole(user, ...NEA_ROLES),
      });
    },
  );

  app.get(
    '/oversight/watchlist',
    {
      config: READERS,
      schema: {
        summary: "Agencies ranked by risk, with each one's top reasons and its latest inspection",
        description:
          'The ranking is kept by a background job (RISK_RANKING_INTERVAL_MS): each entry says when its score was worked out (`scoredAt`); the scorecard of one agency is always worked out live.',
        tags: TAGS,
        querystring: watchlistQuery,
      },
    },
    async (request) => {
      const user = requireUser(request);
      const page = await watchlistPage(reader.pool, {
        ...request.query,
        weights,
        cells: cellsFor(user),
        projection: deps.runner.name,
      });
      // One stream read per entry of the page (at most the page's limit).
      const items = await Promise.all(
        page.entries.map(async (entry) => {
          const { state } = await deps.inspections.load(entry.agencyId);
          return { ...entry, lastInspection: state.notes[0] ?? null };
        }),
      );
      return { items, nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/oversight/watchlist/:id/inspections',
    {
      config: DIRECTOR,
      schema: {
        summary: 'Note that an agency on the watchlist was inspected on a day',
        description:
          "Recorded as an event in the agency's inspection stream; the watchlist shows the latest.",
        tags: TAGS,
        params: agencyParams,
        body: inspectionBody,
      },
    },
    async (request, reply) => {
      const agencyId = request.params.id;
      const s = await reader.schema();
      const known = await reader.rows(`SELECT 1 FROM ${s}.agency WHERE agency_id = $1`, [agencyId]);
      if (known.length === 0) throw new NotFoundError('agency', agencyId);
      const result = await deps.inspections.handle(
        agencyId,
        { type: 'NoteInspection', agencyId, inspectedOn: request.body.inspectedOn, note: request.body.note },
        requestContextOf(request),
      );
      return reply.code(201).send({
        agencyId,
        version: result.version,
        lastInspection: result.state.notes[0] ?? null,
      });
    },
  );

  app.get(
    '/oversight/missions/:country/caseload',
    {
      config: CASELOAD_READERS,
      schema: {
        summary: "A mission's caseload: open cases by type and age, overdue actions, shelter, repatriations",
        description: "The attaché of that mission may read it; another mission's attaché is refused (403).",
        tags: TAGS,
        params: missionParams,
        querystring: caseloadQuery,
      },
    },
    async (request) => {
      const user = requireUser(request);
      if (!hasRole(user, ...NEA_ROLES, 'analyst')) requireMission(user, request.params.country);
      const cells = hasRole(user, ...NEA_ROLES, 'labour-attache') ? exactCells : cellsFor(user);
      return missionCaseload(reader, request.params.country, { now: now(), cells });
    },
  );

  app.get(
    '/oversight/blmas/implementation',
    {
      config: BLMA_READERS,
      schema: {
        summary: 'Per agreement in force: complaints by the provisions they touch, cases and repatriations',
        tags: TAGS,
        querystring: implementationQuery,
      },
    },
    async (request) => {
      const user = requireUser(request);
      return blmaImplementation(reader, { ...request.query, now: now(), cells: cellsFor(user) });
    },
  );

  const indicatorQueryOf = (q: { from?: string; to?: string; by?: Dimension[]; asOf?: string }) => {
    const to = q.to ?? today(clock);
    return { from: q.from ?? `${to.slice(0, 4)}-01-01`, to, by: q.by ?? [], asOf: q.asOf ?? now() };
  };

  app.get(
    '/oversight/indicators',
    {
      config: READERS,
      schema: {
        summary: 'National indicators, disaggregated, as the log stood at asOf',
        description:
          'from/to are Nairobi dates (default: this year to today); by names dimensions (sex, ageBand, country, occupation, quarter) rolled up with subtotals ("all"); asOf is an instant or a day (its end). Counts under the threshold read "<5" for analysts.',
        tags: TAGS,
        querystring: indicatorsQuery,
      },
    },
    async (request) => {
      const user = requireUser(request);
      const query = indicatorQueryOf(request.query);
      const answer = await indicators(reader, query, cellsFor(user));
      return { ...query, ...answer };
    },
  );

  app.get(
    '/oversight/indicators.csv',
    {
      config: READERS,
      schema: {
        summary: 'The national indicators as CSV (RFC 4180, header row), small counts as "<5" for everyone',
        tags: TAGS,
        querystring: indicatorsQuery,
      },
    },
    async (request, reply) => {
      const query = indicatorQueryOf(request.query);
      const answer = await indicators(reader, query, suppressedCells(deps.suppressionThreshold));
      return reply
        .type('text/csv; charset=utf-8; header=present')
        .header('content-disposition', `attachment; filename="indicators-${query.from}-${query.to}.csv"`)
        .send(Readable.from(csvLines(query.by, answer.rows)));
    },
  );

  app.get(
    '/oversight/projections',
    {
      config: DIRECTOR,
      schema: { summary: 'The reporting projections: position, lag and state', tags: TAGS },
    },
    async () => ({ items: [await deps.runner.status()] }),
  );

  app.post(
    '/oversight/projections/:name/rebuild',
    {
      config: DIRECTOR,
      schema: {
        summary: 'Rebuild a reporting projection into a new generation; the live one serves until the switch',
        tags: TAGS,
        params: projectionParams,
      },
    },
    async (request, reply) => {
      if (request.params.name !== deps.runner.name)
        throw new NotFoundError('projection', request.params.name);
      const { generation, finished } = await deps.runner.startRebuild();
      // The rebuild goes on after the answer; its progress shows in GET /oversight/projections.
      finished.catch((err: unknown) => request.log.error({ err }, 'reporting rebuild failed'));
      return reply.code(202).send({ name: deps.runner.name, generation, state: 'rebuilding' });
    },
  );
}
