import type { ReportingReader } from './reportingReader.ts';
import type { Cell, CellPolicy } from './suppression.ts';

/** The dimensions the indicators are broken down by, in the order a caller may name them. */
export const DIMENSIONS = ['sex', 'ageBand', 'country', 'occupation', 'quarter'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const INDICATORS = [
  'complaints-lodged',
  'complaints-resolved',
  'cases-opened',
  'cases-closed',
  'workers-repatriated',
  'workers-repatriated-safely',
  'agencies-licensed',
  'agencies-suspended',
  'agencies-revoked',
  'blmas-in-force',
  'blmas-reviewed',
] as const;
export type Indicator = (typeof INDICATORS)[number];

/** Rows one answer holds at most: every combination of five dimensions over years stays far below it. */
export const INDICATOR_ROW_LIMIT = 20_000;

export interface IndicatorQuery {
  /** First and last day (Nairobi dates) of the period, inclusive. */
  from: string;
  to: string;
  by: Dimension[];
  /** The instant the answer is as of: only what the log held then counts. */
  asOf: string;
}

/**
 * One cell: the indicator, a value for each dimension asked for ("all" where ROLLUP summed it, null where
 * the dimension does not apply to the indicator, e.g. an agency has no sex) and its count.
 */
export type IndicatorRow = { indicator: Indicator; count: Cell } & Partial<Record<Dimension, string | null>>;

/** Complaint columns per dimension; complaints do not record an occupation (cases do). */
const COMPLAINT_COLUMNS: Record<Dimension, string | undefined> = {
  sex: 'c.sex',
  ageBand: 'c.age_band',
  country: 'c.country',
  occupation: undefined,
  quarter: 'c.lodged_quarter',
};

/**
 * Cases: the mission is the country; the occupation its ISCO-08 major group ('unknown' where not given,
 * as the aggregates hold them); sex, age band and occupation as the case's interval at `asOf` holds them.
 */
const CASE_COLUMNS: Record<Dimension, string> = {
  sex: 'c.sex',
  ageBand: 'c.age_band',
  country: 'c.country',
  occupation: 'c.occupation_group',
  quarter: 'c.opened_quarter',
};

/** Repatriations: the sex and age band the latest stage carried, the quarter of arrival. */
const REPATRIATION_COLUMNS: Record<Dimension, string> = {
  sex: 'r.sex',
  ageBand: 'r.age_band',
  country: 'r.country',
  occupation: 'r.occupation_group',
  quarter: 'r.arrived_quarter',
};

const ALL = 'all';

function rollup(columns: Array<[Dimension, string | undefined]>) {
  const grouped = columns.filter((c): c is [Dimension, string] => c[1] !== undefined);
  const select = columns.map(([, column], i) =>
    column === undefined
      ? `NULL::text AS d${i}`
      : `CASE WHEN GROUPING(${column}) = 1 THEN '${ALL}' ELSE ${column} END AS d${i}`,
  );
  const groupBy = grouped.length === 0 ? '' : `GROUP BY ROLLUP (${grouped.map(([, c]) => c).join(', ')})`;
  const orderBy =
    grouped.length === 0 ? '' : `ORDER BY ${grouped.map(([, c]) => `GROUPING(${c}), ${c}`).join(', ')}`;
  /**
   * Groups whose `count` sums to zero dropped, but never the grand total (ROLLUP gives it even over no
   * rows): summed deltas leave a group that held something once (a case's details before a correction)
   * at zero, where counting the rows at `asOf` would not show the group at all.
   */
  const present = (count: string) =>
    grouped.length === 0
      ? ''
      : `HAVING sum(${count}) > 0 OR GROUPING(${grouped.map(([, c]) => c).join(', ')}) = ${2 ** grouped.length - 1}`;
  return { select: select.length ? `${select.join(', ')},` : '', groupBy, orderBy, present };
}

/** `asOf` ($3, an instant), its Nairobi day, that day's first instant and its month's first day. */
const DAY = 'reporting_ref.local_date($3::timestamptz)';
const DAY_START = `(${DAY}::timestamp AT TIME ZONE 'Africa/Nairobi')`;
const MONTH = `date_trunc('month', ${DAY})::date`;
/** The first instant of `asOf`'s month (Nairobi). */
const MONTH_START = `(${MONTH}::timestamp AT TIME ZONE 'Africa/Nairobi')`;

/**
 * Whether a breakdown can be summed from the aggregates by sex and country only (grains 1 by month and
 * 2 by quarter, generationSchema.sql): unless it asks for the age band or the occupation (grain 0).
 */
export const narrowFor = (by: readonly Dimension[]): boolean =>
  !by.includes('ageBand') && !by.includes('occupation');

/** A run of months of aggregate rows at one grain: its first and last month's first days. */
export interface Span {
  grain: 0 | 1 | 2;
  from: string;
  to: string;
}

const monthIndex = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
const monthOf = (index: number) =>
  `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;

/**
 * The whole months first..last (their first and last day) as the aggregate rows to sum: every month at
 * grain 0; when `narrow`, the whole quarters among them at grain 2 (a row per quarter) and the months
 * either side at grain 1. None when there are no whole months.
 */
export function spansOf(first: string, last: string, narrow: boolean): Span[] {
  if (first > last) return [];
  const a = monthIndex(first);
  const b = monthIndex(last);
  if (!narrow) return [{ grain: 0, from: monthOf(a), to: monthOf(b) }];
  // The first quarter starting at or after `a`, and the month after the last quarter ending by `b`.
  const quarters = Math.ceil(a / 3) * 3;
  const after = Math.floor((b + 1) / 3) * 3;
  if (quarters >= after) return [{ grain: 1, from: monthOf(a), to: monthOf(b) }];
  const spans: Span[] = [];
  if (a < quarters) spans.push({ grain: 1, from: monthOf(a), to: monthOf(quarters - 1) });
  spans.push({ grain: 2, from: monthOf(quarters), to: monthOf(after - 3) });
  if (after <= b) spans.push({ grain: 1, from: monthOf(after), to: monthOf(b) });
  return spans;
}

/**
 * The whole months of a period as [first day, last day]: those are summed from the aggregates, the days
 * either side counted from the facts. An empty range (its first day after its last) when none fits.
 */
export function wholeMonths(from: string, to: string): [string, string] {
  const day = (text: string) => new Date(`${text}T00:00:00.000Z`);
  const iso = (date: Date) => date.toISOString().slice(0, 10);
  const first = day(from);
  if (first.getUTCDate() !== 1) first.setUTCMonth(first.getUTCMonth() + 1, 1);
  // The last day of the month before the one holding the day after `to`: `to` itself when it ends a month.
  const after = day(to);
  after.setUTCDate(after.getUTCDate() + 1);
  const last = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), 0));
  return first <= last ? [iso(first), iso(last)] : [iso(after), to];
}

/** The parameters of a period's day ranges outside its whole months, as `$n` pairs. */
type Edges = [string, string][];

/** The aggregate rows of the whole months, as a condition on `d.<column>` (the month a row counts in). */
type Rows = (column: string) => string;

/**
 * The parameters of the aggregated counts: $1..$2 the whole months (an empty range, its first day after
 * its last, where there are none), $3 `asOf`, then the first and last day of each range of days before
 * and after them that holds any (`edges`: only those are read from the facts), then the spans of
 * aggregate rows the whole months are summed from (`rows`).
 */
function periodParts(
  from: string,
  to: string,
  asOf: string,
  narrow: boolean,
): { values: string[]; edges: Edges; rows: Rows } {
  const [first, last] = wholeMonths(from, to);
  const shift = (text: string, days: number) => {
    const date = new Date(`${text}T00:00:00.000Z`);
    date.setUTCDate(date.getUTCDate() + days);
    return date.toISOString().slice(0, 10);
  };
  const values = [first, last, asOf];
  const next = (value: string) => {
    values.push(value);
    return `$${values.length}`;
  };
  const edges: Edges = [];
  for (const [start, end] of [
    [from, shift(first, -1)],
    [shift(last, 1), to],
  ] as const)
    if (start <= end) edges.push([next(start), next(end)]);
  const spans = spansOf(first, last, narrow).map((span) => ({
    ...span,
    from: next(span.from),
    to: next(span.to),
  }));
  const rows: Rows = (column) =>
    spans.length === 0
      ? 'false'
      : `(${spans.map((p) => `(d.grain = ${p.grain} AND d.${column} BETWEEN ${p.from}::date AND ${p.to}::date)`).join(' OR ')})`;
  return { values, edges, rows };
}

/** The facts of the days either side of the whole months. */
const edgeFacts = (edges: Edges, facts: (days: [string, string]) => string) =>
  edges.map((days) => `UNION ALL ${facts(days)}`).join('\n');

/** Rows valid at $3: the one WHERE clause an as-of question over the facts uses. */
const asOf = (t: string) =>
  `${t}.valid_from <= $3::timestamptz AND (${t}.valid_to IS NULL OR ${t}.valid_to > $3::timestamptz)`;

/**
 * Complaints of the period ($1..$2 lodging days) lodged by $3, counted from the facts: one row per
 * complaint, resolved when its interval at $3 is resolved or closed; `where` narrows the days. Every fact
 * of those days is read: the reference the aggregates are checked against (indicators.int.spec.ts), the
 * days of the period outside its whole months, and the answer of a generation built before the
 * aggregates, which serves until the rebuild's switch.
 */
const complaintFacts = (s: string, days: [string, string] = ['$1', '$2']) =>
  `SELECT c.sex, c.age_band, c.country, c.lodged_quarter, 1 AS lodged,
     CASE WHEN st.status IN ('resolved', 'closed') THEN 1 ELSE 0 END AS resolved
   FROM ${s}.complaint c
   LEFT JOIN ${s}.complaint_status st ON st.complaint_key = c.complaint_key AND ${asOf('st')}
   WHERE c.lodged_on BETWEEN ${days[0]}::date AND ${days[1]}::date AND c.lodged_at <= $3::timestamptz`;

/**
 * Cases the same way (opening days): its details those of its interval at $3 (`details` 'st'), or of
 * its opening where a generation's intervals have none ('c').
 */
const caseFacts = (s: string, details: 'st' | 'c', days: [string, string] = ['$1', '$2']) =>
  `SELECT c.country, ${details}.sex, coalesce(${details}.age_band, 'unknown') AS age_band,
     coalesce(left(${details}.occupation, 1), 'unknown') AS occupation_group, c.opened_quarter, 1 AS opened,
     CASE WHEN st.status = 'closed' THEN 1 ELSE 0 END AS closed
   FROM ${s}.attache_case c
   LEFT JOIN ${s}.attache_case_status st ON st.case_key = c.case_key AND ${asOf('st')}
   WHERE c.opened_on BETWEEN ${days[0]}::date AND ${days[1]}::date AND c.opened_at <= $3::timestamptz`;

/**
 * Complaints of the period as of $3 from the aggregates (generationSchema.sql): for its whole months
 * ($1..$2), the month-end before $3's month (`complaint_monthly`), the deltas of that month's days before
 * $3's (`complaint_daily`), and $3's day up to $3 from the interval tables: each interval +1 where it
 * starts and −1 where it ends (one that ends by $3 started by then), resolved ones for resolutions too,
 * so the sum is what the facts give. The days before and after the whole months from
 * the facts.
 */
const complaintCounts = (s: string, rows: Rows, edges: Edges) => {
  const dayChanges = (edge: 'valid_from' | 'valid_to', sign: number) =>
    // Each of the day's intervals looks its complaint up (OFFSET 0 keeps the subquery from being joined
    // the other way round: from every complaint of the period, where statistics are stale).
    `SELECT c.sex, c.age_band, c.country, c.lodged_quarter, ${sign},
       CASE WHEN st.status IN ('resolved', 'closed') THEN ${sign} ELSE 0 END
     FROM ${s}.complaint_status st CROSS JOIN LATERAL (SELECT * FROM ${s}.complaint c
       WHERE c.complaint_key = st.complaint_key AND c.lodged_on BETWEEN $1::date AND $2::date OFFSET 0) c
     WHERE st.${edge} >= ${DAY_START} AND st.${edge} <= $3::timestamptz`;
  return `SELECT d.sex, d.age_band, d.country, reporting_ref.quarter_of(d.lodged_month) AS lodged_quarter,
     d.lodged, d.resolved
   FROM ${s}.complaint_monthly d
   WHERE d.as_of_month = (SELECT max(as_of_month) FROM ${s}.complaint_monthly WHERE as_of_month < ${MONTH})
     AND ${rows('lodged_month')}
   UNION ALL
   SELECT d.sex, d.age_band, d.country, reporting_ref.quarter_of(d.lodged_month), d.lodged, d.resolved
   FROM ${s}.complaint_daily d
   WHERE d.recorded_on >= ${MONTH} AND d.recorded_on < ${DAY} AND ${rows('lodged_month')}
   UNION ALL ${dayChanges('valid_from', 1)}
   UNION ALL ${dayChanges('valid_to', -1)}
   ${edgeFacts(edges, (days) => complaintFacts(s, days))}`;
};

/**
 * Cases of the period as of $3 the same way (`attache_case_monthly`, `attache_case_daily`): a case counts
 * as opened while one of its intervals holds, as closed while a closed one does, by the details that
 * interval holds (a correction of the worker's details ends one interval and starts another).
 */
const caseCounts = (s: string, rows: Rows, edges: Edges) => {
  const dayChanges = (edge: 'valid_from' | 'valid_to', sign: number) =>
    `SELECT c.country, st.sex, coalesce(st.age_band, 'unknown'), coalesce(left(st.occupation, 1), 'unknown'),
       c.opened_quarter, ${sign}, CASE WHEN st.status = 'closed' THEN ${sign} ELSE 0 END
     FROM ${s}.attache_case_status st CROSS JOIN LATERAL (SELECT * FROM ${s}.attache_case c
       WHERE c.case_key = st.case_key AND c.opened_on BETWEEN $1::date AND $2::date OFFSET 0) c
     WHERE st.${edge} >= ${DAY_START} AND st.${edge} <= $3::timestamptz`;
  return `SELECT d.country, d.sex, d.age_band, d.occupation_group,
     reporting_ref.quarter_of(d.opened_month) AS opened_quarter, d.opened, d.closed
   FROM ${s}.attache_case_monthly d
   WHERE d.as_of_month = (SELECT max(as_of_month) FROM ${s}.attache_case_monthly WHERE as_of_month < ${MONTH})
     AND ${rows('opened_month')}
   UNION ALL
   SELECT d.country, d.sex, d.age_band, d.occupation_group, reporting_ref.quarter_of(d.opened_month), d.opened,
     d.closed
   FROM ${s}.attache_case_daily d
   WHERE d.recorded_on >= ${MONTH} AND d.recorded_on < ${DAY} AND ${rows('opened_month')}
   UNION ALL ${dayChanges('valid_from', 1)}
   UNION ALL ${dayChanges('valid_to', -1)}
   ${edgeFacts(edges, (days) => caseFacts(s, 'st', days))}`;
};

/**
 * Repatriations of living workers that arrived on the period's days ($1..$2), recorded by $3, one row
 * each: by the sex and age band the latest stage carried, the case's occupation group, the quarter of
 * arrival. `where` narrows the recording instants.
 */
const repatriationFacts = (
  s: string,
  days: [string, string] = ['$1', '$2'],
  where = 'AND r.arrived_at <= $3::timestamptz',
) =>
  `SELECT r.sex, coalesce(r.age_band, 'unknown') AS age_band, r.country,
     coalesce(c.occupation_group, 'unknown') AS occupation_group, r.arrived_quarter, 1 AS repatriated,
     (r.safe_and_dignified IS TRUE)::int AS safely
   FROM ${s}.repatriation r JOIN ${s}.attache_case c ON c.case_key = r.case_key
   WHERE r.arrived_on BETWEEN ${days[0]}::date AND ${days[1]}::date AND NOT r.remains ${where}`;

/**
 * The same from `repatriation_monthly` for the months recorded before $3's, and $3's month up to $3 from
 * the facts (indexed on arrived_at: a month's arrivals); the days either side of the whole months from
 * the facts.
 */
const repatriationCounts = (s: string, rows: Rows, edges: Edges) =>
  `SELECT d.sex, d.age_band, d.country, d.occupation_group, reporting_ref.quarter_of(d.arrived_month) AS arrived_quarter,
     d.repatriated, d.safely
   FROM ${s}.repatriation_monthly d
   WHERE d.recorded_month < ${MONTH} AND ${rows('arrived_month')}
   UNION ALL
   ${repatriationFacts(s, ['$1', '$2'], `AND r.arrived_at >= ${MONTH_START} AND r.arrived_at <= $3::timestamptz`)}
   ${edgeFacts(edges, (days) => repatriationFacts(s, days))}`;

/** Licence changes recorded on the period's days by $3, one row each. */
const agencyFacts = (s: string, where = 'AND a.valid_from <= $3::timestamptz') =>
  `SELECT reporting_ref.quarter_of(reporting_ref.local_date(a.valid_from)) AS quarter, 1 AS changes,
     (a.change = 'licensed')::int AS licensed, (a.change = 'suspended')::int AS suspended,
     (a.change = 'revoked')::int AS revoked
   FROM ${s}.agency_status a
   WHERE reporting_ref.local_date(a.valid_from) BETWEEN $1::date AND $2::date ${where}`;

/** The same from `agency_daily` for the days before $3's, and $3's day up to $3 from the facts. */
const agencyCounts = (s: string) =>
  `SELECT reporting_ref.quarter_of(d.changed_on) AS quarter, d.changes, d.licensed, d.suspended, d.revoked
   FROM ${s}.agency_daily d WHERE d.changed_on BETWEEN $1::date AND $2::date AND d.changed_on < ${DAY}
   UNION ALL
   ${agencyFacts(s, `AND a.valid_from >= ${DAY_START} AND a.valid_from <= $3::timestamptz`)}`;

/**
 * Where complaints, cases and licence changes are counted from: the aggregates (bounded work), or every
 * fact of the period (the reference; a generation without aggregates).
 */
export type IndicatorSource = 'aggregates' | 'facts';

/**
 * The national indicators for a period, disaggregated with GROUP BY ROLLUP (each dimension's subtotals
 * and the grand total read "all"), as the log stood at `asOf`: every status is a valid-time interval, so
 * "as of" is a WHERE clause on valid_from/valid_to, and a fact recorded later is simply not there yet.
 */
export async function indicators(
  reader: ReportingReader,
  query: IndicatorQuery,
  cells: CellPolicy,
  source: IndicatorSource = 'aggregates',
): Promise<{ rows: IndicatorRow[]; truncated: boolean }> {
  const s = await reader.schema();
  // The aggregates at two grains, repatriations' among them, came with projection version 7; a generation
  // an older version built counts from the facts until the rebuild's switch (its case intervals carry the
  // worker's details from version 6 on).
  const aggregated = source === 'aggregates' && (await reader.hasTable(s, 'repatriation_monthly'));
  const detailed = await reader.hasTable(s, 'attache_case_monthly');
  const values = [query.from, query.to, query.asOf];
  const parts = periodParts(query.from, query.to, query.asOf, narrowFor(query.by));
  const complaintRows = aggregated ? complaintCounts(s, parts.rows, parts.edges) : complaintFacts(s);
  const caseRows = aggregated ? caseCounts(s, parts.rows, parts.edges) : caseFacts(s, detailed ? 'st' : 'c');
  const repatriationRows = aggregated ? repatriationCounts(s, parts.rows, parts.edges) : repatriationFacts(s);
  const complaintRollup = rollup(query.by.map((d) => [d, COMPLAINT_COLUMNS[d]]));
  const agencyRollup = rollup(query.by.map((d) => [d, d === 'quarter' ? 'a.quarter' : undefined]));
  const countValues = aggregated ? parts.values : values;
  const caseRollup = rollup(query.by.map((d) => [d, CASE_COLUMNS[d]]));
  const repatriationRollup = rollup(query.by.map((d) => [d, REPATRIATION_COLUMNS[d]]));
  const blmaRollup = rollup(query.by.map((d) => [d, d === 'country' ? 'a.partner_country' : undefined]));
  const [complaints, agencies, cases, repatriations, blmas] = await Promise.all([
    reader.rows(
      `SELECT ${complaintRollup.select}
         coalesce(sum(c.lodged), 0)::int AS lodged, coalesce(sum(c.resolved), 0)::int AS resolved
       FROM (${complaintRows}) c
       ${complaintRollup.groupBy} ${complaintRollup.present('c.lodged')} ${complaintRollup.orderBy} LIMIT ${INDICATOR_ROW_LIMIT + 1}`,
      countValues,
    ),
    reader.rows(
      `SELECT ${agencyRollup.select}
         coalesce(sum(a.licensed), 0)::int AS licensed, coalesce(sum(a.suspended), 0)::int AS suspended,
         coalesce(sum(a.revoked), 0)::int AS revoked
       FROM (${aggregated ? agencyCounts(s) : agencyFacts(s)}) a
       ${agencyRollup.groupBy} ${agencyRollup.present('a.changes')} ${agencyRollup.orderBy}
       LIMIT ${INDICATOR_ROW_LIMIT + 1}`,
      values,
    ),
    reader.rows(
      `SELECT ${caseRollup.select}
         coalesce(sum(c.opened), 0)::int AS opened, coalesce(sum(c.closed), 0)::int AS closed
       FROM (${caseRows}) c
       ${caseRollup.groupBy} ${caseRollup.present('c.opened')} ${caseRollup.orderBy} LIMIT ${INDICATOR_ROW_LIMIT + 1}`,
      countValues,
    ),
    // Living workers only: the remains of a deceased worker are not a return in safety and dignity.
    reader.rows(
      `SELECT ${repatriationRollup.select}
         coalesce(sum(r.repatriated), 0)::int AS repatriated, coalesce(sum(r.safely), 0)::int AS safely
       FROM (${repatriationRows}) r
       ${repatriationRollup.groupBy} ${repatriationRollup.present('r.repatriated')} ${repatriationRollup.orderBy}
       LIMIT ${INDICATOR_ROW_LIMIT + 1}`,
      countValues,
    ),
    // In force on the period's last day as the log stood at asOf (the terms are bitemporal); reviewed in it.
    reader.rows(
      `SELECT ${blmaRollup.select}
         count(DISTINCT a.agreement_id) FILTER (WHERE EXISTS (
           SELECT 1 FROM ${s}.agreement_terms t WHERE t.agreement_id = a.agreement_id
             AND t.in_force_from <= $2::date AND (t.in_force_to IS NULL OR t.in_force_to > $2::date)
             AND t.valid_from <= $3::timestamptz AND (t.valid_to IS NULL OR t.valid_to > $3::timestamptz)))::int AS in_force,
         count(DISTINCT a.agreement_id) FILTER (WHERE EXISTS (
           SELECT 1 FROM ${s}.agreement_status st WHERE st.agreement_id = a.agreement_id AND st.change = 'reviewed'
             AND st.effective_on BETWEEN $1::date AND $2::date AND st.valid_from <= $3::timestamptz))::int AS reviewed
       FROM ${s}.agreement a
       WHERE a.recorded_at <= $3::timestamptz
       ${blmaRollup.groupBy} ${blmaRollup.orderBy} LIMIT ${INDICATOR_ROW_LIMIT + 1}`,
      values,
    ),
  ]);
  const dims = (row: Record<string, unknown>) =>
    Object.fromEntries(query.by.map((d, i) => [d, (row[`d${i}`] as string | null) ?? null]));
  const rows: IndicatorRow[] = [];
  for (const row of complaints) {
    rows.push({ indicator: 'complaints-lodged', ...dims(row), count: cells(row.lodged as number) });
    rows.push({ indicator: 'complaints-resolved', ...dims(row), count: cells(row.resolved as number) });
  }
  for (const row of cases) {
    rows.push({ indicator: 'cases-opened', ...dims(row), count: cells(row.opened as number) });
    rows.push({ indicator: 'cases-closed', ...dims(row), count: cells(row.closed as number) });
  }
  for (const row of repatriations) {
    rows.push({ indicator: 'workers-repatriated', ...dims(row), count: cells(row.repatriated as number) });
    rows.push({ indicator: 'workers-repatriated-safely', ...dims(row), count: cells(row.safely as number) });
  }
  for (const row of agencies) {
    // Agencies are organisations: counting them singles out no person, so they are never suppressed.
    rows.push({ indicator: 'agencies-licensed', ...dims(row), count: row.licensed as number });
    rows.push({ indicator: 'agencies-suspended', ...dims(row), count: row.suspended as number });
    rows.push({ indicator: 'agencies-revoked', ...dims(row), count: row.revoked as number });
  }
  for (const row of blmas) {
    // Agreements are between states: never suppressed either.
    rows.push({ indicator: 'blmas-in-force', ...dims(row), count: row.in_force as number });
    rows.push({ indicator: 'blmas-reviewed', ...dims(row), count: row.reviewed as number });
  }
  const truncated = [complaints, agencies, cases, repatriations, blmas].some(
    (part) => part.length > INDICATOR_ROW_LIMIT,
  );
  return { rows, truncated };
}

/** A CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. */
const field = (value: unknown): string => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The rows as RFC 4180 CSV lines (CRLF), header first, one chunk per line so a long answer streams. */
export function* csvLines(by: Dimension[], rows: Iterable<IndicatorRow>): Generator<string> {
  yield `${['indicator', ...by, 'count'].map(field).join(',')}\r\n`;
  for (const row of rows)
    yield `${[row.indicator, ...by.map((d) => row[d]), row.count].map(field).join(',')}\r\n`;
}
