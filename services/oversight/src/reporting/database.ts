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

/** A pool of connections to the reporting store; `max` bounds what one process holds open. */
export function createPool(
  url: string = DEFAULT_DATABASE_URL,
  options: { max?: number; applicationName?: string } = {},
): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'kazi-oversight',
    types,
  });
}

/** A schema, table or role name quoted for SQL text (they cannot be bind parameters). */
export const identifier = (name: string): string => pg.escapeIdentifier(name);

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
