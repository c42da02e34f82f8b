import pg from 'pg';

/** `postgres://…/kazi` on the local server: the reporting store's default (docs/design/architecture.md). */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/kazi';

const INT8 = 20;

/**
 * Stream sequences and checkpoints are `bigint` columns. pg returns int8 as a string (it may not fit a
 * double); ours are JetStream sequences, far below 2^53, so they are read as numbers, and one that is
 * not safe is an error rather than a silently rounded position.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 && format !== 'binary') {
      return (text: string) => {
        const value = Number(text);
        if (!Number.isSafeInteger(value)) throw new RangeError(`bigint ${text} is beyond a safe integer`);
        return value;
      };
    }
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/**
 * A pool of connections to the reporting store; `max` bounds what one process holds open. An idle
 * connection the server ends (a restart, a fail-over, an administrator) is an 'error' event of the pool,
 * which would end the process if nobody listened: the pool drops that connection and the next query opens
 * another, so `onError` only reports it.
 */
export function createPool(
  url: string = DEFAULT_DATABASE_URL,
  options: { max?: number; applicationName?: string; onError?: (error: Error) => void } = {},
): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'kazi-oversight',
    types,
  });
  pool.on('error', options.onError ?? (() => undefined));
  return pool;
}

/** A schema, table or role name quoted for SQL text (they cannot be bind parameters). */
export const identifier = (name: string): string => pg.escapeIdentifier(name);

/**
 * Creates the database `url` names when it does not exist (connecting to the server's `postgres`
 * database to do so), so a first start needs nothing made by hand. Two processes racing both succeed.
 */
export async function ensureDatabase(url: string = DEFAULT_DATABASE_URL): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name) throw new Error(`DATABASE_URL ${target.host} names no database`);
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE ${identifier(name)}`);
    return true;
  } catch (error) {
    // 42P04 duplicate_database; 23505 when two CREATE DATABASE race on the catalogue's unique index.
    const code = (error as { code?: string }).code;
    if (code === '42P04' || code === '23505') return false;
    throw error;
  } finally {
    await client.end();
  }
}

export type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it
 * throws. `lockTimeoutMs` bounds how long a statement waits for a lock (a switch waiting behind a long
 * report must give up and retry, not hold every later reader in the lock queue behind it).
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  options: { lockTimeoutMs?: number } = {},
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    if (options.lockTimeoutMs !== undefined) {
      await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(options.lockTimeoutMs))}`);
    }
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      // The connection is unusable: the pool must not hand it out again.
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
