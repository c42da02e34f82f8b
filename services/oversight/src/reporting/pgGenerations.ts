import type { ApplyOutcome, ModelStore } from '@kazi/eventsourcing';
import type { Pool, PoolClient } from 'pg';
import { identifier, inTransaction } from './database.ts';
import { type DeferredIndex, generationSchema, type PgProjection, splitSchema } from './pgProjection.ts';
import { inlineStatements } from './sqlText.ts';

export type { ApplyOutcome };

/** One message's events, guarded by its stream position. */
export interface BatchEntry {
  position: number;
  /** When the message was stored in the stream (ms): how far behind the head the model is. */
  timeMs: number;
  /** What the message decoded to (none for one passed over or dead-lettered). */
  events: unknown[];
}

export interface GenerationPlan {
  /** The live generation this code version should keep up to date. */
  live: number | undefined;
  /** The generation this code version should build. */
  build: number | undefined;
  /** Generations left behind by a build nobody finishes (an older version's): to drop. */
  abandoned: number[];
  /** Set when a newer version owns the model: this code must not run. */
  superseded: string | undefined;
}

/**
 * The reporting store as a GenerationLoop's model store: a message's writes are its events (the
 * projection's statements are set-based over a whole batch, so they are made in `apply`), a batch one
 * transaction.
 */
export function pgModelStore<E>(generations: PgGenerations): ModelStore<E, E[]> {
  return {
    name: 'PostgreSQL',
    writesOf: (_generation, events) => events,
    checkpoint: (generation) => generations.checkpoint(generation),
    apply: (generation, after, entries) =>
      generations.apply(
        generation,
        after,
        entries.map((entry) => ({ position: entry.position, timeMs: entry.timeMs, events: entry.writes })),
      ),
  };
}

interface GenerationRow {
  generation: number;
  version: number;
  state: 'building' | 'live' | 'retired' | 'dropped';
}

/** Lock on one projection's generation rows, for the transactions that change which generation is which. */
const LOCK_PROJECTION = "SELECT pg_advisory_xact_lock(hashtextextended('kazi-projection:' || $1, 0))";

/**
 * The generations of one projection in `oversight.projection_generation`: which is live, which is being
 * built, their checkpoints, and the schemas they fill. Every change of pointer is one transaction under
 * an advisory lock per projection, so replicas racing to start, rebuild or switch see one order.
 */
export class PgGenerations {
  /** Backends of the switches and drops under way, which may be queued behind a reader's lock. */
  private readonly waiting = new Set<number>();
  /** The schema a rebuild starts with, and the secondary indexes it creates before its switch. */
  private readonly schema: { building: string; deferred: DeferredIndex[] };

  constructor(
    private readonly pool: Pool,
    private readonly projection: PgProjection<unknown>,
    /** How long a switch or a drop waits for readers' locks before it gives up and is retried. */
    private readonly lockTimeoutMs = 5000,
  ) {
    this.schema = splitSchema(projection.schemaSql);
  }

  get name(): string {
    return this.projection.name;
  }

  schemaOf(generation: number): string {
    return generationSchema(this.projection, generation);
  }

  /**
   * What this code version should run, decided in one locked transaction: on the very first start,
   * generation 1 is created and made live at once (nothing older to protect); when the live model was
   * built by other code, a build is opened for this version while the old one keeps serving.
   */
  async plan(version: number): Promise<GenerationPlan> {
    return inTransaction(this.pool, async (client) => {
      await client.query(LOCK_PROJECTION, [this.name]);
      const rows = await this.current(client);
      const live = rows.find((row) => row.state === 'live');
      const building = rows.find((row) => row.state === 'building');
      if (!live && !building) {
        await this.createGeneration(client, 1, version, 'live');
        return { live: 1, build: undefined, abandoned: [], superseded: undefined };
      }
      const plan: GenerationPlan = {
        live: live?.version === version ? live.generation : undefined,
        build: building?.version === version ? building.generation : undefined,
        abandoned: [],
        superseded: undefined,
      };
      if (plan.live === undefined && plan.build === undefined) {
        const newest = Math.max(live?.version ?? 0, building?.version ?? 0);
        if (newest > version) {
          plan.superseded = `version ${version} is older than version ${newest} in the reporting store; not running`;
        } else {
          const claim = await this.openBuild(client, version, rows);
          plan.build = claim.generation;
          plan.abandoned = claim.abandoned;
        }
      }
      return plan;
    });
  }

