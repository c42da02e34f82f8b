import pg from 'pg';
import type { SqlStatement } from './pgProjection.ts';

/**
 * A value as a SQL literal. Strings go through pg's escapeLiteral (quotes doubled, an E'' string when
 * there is a backslash), arrays become array literals, numbers must be finite. Anything else is refused
 * rather than guessed at.
 */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} to SQL`);
    return String(value);
  }
  if (typeof value === 'string') return pg.escapeLiteral(value);
  if (value instanceof Date) return pg.escapeLiteral(value.toISOString());
  if (Array.isArray(value)) return pg.escapeLiteral(arrayLiteral(value));
  throw new Error(`cannot write a ${typeof value} to SQL`);
}

/** `{"a","b \"c\""}`: PostgreSQL's array input syntax, every element quoted (strings and numbers only). */
export function arrayLiteral(values: readonly unknown[]): string {
  const elements = values.map((element) => {
    if (element === null) return 'NULL';
    if (typeof element !== 'string' && typeof element !== 'number')
      throw new Error(`cannot write an array of ${typeof element} to SQL`);
    return `"${String(element).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  });
  return `{${elements.join(',')}}`;
}

/**
 * Many statements as one text, their parameters written in as literals: a batch of events is then one
 * round trip to the server instead of one per statement (the simple query protocol runs them in order,
 * in the open transaction). Placeholders are `$1`…`$n`; the texts of statements with values are ours and
 * hold no other `$`.
 */
export function inlineStatements(statements: readonly SqlStatement[]): string {
  return statements
    .map(({ text, values }) =>
      // A statement without values is sent as written (a batch's rows are in its text, dollar-quoted).
      values === undefined
        ? text
        : text.replace(/\$(\d+)(?!\d)/g, (_, n: string) => {
            const index = Number(n) - 1;
            if (index < 0 || index >= values.length)
              throw new Error(`statement has no parameter $${n}: ${text}`);
            return sqlLiteral(values[index]);
          }),
    )
    .join(';\n');
}
