/** One parameterised SQL statement: `{ text: 'UPDATE agency_status SET … WHERE agency_id = $1', values: [id] }`. */
export interface SqlStatement {
  readonly text: string;
  readonly values?: readonly unknown[];
}

/**
 * A read model of the reporting store as a pure function: a batch of events in (stream order, each
 * applied once), SQL statements out. The runner runs a batch's statements and the new checkpoint in one
 * transaction, with `search_path` set to the generation's schema, so statements name tables unqualified
 * and never know which generation they fill. Statements may read what earlier ones wrote (SQL does), but
 * `apply` itself never reads: a spec needs no database, and the same events always give the same
 * statements. Whole batches, so that a statement can write the rows of many events at once.
 *
 * Bump `version` whenever `schemaSql`, `views` or what `apply` writes changes: the runner then rebuilds
 * the model from the start of the stream into a new schema while the old one keeps serving.
 */
export interface PgProjection<E> {
  /** Lower-case letters, digits and `_`: generation schemas are `<name>_g<N>`. */
  readonly name: string;
  readonly version: number;
  /** The tables and indexes of one generation, created in its new, empty schema (names unqualified). */
  readonly schemaSql: string;
  /**
   * A schema of views that follows the live generation (e.g. `reporting`, for BI tools): when a
   * generation goes live, every view in `schema` is dropped and `sql` is run with `search_path` set to
   * the new generation, in the switch's own transaction. The schema belongs to this projection alone.
   */
  readonly views?: { schema: string; sql: string };
  apply(events: readonly E[]): SqlStatement[];
}

const NAME = /^[a-z][a-z0-9_]*$/;

/** The schema of one generation of a projection: `reporting_g3`. */
export function generationSchema(
  projection: Pick<PgProjection<unknown>, 'name'>,
  generation: number,
): string {
  if (!NAME.test(projection.name))
    throw new Error(`projection name "${projection.name}" must be lower-case letters, digits and "_"`);
  if (!Number.isSafeInteger(generation) || generation < 1) throw new Error(`bad generation ${generation}`);
  return `${projection.name}_g${generation}`;
}

/** A secondary index of a generation's schema: created only before a rebuilt generation's switch. */
export interface DeferredIndex {
  readonly name: string;
  readonly sql: string;
}

/** Marks a secondary index the projection's own statements need to find rows while a generation builds. */
const WHILE_BUILDING = /--[^\n]*\bwhile building\b/;
/**
 * A plain (not UNIQUE) CREATE INDEX at the start of a line, to its `;` (index statements hold none
 * inside), with the rest of its last line: where the `-- while building` marker stands.
 */
const SECONDARY_INDEX = /^CREATE INDEX\s+([a-z_][a-z0-9_]*)\s[^;]*;[^\n]*/gm;

/**
 * A generation's schema as a rebuild creates it: `building`, the tables with their primary keys, unique
 * indexes (which ON CONFLICT and the projection's look-ups need) and the secondary indexes marked
 * `-- while building`; `deferred`, the other secondary indexes, created in one pass each over the
 * filled tables before the switch, which costs less than keeping them up to date row by row (ADR 0009).
 */
export function splitSchema(schemaSql: string): { building: string; deferred: DeferredIndex[] } {
  const deferred: DeferredIndex[] = [];
  const building = schemaSql.replace(SECONDARY_INDEX, (statement, name: string) => {
    if (WHILE_BUILDING.test(statement)) return statement;
    deferred.push({ name, sql: statement.slice(0, statement.indexOf(';') + 1) });
    return '';
  });
  return { building, deferred };
}
