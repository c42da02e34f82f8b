import t from 'tap';
import { inlineStatements, sqlLiteral } from './sqlText.ts';

t.test('values become literals the server reads back as the same values', async (t) => {
  t.equal(sqlLiteral(null), 'NULL');
  t.equal(sqlLiteral(undefined), 'NULL');
  t.equal(sqlLiteral(true), 'TRUE');
  t.equal(sqlLiteral(12.5), '12.5');
  t.equal(sqlLiteral("O'Brien"), "'O''Brien'", 'a quote is doubled');
  t.equal(sqlLiteral('a\\b'), " E'a\\\\b'", 'a backslash makes an escape string');
  t.equal(
    sqlLiteral(['withheld-wages', 'x"y']),
    String.raw` E'{"withheld-wages","x\\"y"}'`,
    'arrays as array literals (the escaped quote makes an escape string)',
  );
  t.equal(sqlLiteral([]), "'{}'");
  t.throws(() => sqlLiteral(Number.NaN), /cannot write NaN/);
  t.throws(() => sqlLiteral({ a: 1 }), /cannot write a object/);
});

t.test('placeholders are replaced by their own value, $1 never inside $10', async (t) => {
  const values = Array.from({ length: 11 }, (_, i) => `v${i + 1}`);
  t.equal(inlineStatements([{ text: 'SELECT $1, $10, $11', values }]), "SELECT 'v1', 'v10', 'v11'");
  t.equal(
    inlineStatements([{ text: 'INSERT INTO a VALUES ($1)', values: [1] }, { text: 'SELECT 1' }]),
    'INSERT INTO a VALUES (1);\nSELECT 1',
    'statements joined in order',
  );
  t.throws(() => inlineStatements([{ text: 'SELECT $2', values: [1] }]), /no parameter \$2/);
});
