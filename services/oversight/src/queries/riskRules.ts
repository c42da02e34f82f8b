import type { OversightConfig } from '../config.ts';
import { OPEN_COMPLAINTS_SQL } from './reportingReader.ts';
import type { Cell, CellPolicy } from './suppression.ts';

/** The default rules of the risk score (issue 13); each reason names its rule, weight and evidence. */
export const RISK_RULES = [
  'open-critical-complaints',
  'complaints-per-licensed-year',
  'forced-labour-indicators',
  'recruiting-without-licence',
  'overdue-responses',
  'revoked-director',
] as const;
export type RiskRule = (typeof RISK_RULES)[number];

export type RiskWeights = Record<RiskRule, number>;

export const riskWeightsOf = (config: OversightConfig): RiskWeights => ({
  'open-critical-complaints': config.RISK_WEIGHT_OPEN_CRITICAL,
  'complaints-per-licensed-year': config.RISK_WEIGHT_COMPLAINTS_PER_LICENSED_YEAR,
  'forced-labour-indicators': config.RISK_WEIGHT_FORCED_LABOUR,
  'recruiting-without-licence': config.RISK_WEIGHT_RECRUITING_WITHOUT_LICENCE,
  'overdue-responses': config.RISK_WEIGHT_OVERDUE_RESPONSES,
  'revoked-director': config.RISK_WEIGHT_REVOKED_DIRECTOR,
});

/** Revoked agencies listed as a reason's evidence; an application names a handful at most. */
export const REVOKED_AGENCY_IDS_SHOWN = 20;

/** What the rules measure of one agency (a row of `riskMeasuresSql`). */
export interface RiskMeasures {
  agency_id: string;
  complaints: number;
  open_critical: number;
  forced_labour: number;
  trafficking: number;
  without_licence: number;
  overdue: number;
  licensed_years: number;
  /** Revoked agencies a director of this agency also directed (the registry's flags)… */
  revoked_directors: number;
  /** …their ids, the first REVOKED_AGENCY_IDS_SHOWN in id order. */
  revoked_agency_ids: string[];
}

/** A licence held under a year counts as one: a new agency's first complaint is not a rate of 50 a year. */
const MIN_LICENSED_YEARS = 1;

/**
 * Measures, score and rank key of the agencies `$8` (a text[]; NULL for every agency), in one statement
 * over the generation `s`: $1 now, $2..$7 the weights in RISK_RULES order. Every join is on an indexed
 * key (complaint_by_agency, the current-status unique index, agency_status_by_agency, agency_flag's
 * key). `flags` is false for a generation built before `agency_flag` existed (projection version 2, live
 * until the rebuild that adds it switches): it then counts no flag.
 */
export function riskMeasuresSql(s: string, options: { flags: boolean } = { flags: true }): string {
  const chosen = (column: string) => `($8::text[] IS NULL OR ${column} = ANY($8::text[]))`;
  return `
WITH cur AS (
  SELECT c.complaint_key, c.agency_id, s.status, s.severity, s.indicators, s.trafficking_suspected
  FROM ${s}.complaint c
  JOIN ${s}.complaint_status s ON s.complaint_key = c.complaint_key AND s.valid_to IS NULL
  WHERE c.agency_id IS NOT NULL AND ${chosen('c.agency_id')}
), per AS (
  SELECT agency_id,
    count(*) AS complaints,
    count(*) FILTER (WHERE severity = 'critical' AND status IN ${OPEN_COMPLAINTS_SQL}) AS open_critical,
    count(*) FILTER (WHERE cardinality(indicators) > 0 OR trafficking_suspected) AS forced_labour,
    count(*) FILTER (WHERE trafficking_suspected) AS trafficking
  FROM cur GROUP BY agency_id
), barred AS (
  SELECT c.agency_id, count(*) AS without_licence
  FROM ${s}.complaint c
  JOIN ${s}.agency_status a ON a.agency_id = c.agency_id
    AND a.status IN ('suspended', 'expired', 'revoked')
    AND a.valid_from <= c.lodged_at AND (a.valid_to IS NULL OR a.valid_to > c.lodged_at)
  WHERE c.agency_id IS NOT NULL AND ${chosen('c.agency_id')}
  GROUP BY c.agency_id
), overdue AS (
  SELECT c.agency_id, count(DISTINCT b.complaint_key) AS overdue
  FROM ${s}.complaint_deadline_breach b
  JOIN ${s}.complaint c ON c.complaint_key = b.complaint_key
  WHERE c.agency_id IS NOT NULL AND ${chosen('c.agency_id')}
  GROUP BY c.agency_id
), licensed AS (
  SELECT agency_id,
    sum(extract(epoch FROM (least(coalesce(valid_to, $1::timestamptz), $1::timestamptz) - valid_from))) / 31557600.0
      AS licensed_years
  FROM ${s}.agency_status
  WHERE status = 'licensed' AND valid_from <= $1::timestamptz AND ${chosen('agency_id')}
  GROUP BY agency_id
), flagged AS (
  ${
    options.flags
      ? `SELECT agency_id, count(*) AS revoked_directors,
    (array_agg(related_agency_id ORDER BY related_agency_id))[1:${REVOKED_AGENCY_IDS_SHOWN}] AS revoked_agency_ids
  FROM ${s}.agency_flag
  WHERE kind = 'director-of-revoked-agency' AND ${chosen('agency_id')}
  GROUP BY agency_id`
      : 'SELECT NULL::text AS agency_id, 0::bigint AS revoked_directors, NULL::text[] AS revoked_agency_ids WHERE false'
  }
), measured AS (
  SELECT a.agency_id,
    coalesce(per.complaints, 0)::int AS complaints,
    coalesce(per.open_critical, 0)::int AS open_critical,
    coalesce(per.forced_labour, 0)::int AS forced_labour,
    coalesce(per.trafficking, 0)::int AS trafficking,
    coalesce(barred.without_licence, 0)::int AS without_licence,
    coalesce(overdue.overdue, 0)::int AS overdue,
    round(coalesce(licensed.licensed_years, 0)::numeric, 2)::float8 AS licensed_years,
    coalesce(flagged.revoked_directors, 0)::int AS revoked_directors,
    coalesce(flagged.revoked_agency_ids, ARRAY[]::text[]) AS revoked_agency_ids
  FROM ${s}.agency a
  LEFT JOIN per ON per.agency_id = a.agency_id
  LEFT JOIN barred ON barred.agency_id = a.agency_id
  LEFT JOIN overdue ON overdue.agency_id = a.agency_id
  LEFT JOIN licensed ON licensed.agency_id = a.agency_id
  LEFT JOIN flagged ON flagged.agency_id = a.agency_id
  WHERE ${chosen('a.agency_id')}
)
SELECT *, round((
    $2::numeric * open_critical
  + $3::numeric * complaints / greatest(licensed_years, ${MIN_LICENSED_YEARS})::numeric
  + $4::numeric * forced_labour
  + $5::numeric * without_licence
  + $6::numeric * overdue
  + $7::numeric * revoked_directors)::numeric, 2)::float8 AS score
FROM measured`;
}

