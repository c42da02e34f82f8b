import {
  CaseClosed,
  CaseOpened,
  CaseUpdated,
  EmployerVetted,
  RepatriationStageChanged,
} from '@kazi/contracts';
import { onEvent } from './integrationEvents.ts';
import type { SqlStatement } from './pgProjection.ts';
import { changeStatus, type IntervalTable } from './statusIntervals.ts';

const byCaseId = { table: 'attache_case', idColumn: 'case_id' };

/** A case's status over time (generationSchema.sql `attache_case_status`). */
const caseStatus: IntervalTable = {
  table: 'attache_case_status',
  key: 'case_key',
  lookup: byCaseId,
  columns: { status: 'text', outcome: 'text' },
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

/** A shelter admission opens a stay unless one is open; a discharge closes the open one. */
function shelterStatements(
  { caseId, action, at }: { caseId: string; action: string; at: string },
  position: number,
): SqlStatement[] {
  if (action === 'shelter-admission')
    return [
      {
        text:
          'INSERT INTO shelter_stay (case_key, country, valid_from, position) ' +
          'SELECT c.case_key, c.country, $2, $3 FROM attache_case c WHERE c.case_id = $1 ' +
          'AND NOT EXISTS (SELECT 1 FROM shelter_stay s WHERE s.case_key = c.case_key AND s.valid_to IS NULL)',
        values: [caseId, at, position],
      },
    ];
  if (action === 'shelter-discharge')
    return [
      {
        text:
          'UPDATE shelter_stay SET valid_to = greatest(valid_from, $2::timestamptz) ' +
          'WHERE case_key = (SELECT case_key FROM attache_case WHERE case_id = $1) AND valid_to IS NULL',
        values: [caseId, at],
      },
    ];
  return [];
}

/**
 * The attaché-cases service's events as facts. Nothing that identifies the worker is published, and of
 * what is, the store keeps codes: the case's id only internally (views show case_key), the employer by id
 * without its name, an action by its kind.
 */
export const caseHandlers = [
  onEvent(CaseOpened, (d, { position }) => [
    {
      // The complaint a referred case came from is on the log before it: its key and agency link here.
      text:
        'WITH opened AS (INSERT INTO attache_case (case_id, case_type, country, complaint_id, complaint_key, ' +
        'agency_id, sex, age_band, occupation, employer_id, opened_at, position) ' +
        'SELECT $1, $2, $3, $4, c.complaint_key, c.agency_id, $5, $6, $7, $8, $9, $10 ' +
        'FROM (SELECT 1) one LEFT JOIN complaint c ON c.complaint_id = $4 ' +
        'ON CONFLICT (case_id) DO NOTHING RETURNING case_key) ' +
        'INSERT INTO attache_case_status (case_key, status, change, valid_from, position) ' +
        "SELECT case_key, 'open', 'opened', $9, $10 FROM opened",
      values: [
        d.caseId,
        d.caseType,
        d.country,
        d.complaintId ?? null,
        d.sex,
        d.ageBand ?? null,
        d.occupation ?? null,
        d.employerId ?? null,
        d.at,
        position,
      ],
    },
  ]),
  onEvent(CaseUpdated, (d, { position }) => [
    {
      text:
        'INSERT INTO attache_case_action (position, case_key, action, at) ' +
        'SELECT $3, case_key, $2, $4 FROM attache_case WHERE case_id = $1 ON CONFLICT (position) DO NOTHING',
      values: [d.caseId, d.action, position, d.at],
    },
    ...shelterStatements(d, position),
  ]),
  onEvent(RepatriationStageChanged, (d, { position }) => {
    const arrived = d.stage === 'arrived';
    return [
      {
        // One repatriation per case: its sex and age band the latest a stage carried, else the opening's.
        text:
          'INSERT INTO repatriation AS r (case_key, country, sex, age_band, remains, planned_on, arrived_on, ' +
          'arrived_at, safe_and_dignified, position) ' +
          'SELECT case_key, country, coalesce($2, sex), coalesce($3, age_band), $4, $5::date, $6::date, ' +
          '$7::timestamptz, $8::boolean, $9 FROM attache_case WHERE case_id = $1 ' +
          'ON CONFLICT (case_key) DO UPDATE SET sex = coalesce($2, r.sex), ' +
          'age_band = coalesce($3, r.age_band), remains = r.remains OR $4, ' +
          'planned_on = coalesce(r.planned_on, $5::date), arrived_on = coalesce($6::date, r.arrived_on), ' +
          'arrived_at = coalesce($7::timestamptz, r.arrived_at), ' +
          'safe_and_dignified = coalesce($8::boolean, r.safe_and_dignified)',
        values: [
          d.caseId,
          d.sex ?? null,
          d.ageBand ?? null,
          d.remains === true,
          d.stage === 'planned' ? d.date : null,
          arrived ? d.date : null,
          arrived ? d.at : null,
          arrived ? (d.safeAndDignified ?? null) : null,
          position,
        ],
      },
      changeStatus(repatriationStage, {
        id: d.caseId,
        at: d.at,
        change: d.stage,
        position,
        set: { stage: d.stage, stage_on: d.date },
      }),
    ];
  }),
  onEvent(CaseClosed, (d, { position }) => [
    {
      text: 'UPDATE attache_case SET closed_at = $2, outcome = $3 WHERE case_id = $1',
      values: [d.caseId, d.at, d.outcome],
    },
    changeStatus(caseStatus, {
      id: d.caseId,
      at: d.at,
      change: 'closed',
      position,
      set: { status: 'closed', outcome: d.outcome },
    }),
  ]),
  onEvent(EmployerVetted, (d, { position }) => [
    changeStatus(employerStatus, {
      id: d.employerId,
      at: d.at,
      change: d.outcome,
      position,
      set: { country: d.country, status: d.outcome },
    }),
  ]),
];
