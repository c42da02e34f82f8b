import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { createPool } from './database.ts';
import { databaseFixture } from './postgres.fixture.ts';

t.test('an idle connection the server ends is reported, and the next query opens another', async (t) => {
  const { url, pool: admin } = await databaseFixture(t, 'pgerr');
  const errors: string[] = [];
  const pool = createPool(url, {
    max: 1,
    applicationName: 'kazi-pool-error-test',
    onError: (e) => errors.push(e.message),
  });
  t.teardown(() => pool.end());
  const first = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const pid = first.rows[0]?.pid;
  // As a server restart or an administrator would: the pool's idle connection is ended under it.
  await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  for (let i = 0; i < 100 && errors.length === 0; i++) await sleep(20);
  t.match(errors, [/terminating connection/], 'the pool reported it (unheard, it would end the process)');
  const again = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  t.not(again.rows[0]?.pid, pid, 'a new connection answers');
});
