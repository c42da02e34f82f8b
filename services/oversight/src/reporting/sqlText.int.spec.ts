import t from 'tap';
import { databaseFixture } from './postgres.fixture.ts';
import { inlineStatements } from './sqlText.ts';

t.test('inlined values reach the server unchanged, however they are quoted', async (t) => {
  const { pool } = await databaseFixture(t, 'sqltx');
  const tricky = ["O'Brien", 'back\\slash', 'quote"d', 'semi; DROP TABLE x; --', '$1', 'ümlaut ✓'];
  await pool.query('CREATE TABLE echo (n integer, s text, a text[], b boolean, d numeric)');
  await pool.query(
    inlineStatements(
      tricky.map((s, n) => ({
        text: 'INSERT INTO echo VALUES ($1, $2, $3::text[], $4, $5)',
        values: [n, s, [s, 'x'], n % 2 === 0, n + 0.25],
      })),
    ),
  );
  const { rows } = await pool.query('SELECT s, a, b, d::float AS d FROM echo ORDER BY n');
  t.same(
    rows,
    tricky.map((s, n) => ({ s, a: [s, 'x'], b: n % 2 === 0, d: n + 0.25 })),
  );
});
