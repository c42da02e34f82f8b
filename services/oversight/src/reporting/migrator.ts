import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import type { Pool } from 'pg';

/** The service's migrations: `services/oversight/migrations/NNNN-<what>.sql`, applied in order. */
export const MIGRATIONS_DIRECTORY = new URL('../../migrations/', import.meta.url);

const FILE_NAME = /^(\d{4})-[a-z0-9-]+\.sql$/;

export interface Migration {
  version: number;
  /** The file name, e.g. `0001-projection-control.sql`. */
  name: string;
  sql: string;
  /** sha256 of the file: an applied migration must never change. */
  checksum: string;
}

/** A migration applied earlier no longer matches its file: someone edited history instead of adding one. */
export class MigrationChangedError extends Error {
  constructor(readonly migration: string) {
    super(`migration ${migration} was changed after it was applied; add a new migration instead`);
    this.name = 'MigrationChangedError';
  }
}

/** Every `NNNN-*.sql` file of the directory, in version order; any other `.sql` name is an error. */
export async function readMigrations(directory: URL = MIGRATIONS_DIRECTORY): Promise<Migration[]> {
  const files = (await readdir(directory)).filter((file) => file.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const name of files) {
    const match = FILE_NAME.exec(name);
    if (!match) throw new Error(`migration file ${name} is not named NNNN-<lower-case-words>.sql`);
    const version = Number(match[1]);
    if (migrations.at(-1)?.version === version) throw new Error(`two migrations numbered ${match[1]}`);
    const sql = await readFile(new URL(name, directory), 'utf8');
    migrations.push({ version, name, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return migrations;
}

export interface MigrationLogger {
  info(obj: object, msg?: string): void;
}

/**
 * Applies the migrations not yet recorded in `oversight.schema_migrations`, each in a transaction of
 * its own with its record. Processes starting at once queue on an advisory lock, so each migration runs
 * once; the second finds nothing left to do. Returns the versions this call applied.
 */
export async function migrate(
  pool: Pool,
  options: { directory?: URL; logger?: MigrationLogger } = {},
): Promise<number[]> {
  const migrations = await readMigrations(options.directory);
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    // A session lock, held across the migrations' own transactions; released if the process dies.
    await client.query("SELECT pg_advisory_lock(hashtextextended('kazi-oversight-migrations', 0))");
    try {
      await client.query(
        `CREATE SCHEMA IF NOT EXISTS oversight;
         CREATE TABLE IF NOT EXISTS oversight.schema_migrations (
           version integer PRIMARY KEY,
           name text NOT NULL,
           checksum text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      const { rows } = await client.query<{ version: number; checksum: string }>(
        'SELECT version, checksum FROM oversight.schema_migrations',
      );
      const applied = new Map(rows.map((row) => [row.version, row.checksum]));
      const done: number[] = [];
      for (const migration of migrations) {
        const checksum = applied.get(migration.version);
        if (checksum !== undefined) {
          if (checksum !== migration.checksum) throw new MigrationChangedError(migration.name);
          continue;
        }
        try {
          await client.query('BEGIN');
          await client.query(migration.sql);
          await client.query(
            'INSERT INTO oversight.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)',
            [migration.version, migration.name, migration.checksum],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch((rollbackError: Error) => {
            broken = rollbackError;
          });
          const reason = error instanceof Error ? error.message : String(error);
          throw new Error(`migration ${migration.name} failed: ${reason}`, { cause: error });
        }
        options.logger?.info({ migration: migration.name }, 'migration applied');
        done.push(migration.version);
      }
      return done;
    } finally {
      if (!broken) {
        await client
          .query("SELECT pg_advisory_unlock(hashtextextended('kazi-oversight-migrations', 0))")
          .catch((unlockError: Error) => {
            broken = unlockError;
          });
      }
    }
  } finally {
    client.release(broken);
  }
}
