import {
  CaseClosed,
  CaseOpened,
  CaseUpdated,
  CaseWorkerDetailsCorrected,
  EmployerVetted,
  RepatriationStageChanged,
} from '@kazi/contracts';
import { type IntervalTable, Phase, type RowSink } from './batchPlan.ts';
import { inBatch } from './integrationEvents.ts';

const byCaseId = { table: 'attache_case', idColumn: 'case_id' };

/**
 * A case's status over time, with the worker's details statistics count it by (generationSchema.sql
 * `attache_case_status`): a closure carries the details over, a correction the status.
 */
const caseStatus: IntervalTable = {
  table: 'attache_case_status',
  key: 'case_key',
  lookup: byCaseId,
  columns: { status: 'text', outcome: 'text', sex: 'text', age_band: 'text', occupation: 'text' },
  // Without its opening the store knows nothing to count a case by (mission, type, sex).
  openIfMissing: false,
};

/** A repatriation's stages (generationSchema.sql `repatriation_stage`); the first stage opens the first interval. */
const repatriationStage: IntervalTable = {
  table: 'repatriation_stage',
  key: 'case_key',
  lookup: byCaseId,
  columns: { stage: 'text', stage_on: 'date' },
  // The lookup finds no key for a case whose opening was never seen: nothing is written then.
  openIfMissing: true,
};

/** Employers' vetting (generationSchema.sql `employer_status`). */
const employerStatus: IntervalTable = {
  table: 'employer_status',
  key: 'employer_id',
  columns: { country: 'text', status: 'text' },
  openIfMissing: true,
};

/**
 * Shelter stays: an admission opens a stay unless one is open, a discharge closes the open one. Per case,
 * in stream order, an event changes something only when it differs from the one before it (for the
 * first, from whether a stay was open): those alternate, each admission opening a stay that the next
 * discharge closes, and a first discharge closing the stay that was open.
 */
const shelterStays: RowSink = {
  name: 'shelter_stay',
  phase: Phase.facts,
  columns: { case_id: 'text', admission: 'boolean', at: 'timestamptz', position: 'bigint' },
  sql: (source) =>
    `WITH x AS (SELECT * FROM ${source}), ` +
    'k AS (SELECT x.*, c.case_key, c.country FROM x ' +
    'JOIN attache_case c ON c.case_id = x.case_id AND c.position < x.position), ' +
    's AS (SELECT k.*, o.case_key IS NOT NULL AS was_open, ' +
    'lag(k.admission) OVER (PARTITION BY k.case_key ORDER BY k.position) AS before ' +
    'FROM k LEFT JOIN shelter_stay o ON o.case_key = k.case_key AND o.valid_to IS NULL), ' +
    'e AS (SELECT s.*, row_number() OVER w AS n, lead(s.at) OVER w AS next_at FROM s ' +
    'WHERE s.admission <> coalesce(s.before, s.was_open) ' +
    'WINDOW w AS (PARTITION BY s.case_key ORDER BY s.position)), ' +
    'closed AS (UPDATE shelter_stay t SET valid_to = greatest(t.valid_from, e.at) FROM e ' +
    'WHERE e.n = 1 AND NOT e.admission AND t.case_key = e.case_key AND t.valid_to IS NULL RETURNING 1) ' +
    'INSERT INTO shelter_stay (case_key, country, valid_from, valid_to, position) ' +
    // greatest() skips a NULL: a stay nobody discharged yet stays open.
    'SELECT case_key, country, at, CASE WHEN next_at IS NOT NULL THEN greatest(at, next_at) END, position FROM e ' +
    'WHERE e.admission AND (SELECT count(*) FROM closed) >= 0 ORDER BY position',
};

/**
 * Openings: the case as opened and its first status interval. The complaint a referred case came from
 * is on the log before it (phase: complaints first): its key and agency link here.
 */
