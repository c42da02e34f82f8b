import type { SqlStatement } from './pgProjection.ts';
import { arrayLiteral } from './sqlText.ts';

/**
 * When a batch's set-based statements run, in this order: records others look up first (agencies,
 * complaints), then records that look those up (attaché cases link their complaint), then every status
 * interval table, then the facts that hang off records (breaches, actions, repatriations, closures).
 */
export const Phase = { records: 10, linkedRecords: 20, intervals: 30, facts: 40 } as const;

/** An interval table: its record key, and its other columns with their SQL types (for casts). */
export interface IntervalTable {
  table: string;
  key: string;
  /**
   * How to find the key from the id events carry, when the key is a generation-local number. The
   * record must have been written at an earlier position than the change (its `position` column).
   */
  lookup?: { table: string; idColumn: string };
  /** Columns a change may set; the rest of a new interval is carried over from the one it closes. */
  columns: Record<string, string>;
  /** Open an interval even when the record has none (its first event was never seen). */
  openIfMissing: boolean;
}

/** One status change of one record: the interval it opens, and the columns it sets. */
export interface StatusChange {
  id: string;
  at: string;
  change: string;
  position: number;
  set: Record<string, unknown>;
}

/**
 * Rows of one kind, written by one statement per batch. The rows reach SQL as one jsonb array read by
 * `jsonb_to_recordset` with `columns`; `sql` gets that source (aliased `x`) and returns the statement.
 * `reduce` folds the batch's rows (in stream order) before they are written, where a statement may not
 * touch a row twice (an upsert) and several events of one record meet in a batch.
 */
export interface RowSink {
  name: string;
  phase: number;
  columns: Record<string, string>;
  sql(source: string): string;
  reduce?(rows: Record<string, unknown>[]): Record<string, unknown>[];
}

/** A value as jsonb can carry it and `->>` + a cast reads it back: arrays as PostgreSQL array literals. */
function jsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value)) return arrayLiteral(value);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`cannot write ${value} to SQL`);
  return value;
}

/** Values as jsonb carries them: arrays become PostgreSQL array literals, read back with `->>` and a cast. */
function jsonRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in row) out[key] = jsonValue(row[key]);
  return out;
}

/**
 * A jsonb literal dollar-quoted, written into the statement's text: no escaping to do (a quote doubled
 * per character costs more than the statement's work at 500 kB a batch), and the tag is one the text
 * does not hold.
 */
export function jsonbLiteral(value: unknown): string {
  const json = JSON.stringify(value);
  let tag = '$j$';
  for (let n = 1; json.includes(tag); n++) tag = `$j${n}$`;
  return `${tag}${json}${tag}::jsonb`;
}

const recordset = (rows: string, columns: Record<string, string>) =>
  `jsonb_to_recordset(${rows}) AS x(${Object.entries(columns)
    .map(([name, type]) => `${name} ${type}`)
    .join(', ')})`;

/**
 * The statements of a run of events as a fixed list of set-based statements: per sink one multi-row
 * statement, per interval table one statement for all its changes. Handlers add to it in stream order;
 * `take()` returns the statements in phase order and starts a new run. A statement then does the work
 * of a whole batch instead of one event: the server plans and runs a few dozen statements per
 * transaction instead of two or three per event.
 */
export class BatchPlan {
  private readonly rows = new Map<RowSink, Record<string, unknown>[]>();
  private readonly changes = new Map<IntervalTable, StatusChange[]>();
  private readonly single: { phase: number; statement: SqlStatement }[] = [];

  get empty(): boolean {
    return this.rows.size === 0 && this.changes.size === 0 && this.single.length === 0;
  }

  row(sink: RowSink, row: Record<string, unknown>): void {
    const rows = this.rows.get(sink);
    if (rows) rows.push(jsonRow(row));
    else this.rows.set(sink, [jsonRow(row)]);
  }

  change(table: IntervalTable, change: StatusChange): void {
    for (const column of Object.keys(change.set)) {
      if (!(column in table.columns)) throw new Error(`${table.table} has no column ${column}`);
    }
    const changes = this.changes.get(table);
    if (changes) changes.push(change);
    else this.changes.set(table, [change]);
  }

  /** A statement of its own, run in its phase after that phase's set-based ones, in stream order. */
  statement(phase: number, statement: SqlStatement): void {
    this.single.push({ phase, statement });
  }