/** The values of `riskMeasuresSql`: `agencyIds` null for every agency. */
export const riskValues = (now: string, weights: RiskWeights, agencyIds: string[] | null): unknown[] => [
  now,
  ...RISK_RULES.map((rule) => weights[rule]),
  agencyIds,
];

export interface RiskReason {
  rule: RiskRule;
  weight: number;
  points: number;
  evidence: Record<string, unknown>;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The reasons behind a score, largest first; a rule that adds nothing is left out. `ids` adds the ids of
 * the complaints behind each count when the caller may follow them (NEA), never for analysts.
 */
export function reasonsOf(
  m: RiskMeasures,
  weights: RiskWeights,
  ids: Partial<Record<RiskRule, string[]>> = {},
): RiskReason[] {
  const years = Math.max(m.licensed_years, MIN_LICENSED_YEARS);
  const withIds = (rule: RiskRule, evidence: Record<string, unknown>) =>
    ids[rule] ? { ...evidence, complaintIds: ids[rule] } : evidence;
  const reasons: RiskReason[] = [
    {
      rule: 'open-critical-complaints',
      weight: weights['open-critical-complaints'],
      points: weights['open-critical-complaints'] * m.open_critical,
      evidence: withIds('open-critical-complaints', { count: m.open_critical }),
    },
    {
      rule: 'complaints-per-licensed-year',
      weight: weights['complaints-per-licensed-year'],
      points: (weights['complaints-per-licensed-year'] * m.complaints) / years,
      evidence: {
        complaints: m.complaints,
        licensedYears: m.licensed_years,
        perLicensedYear: round2(m.complaints / years),
      },
    },
    {
      rule: 'forced-labour-indicators',
      weight: weights['forced-labour-indicators'],
      points: weights['forced-labour-indicators'] * m.forced_labour,
      evidence: withIds('forced-labour-indicators', {
        count: m.forced_labour,
        traffickingSuspected: m.trafficking,
      }),
    },
    {
      rule: 'recruiting-without-licence',
      weight: weights['recruiting-without-licence'],
      points: weights['recruiting-without-licence'] * m.without_licence,
      evidence: withIds('recruiting-without-licence', { count: m.without_licence }),
    },
    {
      rule: 'overdue-responses',
      weight: weights['overdue-responses'],
      points: weights['overdue-responses'] * m.overdue,
      evidence: withIds('overdue-responses', { count: m.overdue }),
    },
    {
      // The revoked agencies are organisations, shown to every reader (the registry shows analysts
      // which revoked agency a flag names); the director who matched never leaves the registry.
      rule: 'revoked-director',
      weight: weights['revoked-director'],
      points: weights['revoked-director'] * m.revoked_directors,
      evidence: { revokedAgencies: m.revoked_directors, revokedAgencyIds: m.revoked_agency_ids },
    },
  ];
  return reasons
    .map((r) => ({ ...r, points: round2(r.points) }))
    .filter((r) => r.points > 0)
    .sort((a, b) => b.points - a.points || a.rule.localeCompare(b.rule));
}

/** Evidence keys that count complaints, and so people: shown as the caller may see them ("<5"). */
const COUNTED_EVIDENCE = new Set(['count', 'complaints', 'traffickingSuspected']);

/** A reason's evidence with its counts of complaints shown as the caller may see them. */
export function evidenceFor(evidence: Record<string, unknown>, cells: CellPolicy): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(evidence).map(([k, v]) => [
      k,
      COUNTED_EVIDENCE.has(k) && typeof v === 'number' ? (cells(v) as Cell) : v,
    ]),
  );
}
