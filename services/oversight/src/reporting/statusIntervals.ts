import type { IntervalTable } from './batchPlan.ts';
import type { SqlStatement } from './pgProjection.ts';

export type { IntervalTable } from './batchPlan.ts';

/**
 * One status change as one statement (for events handled one by one; a batch's changes of the common
 * events go through batchPlan.ts's changeStatuses instead, with the same meaning): the record's open interval (valid_to NULL) is closed at `at`, and
 * a new one opens there, carrying every column over from the closed row except those in `set`. When
 * `at` is earlier than the open interval's start (a publisher's clock behind), both meet at that start,
 * so an interval never runs backwards. With no open interval, a new one opens at `at` with only `set`
 * when the table says `openIfMissing`; otherwise nothing is written.
 */
export function changeStatus(
  table: IntervalTable,
  change: { id: string; at: string; change: string; position: number; set: Record<string, unknown> },
): SqlStatement {
  const values: unknown[] = [change.at, change.change, change.position];
  const param = (value: unknown, type: string) => {
    values.push(value);
    return `$${values.length}::${type}`;
  };
  const setColumns = new Map<string, string>();
  for (const [column, value] of Object.entries(change.set)) {
    const type = table.columns[column];
    if (!type) throw new Error(`${table.table} has no column ${column}`);
    setColumns.set(column, param(value, type));
  }
  const id = param(change.id, 'text');
  const key = table.lookup
    ? `(SELECT ${table.key} FROM ${table.lookup.table} WHERE ${table.lookup.idColumn} = ${id})`
    : id;
  const names = Object.keys(table.columns);
  const carried = names.map((column) => setColumns.get(column) ?? `closed.${column}`);
  const target = [table.key, 'change', ...names, 'valid_from', 'position'].join(', ');
  let text =
    `WITH closed AS (UPDATE ${table.table} SET valid_to = greatest(valid_from, $1::timestamptz) ` +
    `WHERE ${table.key} = ${key} AND valid_to IS NULL RETURNING *) ` +
    `INSERT INTO ${table.table} (${target}) ` +
    `SELECT closed.${table.key}, $2::text, ${carried.join(', ')}, closed.valid_to, $3::bigint FROM closed`;
  if (table.openIfMissing) {
    const fresh = names.map((column) => setColumns.get(column) ?? 'NULL');
    text +=
      ` UNION ALL SELECT ${key}, $2::text, ${fresh.join(', ')}, $1::timestamptz, $3::bigint ` +
      `WHERE NOT EXISTS (SELECT 1 FROM closed) AND ${key} IS NOT NULL`;
  }
  return { text, values };
}