  /**
   * The generation to rebuild into: a new one, or the one this version is already building. Undefined
   * when newer code is building. An older version's build is abandoned (returned, to drop).
   */
  async beginBuild(version: number): Promise<{ generation: number | undefined; abandoned: number[] }> {
    return inTransaction(this.pool, async (client) => {
      await client.query(LOCK_PROJECTION, [this.name]);
      return this.openBuild(client, version, await this.current(client));
    });
  }

  /**
   * Makes a caught-up build live: the old live generation is retired, the views are re-pointed, in one
   * transaction. Returns the retired generation (> 0), 0 when it was already live (another replica
   * switched), -1 when this build was abandoned meanwhile.
   */
  async switchTo(generation: number): Promise<number> {
    return this.interruptible(async (client) => {
      await client.query(LOCK_PROJECTION, [this.name]);
      const rows = await this.current(client);
      const target = rows.find((row) => row.generation === generation);
      if (target?.state === 'live') return 0;
      if (target?.state !== 'building') return -1;
      const old = rows.find((row) => row.state === 'live');
      if (old) {
        await client.query(
          `UPDATE oversight.projection_generation SET state = 'retired', retired_at = now()
           WHERE projection = $1 AND generation = $2`,
          [this.name, old.generation],
        );
      }
      await client.query(
        `UPDATE oversight.projection_generation SET state = 'live', live_since = now()
         WHERE projection = $1 AND generation = $2`,
        [this.name, generation],
      );
      await this.pointViewsAt(client, generation);
      return old?.generation ?? 0;
    });
  }