  /** The run's statements in phase order; the plan is empty again afterwards. */
  take(): SqlStatement[] {
    const parts: { phase: number; order: number; statement: SqlStatement }[] = [];
    for (const [sink, rows] of this.rows) {
      const reduced = sink.reduce ? sink.reduce(rows) : rows;
      if (reduced.length === 0) continue;
      parts.push({
        phase: sink.phase,
        order: 0,
        statement: { text: sink.sql(recordset(jsonbLiteral(reduced), sink.columns)) },
      });
    }
    for (const [table, changes] of this.changes) {
      parts.push({ phase: Phase.intervals, order: 1, statement: changeStatuses(table, changes) });
    }
    this.single.forEach(({ phase, statement }, index) => {
      parts.push({ phase, order: 2 + index, statement });
    });
    this.rows.clear();
    this.changes.clear();
    this.single.length = 0;
    // Array.prototype.sort is stable: within a phase, sinks and tables keep the order first met.
    return parts.sort((a, b) => a.phase - b.phase || a.order - b.order).map((part) => part.statement);
  }
}

/**
 * A batch's status changes of one interval table as one statement. Per record, in stream order: the
 * open interval (valid_to NULL) is closed where the first change starts, each change opens an interval
 * that the next one closes, and the last stays open. A change carries every column over from the
 * interval before it except those it sets: a running merge (`jsonb_merge`, generationSchema.sql) of the
 * changes' `set` objects over the open row. An interval never runs backwards: a change stamped earlier
 * than the interval it closes starts where that one started (a running max of `at`). A record with no
 * open interval opens one at its first change when the table says `openIfMissing`; otherwise its
 * changes write nothing, as do changes at positions before the open interval's or the looked-up record's
 * (an event before the one that created its record).
 */
export function changeStatuses(table: IntervalTable, changes: readonly StatusChange[]): SqlStatement {
  const rows = changes.map((change) => ({
    id: change.id,
    position: change.position,
    at: change.at,
    change: change.change,
    sets: Object.fromEntries(Object.entries(change.set).map(([column, value]) => [column, jsonValue(value)])),
  }));
  const { key } = table;
  const columns = Object.entries(table.columns);
  const keyed = table.lookup
    ? `SELECT x.*, l.${key} AS k FROM x JOIN ${table.lookup.table} l ` +
      `ON l.${table.lookup.idColumn} = x.id AND l.position < x.position`
    : 'SELECT x.*, x.id AS k FROM x';
  const opens = table.openIfMissing ? 'o.position IS NULL OR ' : '';
  const carried = columns.map(
    ([column, type]) =>
      `CASE WHEN r.merged ? '${column}' THEN (r.merged->>'${column}')::${type} ELSE r.o_${column} END`,
  );
  const text =
    `WITH x AS (SELECT * FROM jsonb_to_recordset(${jsonbLiteral(rows)}) ` +
    'AS x(id text, position bigint, at timestamptz, change text, sets jsonb)), ' +
    `keyed AS (${keyed}), ` +
    `chain AS (SELECT keyed.k, keyed.position, keyed.change, o.${key} IS NOT NULL AS closes, ` +
    `${columns.map(([column]) => `o.${column} AS o_${column}`).join(', ')}, ` +
    'jsonb_merge(keyed.sets) OVER w AS merged, greatest(o.valid_from, max(keyed.at) OVER w) AS starts, ' +
    'row_number() OVER w AS n ' +
    `FROM keyed LEFT JOIN ${table.table} o ON o.${key} = keyed.k AND o.valid_to IS NULL ` +
    `WHERE ${opens}o.position < keyed.position ` +
    'WINDOW w AS (PARTITION BY keyed.k ORDER BY keyed.position)), ' +
    'r AS (SELECT chain.*, lead(starts) OVER (PARTITION BY k ORDER BY position) AS ends FROM chain), ' +
    `closed AS (UPDATE ${table.table} t SET valid_to = r.starts FROM r ` +
    `WHERE r.n = 1 AND r.closes AND t.${key} = r.k AND t.valid_to IS NULL RETURNING 1) ` +
    `INSERT INTO ${table.table} (${key}, change, ${columns.map(([column]) => column).join(', ')}, ` +
    'valid_from, valid_to, position) ' +
    `SELECT r.k, r.change, ${carried.join(', ')}, r.starts, r.ends, r.position FROM r ` +
    // Read first, so the open rows are closed before the new ones go in (the partial unique index).
    'WHERE (SELECT count(*) FROM closed) >= 0 ORDER BY r.position';
  return { text };
}