const openings: RowSink = {
  name: 'attache_case',
  phase: Phase.linkedRecords,
  columns: {
    case_id: 'text',
    case_type: 'text',
    country: 'text',
    complaint_id: 'text',
    sex: 'text',
    age_band: 'text',
    occupation: 'text',
    employer_id: 'text',
    opened_at: 'timestamptz',
    position: 'bigint',
  },
  sql: (source) =>
    `WITH x AS (SELECT * FROM ${source}), ` +
    'opened AS (INSERT INTO attache_case (case_id, case_type, country, complaint_id, complaint_key, ' +
    'agency_id, sex, age_band, occupation, employer_id, opened_at, position) ' +
    'SELECT x.case_id, x.case_type, x.country, x.complaint_id, c.complaint_key, c.agency_id, x.sex, ' +
    'x.age_band, x.occupation, x.employer_id, x.opened_at, x.position ' +
    'FROM x LEFT JOIN complaint c ON c.complaint_id = x.complaint_id AND c.position < x.position ' +
    'ORDER BY x.position ON CONFLICT (case_id) DO NOTHING ' +
    'RETURNING case_key, sex, age_band, occupation, opened_at, position) ' +
    'INSERT INTO attache_case_status (case_key, status, change, sex, age_band, occupation, valid_from, position) ' +
    "SELECT case_key, 'open', 'opened', sex, age_band, occupation, opened_at, position FROM opened",
};

/** What attachés did, one row per event (its position is its key). */
const actions: RowSink = {
  name: 'attache_case_action',
  phase: Phase.facts,
  columns: { case_id: 'text', action: 'text', at: 'timestamptz', position: 'bigint' },
  sql: (source) =>
    'INSERT INTO attache_case_action (position, case_key, action, at) ' +
    `SELECT x.position, c.case_key, x.action, x.at FROM ${source} ` +
    'JOIN attache_case c ON c.case_id = x.case_id AND c.position < x.position ' +
    'ORDER BY x.position ON CONFLICT (position) DO NOTHING',
};

/**
 * One repatriation per case: its sex and age band the latest a stage carried, else the opening's. A
 * batch's stages of one case are folded first (one upsert may touch a row once), as the stages one by
 * one would leave it: the last sex, age band, arrival and safety given, the first plan's day, remains
 * once any stage said so, and the first stage's position.
 */
const repatriations: RowSink = {
  name: 'repatriation',
  phase: Phase.facts,
  columns: {
    case_id: 'text',
    sex: 'text',
    age_band: 'text',
    remains: 'boolean',
    planned_on: 'date',
    arrived_on: 'date',
    arrived_at: 'timestamptz',
    safe_and_dignified: 'boolean',
    position: 'bigint',
  },
  reduce(rows) {
    const byCase = new Map<unknown, Record<string, unknown>>();
    for (const row of rows) {
      const seen = byCase.get(row.case_id);
      if (!seen) {
        byCase.set(row.case_id, { ...row });
        continue;
      }
      for (const column of ['sex', 'age_band', 'arrived_on', 'arrived_at', 'safe_and_dignified'])
        seen[column] = row[column] ?? seen[column];
      seen.planned_on ??= row.planned_on;
      seen.remains = seen.remains === true || row.remains === true;
    }
    return [...byCase.values()];
  },
  sql: (source) =>
    'INSERT INTO repatriation AS r (case_key, country, sex, age_band, remains, planned_on, arrived_on, ' +
    'arrived_at, safe_and_dignified, position) ' +
    'SELECT c.case_key, c.country, coalesce(x.sex, c.sex), coalesce(x.age_band, c.age_band), x.remains, ' +
    `x.planned_on, x.arrived_on, x.arrived_at, x.safe_and_dignified, x.position FROM ${source} ` +
    'JOIN attache_case c ON c.case_id = x.case_id AND c.position < x.position ORDER BY x.position ' +
    'ON CONFLICT (case_key) DO UPDATE SET sex = coalesce(EXCLUDED.sex, r.sex), ' +
    'age_band = coalesce(EXCLUDED.age_band, r.age_band), remains = r.remains OR EXCLUDED.remains, ' +
    'planned_on = coalesce(r.planned_on, EXCLUDED.planned_on), ' +
    'arrived_on = coalesce(EXCLUDED.arrived_on, r.arrived_on), ' +
    'arrived_at = coalesce(EXCLUDED.arrived_at, r.arrived_at), ' +
    'safe_and_dignified = coalesce(EXCLUDED.safe_and_dignified, r.safe_and_dignified)',
};

