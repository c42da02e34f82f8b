import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { createPool, ensureDatabase } from './database.ts';
import { MigrationChangedError, migrate, readMigrations } from './migrator.ts';
import { databaseFixture } from './postgres.fixture.ts';

t.test('migrating twice applies every migration once and the second run changes nothing', async (t) => {
  const { pool } = await databaseFixture(t, 'mig');
  const all = (await readMigrations()).map((m) => m.version);
  t.same(await migrate(pool), all, 'the first run applies them all, in order');
  t.same(await migrate(pool), [], 'the second finds nothing to do');
  const { rows } = await pool.query('SELECT version FROM oversight.schema_migrations ORDER BY version');
  t.same(
    rows.map((r) => r.version),
    all,
  );
  const quarters = await pool.query(
    "SELECT quarter, starts_on::text, ends_on::text FROM reporting_ref.quarter WHERE quarter = '2026-Q2'",
  );
  t.same(quarters.rows, [{ quarter: '2026-Q2', starts_on: '2026-04-01', ends_on: '2026-06-30' }]);
  const countries = await pool.query('SELECT count(*)::int AS n FROM reporting_ref.country');
  t.equal(countries.rows[0].n, 249, 'every assigned ISO 3166 code');
});

t.test('two processes migrating at once: one applies, the other waits and finds it done', async (t) => {
  const { pool, url } = await databaseFixture(t, 'migc');
  // A second pool stands for a second process: its own connections, racing for the same database.
  const other = createPool(url, { max: 2 });
  t.teardown(() => other.end());
  const [a, b] = await Promise.all([migrate(pool), migrate(other)]);
  const all = (await readMigrations()).map((m) => m.version);
  t.same([...a, ...b].sort(), all, 'each migration applied by exactly one of them');
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM oversight.schema_migrations');
  t.equal(rows[0].n, all.length);
});

t.test('a migration changed after it was applied is refused, naming the file', async (t) => {
  const { pool } = await databaseFixture(t, 'migx');
  const directory = await mkdtemp(join(tmpdir(), 'kazi-migrations-'));
  t.teardown(() => rm(directory, { recursive: true, force: true }));
  const url = pathToFileURL(`${directory}/`);
  await writeFile(join(directory, '0001-first.sql'), 'CREATE TABLE first_table (id integer);');
  t.same(await migrate(pool, { directory: url }), [1]);
  await writeFile(join(directory, '0001-first.sql'), 'CREATE TABLE first_table (id bigint);');
  await t.rejects(migrate(pool, { directory: url }), new MigrationChangedError('0001-first.sql'));
});

t.test('a failing migration leaves nothing of itself and is not recorded; earlier ones stay', async (t) => {
  const { pool } = await databaseFixture(t, 'migf');
  const directory = await mkdtemp(join(tmpdir(), 'kazi-migrations-'));
  t.teardown(() => rm(directory, { recursive: true, force: true }));
  const url = pathToFileURL(`${directory}/`);
  await writeFile(join(directory, '0001-first.sql'), 'CREATE TABLE first_table (id integer);');
  await writeFile(join(directory, '0002-broken.sql'), 'CREATE TABLE second_table (id integer); SELEC 1;');
  await t.rejects(migrate(pool, { directory: url }), /migration 0002-broken.sql failed/);
  const { rows } = await pool.query(
    "SELECT to_regclass('first_table') IS NOT NULL AS first, to_regclass('second_table') IS NOT NULL AS second",
  );
  t.same(rows[0], { first: true, second: false });
  const recorded = await pool.query('SELECT version FROM oversight.schema_migrations');
  t.same(
    recorded.rows.map((r) => r.version),
    [1],
  );
});

t.test('migration files must be named NNNN-words.sql', async (t) => {
  const directory = await mkdtemp(join(tmpdir(), 'kazi-migrations-'));
  t.teardown(() => rm(directory, { recursive: true, force: true }));
  await writeFile(join(directory, '1-first.sql'), 'SELECT 1;');
  await t.rejects(readMigrations(pathToFileURL(`${directory}/`)), /1-first.sql is not named/);
});

t.test('ensureDatabase creates the database once, however many processes ask at once', async (t) => {
  const { url } = await databaseFixture(t, 'ensdb');
  const target = new URL(url);
  target.pathname = `${target.pathname}_new`;
  t.teardown(async () => {
    const admin = new URL(url);
    admin.pathname = '/postgres';
    const pool = createPool(admin.toString(), { max: 1 });
    await pool.query(`DROP DATABASE IF EXISTS ${target.pathname.slice(1)} WITH (FORCE)`);
    await pool.end();
  });
  const created = await Promise.all([ensureDatabase(target.toString()), ensureDatabase(target.toString())]);
  t.same(created.filter(Boolean).length, 1, 'one of them created it, the other found it');
  t.equal(await ensureDatabase(target.toString()), false, 'a later start finds it');
  const pool = createPool(target.toString(), { max: 1 });
  t.teardown(() => pool.end());
  t.same(
    await migrate(pool),
    (await readMigrations()).map((m) => m.version),
    'and it can be migrated',
  );
});
