import { HttpProblemError } from '@kazi/service-kit';
import { identifier, type Pool } from '../reporting/index.ts';

/** Counts arrive from PostgreSQL as numbers (int8 is parsed as a safe integer by the pool). */
export type Row = Record<string, unknown>;

/**
 * Reads the live generation of the reporting store. Queries name its schema directly (the ids an NEA
 * officer may follow are in the tables, not in the analysts' views); a retired generation stays a while
 * after a switch, so a query that started on it finishes.
 */
export class ReportingReader {
  constructor(
    readonly pool: Pool,
    private readonly liveSchema: () => Promise<string | undefined>,
  ) {}

  /** The live generation's schema, quoted for SQL; 503 until the first generation is live. */
  async schema(): Promise<string> {
    const schema = await this.liveSchema();
    if (schema === undefined)
      throw new HttpProblemError(
        503,
        'reporting-not-ready',
        'the reporting store has no live generation yet',
      );
    return identifier(schema);
  }

  /** Tables per generation schema: a schema's tables never change after it is built. */
  private readonly tablesSeen = new Map<string, boolean>();

  /**
   * Whether the generation `schema` (as `schema()` quotes it) has `table`: a table a newer projection
   * version added is missing from the generation an older one built, which serves until the switch.
   */
  async hasTable(schema: string, table: string): Promise<boolean> {
    const name = `${schema}.${identifier(table)}`;
    let known = this.tablesSeen.get(name);
    if (known === undefined) {
      const [row] = await this.rows<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [
        name,
      ]);
      known = row?.found === true;
      // A handful of generations in a process' life; forget them all rather than grow.
      if (this.tablesSeen.size > 100) this.tablesSeen.clear();
      this.tablesSeen.set(name, known);
    }
    return known;
  }

  async rows<R extends object = Row>(text: string, values: unknown[] = []): Promise<R[]> {
    const { rows } = await this.pool.query(text, values);
    return rows as R[];
  }
}

/** Complaint statuses that still wait for someone to act. */
export const OPEN_COMPLAINT_STATUSES = ['lodged', 'triaged', 'referred', 'reopened'] as const;
export const OPEN_COMPLAINTS_SQL = `('${OPEN_COMPLAINT_STATUSES.join("', '")}')`;