/** A case's closure on its record (a case is closed once; the last closure of a batch stands). */
const closures: RowSink = {
  name: 'attache_case closure',
  phase: Phase.facts,
  columns: { case_id: 'text', closed_at: 'timestamptz', outcome: 'text', position: 'bigint' },
  reduce: (rows) => [...new Map(rows.map((row) => [row.case_id, row])).values()],
  sql: (source) =>
    `UPDATE attache_case c SET closed_at = x.closed_at, outcome = x.outcome FROM ${source} ` +
    'WHERE c.case_id = x.case_id AND c.position < x.position',
};

/**
 * The attaché-cases service's events as facts. Nothing that identifies the worker is published, and of
 * what is, the store keeps codes: the case's id only internally (views show case_key), the employer by id
 * without its name, an action by its kind.
 */
export const caseHandlers = [
  inBatch(CaseOpened, (d, { position }, batch) =>
    batch.row(openings, {
      case_id: d.caseId,
      case_type: d.caseType,
      country: d.country,
      complaint_id: d.complaintId ?? null,
      sex: d.sex,
      age_band: d.ageBand ?? null,
      occupation: d.occupation ?? null,
      employer_id: d.employerId ?? null,
      opened_at: d.at,
      position,
    }),
  ),
  inBatch(CaseUpdated, (d, { position }, batch) => {
    batch.row(actions, { case_id: d.caseId, action: d.action, at: d.at, position });
    if (d.action === 'shelter-admission' || d.action === 'shelter-discharge')
      batch.row(shelterStays, {
        case_id: d.caseId,
        admission: d.action === 'shelter-admission',
        at: d.at,
        position,
      });
  }),
  inBatch(RepatriationStageChanged, (d, { position }, batch) => {
    const arrived = d.stage === 'arrived';
    batch.row(repatriations, {
      case_id: d.caseId,
      sex: d.sex ?? null,
      age_band: d.ageBand ?? null,
      remains: d.remains === true,
      planned_on: d.stage === 'planned' ? d.date : null,
      arrived_on: arrived ? d.date : null,
      arrived_at: arrived ? d.at : null,
      safe_and_dignified: arrived ? (d.safeAndDignified ?? null) : null,
      position,
    });
    batch.change(repatriationStage, {
      id: d.caseId,
      at: d.at,
      change: d.stage,
      position,
      set: { stage: d.stage, stage_on: d.date },
    });
  }),
  inBatch(CaseClosed, (d, { position }, batch) => {
    batch.row(closures, { case_id: d.caseId, closed_at: d.at, outcome: d.outcome, position });
    batch.change(caseStatus, {
      id: d.caseId,
      at: d.at,
      change: 'closed',
      position,
      set: { status: 'closed', outcome: d.outcome },
    });
  }),
  // The details as of the correction: a new interval from then (valid time), so indicators count the case
  // by the details the log held at `asOf`; what the correction leaves out is carried over. The record
  // (attache_case) keeps what was known at the opening.
  inBatch(CaseWorkerDetailsCorrected, (d, { position }, batch) =>
    batch.change(caseStatus, {
      id: d.caseId,
      at: d.at,
      change: 'details-corrected',
      position,
      set: {
        sex: d.sex,
        ...(d.ageBand === undefined ? {} : { age_band: d.ageBand }),
        ...(d.occupation === undefined ? {} : { occupation: d.occupation }),
      },
    }),
  ),
  inBatch(EmployerVetted, (d, { position }, batch) =>
    batch.change(employerStatus, {
      id: d.employerId,
      at: d.at,
      change: d.outcome,
      position,
      set: { country: d.country, status: d.outcome },
    }),
  ),
];
