import { uniqueNamespace } from '@kazi/test-servers';
import pg from 'pg';
import { createPool, identifier, type Pool } from './database.ts';

/** The server tests create their databases on (trust auth on these machines). */
export const POSTGRES_ADMIN_URL =
  process.env.POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Teardown {
  teardown(fn: () => unknown | Promise<unknown>): void;
}

/**
 * A database of its own for one test, dropped on teardown (connections still open are ended first), so
 * tests never see each other's schemas and can run in parallel. Returns its URL and a pool on it.
 */
export async function databaseFixture(t: Teardown, label = 'pg'): Promise<{ url: string; pool: Pool }> {
  const name = `kazi_test_${uniqueNamespace(label)}`;
  await adminQuery(`CREATE DATABASE ${identifier(name)}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const pool = createPool(url.toString(), { max: 8, applicationName: `test-${name}` });
  t.teardown(async () => {
    // pg-pool's end() resolves once it has asked its idle connections to close, not once they have: the
    // DROP below may terminate one still closing, whose error the pool reports (createPool listens).
    await pool.end();
    await adminQuery(`DROP DATABASE IF EXISTS ${identifier(name)} WITH (FORCE)`);
  });
  return { url: url.toString(), pool };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
