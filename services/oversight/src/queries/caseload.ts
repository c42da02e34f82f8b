import type { ReportingReader } from './reportingReader.ts';
import type { CellPolicy } from './suppression.ts';

/** An open case with no action recorded for this many days is overdue for one. */
export const CASE_ACTION_DUE_DAYS = 14;

/** How long cases have been open, in the bands the caseload shows. */
const AGE_BAND_SQL = `CASE
  WHEN $2::timestamptz - c.opened_at < interval '8 days' THEN '0-7 days'
  WHEN $2::timestamptz - c.opened_at < interval '31 days' THEN '8-30 days'
  WHEN $2::timestamptz - c.opened_at < interval '91 days' THEN '31-90 days'
  ELSE 'over 90 days' END`;

/**
 * A mission's caseload now: open cases by type and how long they have been open, open cases overdue for
 * an action, workers in shelters, repatriations under way by stage, and the overdue actions of the joint
 * committees of agreements with that country. Every statement starts from an index on the country.
 */
export async function missionCaseload(
  reader: ReportingReader,
  country: string,
  options: { now: string; cells: CellPolicy },
) {
  const s = await reader.schema();
  const values = [country, options.now];
  const [open, overdue, shelter, repatriations, committee] = await Promise.all([
    reader.rows<{ case_type: string; age: string; n: number }>(
      `SELECT c.case_type, ${AGE_BAND_SQL} AS age, count(*)::int AS n
       FROM ${s}.attache_case c
       JOIN ${s}.attache_case_status st ON st.case_key = c.case_key AND st.valid_to IS NULL AND st.status = 'open'
       WHERE c.country = $1 AND c.opened_at <= $2::timestamptz
       GROUP BY 1, 2 ORDER BY 1, min(c.opened_at) DESC LIMIT 200`,
      values,
    ),
    reader.rows<{ n: number }>(
      `SELECT count(*)::int AS n
       FROM ${s}.attache_case c
       JOIN ${s}.attache_case_status st ON st.case_key = c.case_key AND st.valid_to IS NULL AND st.status = 'open'
       WHERE c.country = $1
         AND greatest(c.opened_at, (SELECT max(a.at) FROM ${s}.attache_case_action a WHERE a.case_key = c.case_key))
             < $2::timestamptz - interval '${CASE_ACTION_DUE_DAYS} days'`,
      values,
    ),
    reader.rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${s}.shelter_stay WHERE country = $1 AND valid_to IS NULL`,
      [country],
    ),
    reader.rows<{ stage: string; n: number }>(
      `SELECT st.stage, count(*)::int AS n
       FROM ${s}.repatriation r
       JOIN ${s}.repatriation_stage st ON st.case_key = r.case_key AND st.valid_to IS NULL
       WHERE r.country = $1 AND st.stage IN ('planned', 'documents-ready', 'departed')
       GROUP BY 1 ORDER BY 1`,
      [country],
    ),
    reader.rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${s}.committee_action_status
       WHERE partner_country = $1 AND status = 'overdue' AND valid_to IS NULL`,
      [country],
    ),
  ]);
  const { cells } = options;
  return {
    country,
    openCases: {
      total: cells(open.reduce((sum, r) => sum + r.n, 0)),
      byTypeAndAge: open.map((r) => ({ type: r.case_type, age: r.age, count: cells(r.n) })),
    },
    overdueActions: {
      casesWithoutActionFor14Days: cells(overdue[0]?.n ?? 0),
      committeeActionsOverdue: committee[0]?.n ?? 0,
    },
    shelterOccupancy: cells(shelter[0]?.n ?? 0),
    repatriationsInProgress: {
      total: cells(repatriations.reduce((sum, r) => sum + r.n, 0)),
      byStage: repatriations.map((r) => ({ stage: r.stage, count: cells(r.n) })),
    },
  };
}