  /**
   * Creates the secondary indexes a build was created without (splitSchema), each in one pass over its
   * filled table: to run before `switchTo`, in a transaction of its own so the switch's stays short. The
   * build's batches wait meanwhile (CREATE INDEX holds off writes to its table); then its tables are
   * analysed. Returns how many indexes were created: 0 when the generation has them all (another replica,
   * or a try before a failed switch).
   */
  async completeBuild(generation: number): Promise<number> {
    const schema = this.schemaOf(generation);
    const { rows } = await this.pool.query<{ name: string }>(
      'SELECT indexname AS name FROM pg_indexes WHERE schemaname = $1',
      [schema],
    );
    const present = new Set(rows.map((row) => row.name));
    const missing = this.schema.deferred.filter((index) => !present.has(index.name));
    if (missing.length === 0) return 0;
    return this.interruptible(async (client) => {
      // Under the projection's lock: two replicas never build the same index at once.
      await client.query(LOCK_PROJECTION, [this.name]);
      const { rows } = await client.query<{ state: string }>(
        'SELECT state FROM oversight.projection_generation WHERE projection = $1 AND generation = $2',
        [this.name, generation],
      );
      if (rows[0]?.state !== 'building' && rows[0]?.state !== 'live') return 0;
      await client.query(`SET LOCAL search_path TO ${identifier(schema)}`);
      for (const index of missing)
        await client.query(index.sql.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS '));
      // Statistics of the filled tables, so the readers' first plans after the switch know their sizes
      // (autovacuum would analyse them in its own time; a table it has not seen reads as nearly empty).
      const tables = await client.query<{ name: string }>(
        'SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 ORDER BY tablename',
        [schema],
      );
      await client.query(`ANALYZE ${tables.rows.map((table) => identifier(table.name)).join(', ')}`);
      return missing.length;
    });
  }

  async checkpoint(generation: number): Promise<{ position: number; time: number | undefined }> {
    const { rows } = await this.pool.query<{ checkpoint: number; last_event_at: Date | null }>(
      `SELECT checkpoint, last_event_at FROM oversight.projection_generation
       WHERE projection = $1 AND generation = $2`,
      [this.name, generation],
    );
    const row = rows[0];
    return { position: row?.checkpoint ?? 0, time: row?.last_event_at?.getTime() };
  }

  /**
   * Applies the entries above the stored checkpoint and stores the last one's position, in one
   * transaction: both or neither. The generation's row is locked first, so replicas applying the same
   * messages queue and the second finds them applied ('duplicate'); a retired generation refuses
   * ('retired'); a checkpoint below what the caller applied (a restored backup) is a 'gap'.
   */
  async apply(
    generation: number,
    after: number,
    entries: BatchEntry[],
  ): Promise<{ outcome: ApplyOutcome; checkpoint: number }> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ state: string; checkpoint: number }>(
        `SELECT state, checkpoint FROM oversight.projection_generation
         WHERE projection = $1 AND generation = $2 FOR UPDATE`,
        [this.name, generation],
      );
      const row = rows[0];
      if (!row || (row.state !== 'live' && row.state !== 'building'))
        return { outcome: 'retired', checkpoint: row?.checkpoint ?? 0 };
      if (row.checkpoint < after) return { outcome: 'gap', checkpoint: row.checkpoint };
      const fresh = entries.filter((entry) => entry.position > row.checkpoint);
      const last = fresh.at(-1);
      if (!last) return { outcome: 'duplicate', checkpoint: row.checkpoint };
      // A crash may lose the last commits, never part of one: rows and checkpoint go together and the
      // events are read again from the stream. So the batch need not wait for its WAL to reach the disk.
      await client.query(
        `SET LOCAL search_path TO ${identifier(this.schemaOf(generation))}; SET LOCAL synchronous_commit = off`,
      );
      // Only what is not applied yet, as one batch: its statements are set-based over all its events.
      const statements = this.projection.apply(fresh.flatMap((entry) => entry.events));
      // One round trip for the whole batch (sqlText.ts): statement by statement it is one per statement.
      if (statements.length > 0) await client.query(inlineStatements(statements));
      await client.query(
        `UPDATE oversight.projection_generation SET checkpoint = $3, last_event_at = $4
         WHERE projection = $1 AND generation = $2`,
        [this.name, generation, last.position, new Date(last.timeMs)],
      );
      return { outcome: 'applied', checkpoint: last.position };
    });
  }

  /** Drops a retired (or abandoned) generation's schema; false when it is live or building again. */
  async drop(generation: number): Promise<boolean> {
    return this.interruptible(async (client) => {
      const { rows } = await client.query<{ state: string }>(
        `SELECT state FROM oversight.projection_generation
         WHERE projection = $1 AND generation = $2 FOR UPDATE`,
        [this.name, generation],
      );
      if (rows[0]?.state !== 'retired') return false;
      await client.query(`DROP SCHEMA IF EXISTS ${identifier(this.schemaOf(generation))} CASCADE`);
      await client.query(
        `UPDATE oversight.projection_generation SET state = 'dropped'
         WHERE projection = $1 AND generation = $2`,
        [this.name, generation],
      );
      return true;
    });
  }

  /**
   * Cancels the switches and drops under way (a stopping runner must not wait out a long report's lock):
   * each rolls back whole, so the generations stay as they were, and the next start tries again.
   */
  async interrupt(): Promise<void> {
    await Promise.all(
      [...this.waiting].map((pid) =>
        this.pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined),
      ),
    );
  }

  /** Generations retired but not yet dropped: a crash came between a switch and its drop. */
  async retired(): Promise<number[]> {
    const { rows } = await this.pool.query<{ generation: number }>(
      `SELECT generation FROM oversight.projection_generation
       WHERE projection = $1 AND state = 'retired' ORDER BY generation`,
      [this.name],
    );
    return rows.map((row) => row.generation);
  }

  /** The live generation's number, for readers that address its schema directly. */
  async liveGeneration(): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ generation: number }>(
      `SELECT generation FROM oversight.projection_generation WHERE projection = $1 AND state = 'live'`,
      [this.name],
    );
    return rows[0]?.generation;
  }

  /** A transaction bounded by the lock timeout, whose backend interrupt() can cancel. */
  private interruptible<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(
      this.pool,
      async (client) => {
        // pg sets processID from the server's BackendKeyData; @types/pg does not declare it.
        const pid = (client as PoolClient & { processID: number }).processID;
        this.waiting.add(pid);
        try {
          return await work(client);
        } finally {
          this.waiting.delete(pid);
        }
      },
      { lockTimeoutMs: this.lockTimeoutMs },
    );
  }

  // ---- inside locked transactions ----

  private async current(client: PoolClient): Promise<GenerationRow[]> {
    const { rows } = await client.query<GenerationRow>(
      `SELECT generation, version, state FROM oversight.projection_generation
       WHERE projection = $1 ORDER BY generation`,
      [this.name],
    );
    return rows;
  }

  private async openBuild(
    client: PoolClient,
    version: number,
    rows: GenerationRow[],
  ): Promise<{ generation: number | undefined; abandoned: number[] }> {
    const building = rows.find((row) => row.state === 'building');
    if (building && building.version === version) return { generation: building.generation, abandoned: [] };
    if (building && building.version > version) return { generation: undefined, abandoned: [] };
    const abandoned: number[] = [];
    if (building) {
      await client.query(
        `UPDATE oversight.projection_generation SET state = 'retired', retired_at = now()
         WHERE projection = $1 AND generation = $2`,
        [this.name, building.generation],
      );
      abandoned.push(building.generation);
    }
    const generation = Math.max(0, ...rows.map((row) => row.generation)) + 1;
    await this.createGeneration(client, generation, version, 'building');
    return { generation, abandoned };
  }

  private async createGeneration(
    client: PoolClient,
    generation: number,
    version: number,
    state: 'live' | 'building',
  ): Promise<void> {
    const schema = this.schemaOf(generation);
    // A schema left by a crash mid-creation cannot be: creation and its row commit together.
    await client.query(`CREATE SCHEMA ${identifier(schema)}`);
    await client.query(`SET LOCAL search_path TO ${identifier(schema)}`);
    // A build starts without its secondary indexes (completeBuild adds them before its switch); the first
    // generation is live from the start, so it has them all at once.
    await client.query(state === 'live' ? this.projection.schemaSql : this.schema.building);
    await client.query(
      `INSERT INTO oversight.projection_generation
         (projection, generation, version, schema_name, state, live_since)
       VALUES ($1, $2, $3, $4, $5, CASE WHEN $5 = 'live' THEN now() END)`,
      [this.name, generation, version, schema, state],
    );
    if (state === 'live') await this.pointViewsAt(client, generation);
  }

  /** Drops every view of the projection's view schema and creates its views over `generation`. */
  private async pointViewsAt(client: PoolClient, generation: number): Promise<void> {
    const views = this.projection.views;
    if (!views) return;
    const { rows } = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind = 'v'`,
      [views.schema],
    );
    if (rows.length > 0) {
      // One statement, so views built on each other go together; RESTRICT (the default): a view someone
      // built on ours elsewhere makes the switch fail loudly instead of silently disappearing.
      const list = rows.map((row) => `${identifier(views.schema)}.${identifier(row.name)}`).join(', ');
      await client.query(`DROP VIEW ${list}`);
    }
    await client.query(`SET LOCAL search_path TO ${identifier(this.schemaOf(generation))}`);
    await client.query(views.sql);
  }
}
