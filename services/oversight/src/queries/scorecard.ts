import { NotFoundError } from '@kazi/core';
import { OPEN_COMPLAINTS_SQL, type ReportingReader } from './reportingReader.ts';
import {
  evidenceFor,
  type RiskMeasures,
  type RiskReason,
  type RiskRule,
  type RiskWeights,
  reasonsOf,
  riskMeasuresSql,
  riskValues,
} from './riskRules.ts';
import type { CellPolicy } from './suppression.ts';

/** Ids listed as evidence per rule, newest first: enough to open the files, bounded for a busy agency. */
export const EVIDENCE_IDS = 20;
/** Licence changes shown; an agency has a handful a year. */
export const LICENCE_HISTORY_LIMIT = 100;

export interface ScorecardOptions {
  now: string;
  weights: RiskWeights;
  cells: CellPolicy;
  /** NEA may follow a complaint's id to the file; analysts get counts only. */
  showIds: boolean;
}

const recentIds = (filter: string) =>
  `(array_agg(c.complaint_id ORDER BY c.lodged_at DESC, c.complaint_key DESC) FILTER (WHERE ${filter}))[1:${EVIDENCE_IDS}]`;

/** One agency's scorecard (api.md oversight): what complaints say of it, its licence history and its risk. */
export async function agencyScorecard(reader: ReportingReader, agencyId: string, options: ScorecardOptions) {
  const s = await reader.schema();
  const [agency] = await reader.rows<{
    agency_id: string;
    registration_number: string | null;
    county: string | null;
  }>(`SELECT agency_id, registration_number, county FROM ${s}.agency WHERE agency_id = $1`, [agencyId]);
  if (!agency) throw new NotFoundError('agency', agencyId);
  const flags = await reader.hasTable(s, 'agency_flag');
  const [byCategory, evidence, history, measures, cases] = await Promise.all([
    reader.rows<{ category: string; status: string; n: number }>(
      `SELECT cat AS category, s.status, count(*)::int AS n
       FROM ${s}.complaint c
       JOIN ${s}.complaint_status s ON s.complaint_key = c.complaint_key AND s.valid_to IS NULL
       CROSS JOIN LATERAL unnest(s.categories) AS cat
       WHERE c.agency_id = $1 GROUP BY 1, 2 ORDER BY 1, 2 LIMIT 500`,
      [agencyId],
    ),
    reader.rows<Record<string, string[] | null>>(
      `SELECT
         ${recentIds(`s.severity = 'critical' AND s.status IN ${OPEN_COMPLAINTS_SQL}`)} AS open_critical,
         ${recentIds('cardinality(s.indicators) > 0 OR s.trafficking_suspected')} AS forced_labour,
         ${recentIds('s.trafficking_suspected')} AS trafficking,
         ${recentIds('EXISTS (SELECT 1 FROM ' + s + '.complaint_deadline_breach b WHERE b.complaint_key = c.complaint_key)')} AS overdue,
         ${recentIds(
           `EXISTS (SELECT 1 FROM ${s}.agency_status a WHERE a.agency_id = c.agency_id
              AND a.status IN ('suspended', 'expired', 'revoked')
              AND a.valid_from <= c.lodged_at AND (a.valid_to IS NULL OR a.valid_to > c.lodged_at))`,
         )} AS without_licence
       FROM ${s}.complaint c
       JOIN ${s}.complaint_status s ON s.complaint_key = c.complaint_key AND s.valid_to IS NULL
       WHERE c.agency_id = $1`,
      [agencyId],
    ),
    reader.rows<Record<string, unknown>>(
      `SELECT status, change, licence_number, licence_valid_from::text, licence_valid_until::text,
              suspended_until::text, valid_from, valid_to
       FROM ${s}.agency_status WHERE agency_id = $1 ORDER BY valid_from, position LIMIT ${LICENCE_HISTORY_LIMIT}`,
      [agencyId],
    ),
    reader.rows<RiskMeasures & { score: number }>(
      riskMeasuresSql(s, { flags }),
      riskValues(options.now, options.weights, [agencyId]),
    ),
    // Cases opened from complaints against the agency, and their repatriations (attache_case_by_agency).
    reader.rows<{ open: number; closed: number; repatriating: number; repatriated: number; safe: number }>(
      `SELECT
         count(*) FILTER (WHERE c.closed_at IS NULL)::int AS open,
         count(*) FILTER (WHERE c.closed_at IS NOT NULL)::int AS closed,
         count(r.case_key) FILTER (WHERE r.arrived_on IS NULL AND st.stage <> 'abandoned')::int AS repatriating,
         count(r.case_key) FILTER (WHERE r.arrived_on IS NOT NULL)::int AS repatriated,
         count(r.case_key) FILTER (WHERE r.safe_and_dignified)::int AS safe
       FROM ${s}.attache_case c
       LEFT JOIN ${s}.repatriation r ON r.case_key = c.case_key
       LEFT JOIN ${s}.repatriation_stage st ON st.case_key = c.case_key AND st.valid_to IS NULL
       WHERE c.agency_id = $1`,
      [agencyId],
    ),
  ]);
  const m = measures[0];
  const e = evidence[0] ?? {};
  const ids = (key: string): string[] => (e[key] as string[] | null) ?? [];
  const { cells } = options;
  const idsByRule: Partial<Record<RiskRule, string[]>> = options.showIds
    ? {
        'open-critical-complaints': ids('open_critical'),
        'forced-labour-indicators': ids('forced_labour'),
        'recruiting-without-licence': ids('without_licence'),
        'overdue-responses': ids('overdue'),
      }
    : {};
  const reasons: RiskReason[] = m ? reasonsOf(m, options.weights, idsByRule) : [];
  const counted = (n: number, key: string) =>
    options.showIds ? { count: cells(n), complaintIds: ids(key) } : { count: cells(n) };
  return {
    agencyId,
    registrationNumber: agency.registration_number,
    county: agency.county,
    complaints: {
      total: cells(m?.complaints ?? 0),
      byCategoryAndStatus: byCategory.map((r) => ({
        category: r.category,
        status: r.status,
        count: cells(r.n),
      })),
      openCritical: counted(m?.open_critical ?? 0, 'open_critical'),
      overdueResponses: counted(m?.overdue ?? 0, 'overdue'),
      traffickingSuspected: counted(m?.trafficking ?? 0, 'trafficking'),
      forcedLabourIndicators: counted(m?.forced_labour ?? 0, 'forced_labour'),
      lodgedWithoutLicence: counted(m?.without_licence ?? 0, 'without_licence'),
    },
    cases: {
      open: cells(cases[0]?.open ?? 0),
      closed: cells(cases[0]?.closed ?? 0),
    },
    repatriations: {
      inProgress: cells(cases[0]?.repatriating ?? 0),
      arrived: cells(cases[0]?.repatriated ?? 0),
      safeAndDignified: cells(cases[0]?.safe ?? 0),
    },
    licenceHistory: history.map((h) => ({
      status: h.status,
      change: h.change,
      licenceNumber: h.licence_number ?? null,
      licenceValidFrom: h.licence_valid_from ?? null,
      licenceValidUntil: h.licence_valid_until ?? null,
      suspendedUntil: h.suspended_until ?? null,
      from: (h.valid_from as Date).toISOString(),
      to: h.valid_to ? (h.valid_to as Date).toISOString() : null,
    })),
    risk: {
      score: m?.score ?? 0,
      reasons: reasons.map((r) => ({ ...r, evidence: evidenceFor(r.evidence, cells) })),
    },
  };
}
