import { redisFixture, uniqueNamespace } from '@kazi/test-servers';
import t from 'tap';
import { readHashes, readHashFields } from './readModel.ts';

t.test('many hashes in one pipeline, in order, typed by a parse', async (t) => {
  const ns = uniqueNamespace('rh');
  const redis = await redisFixture(t, ns);
  await redis.hset(`${ns}:a`, { id: 'a', n: '1' });
  await redis.hset(`${ns}:c`, { id: 'c', n: '3' });
  const keys = [`${ns}:c`, `${ns}:missing`, `${ns}:a`];
  t.same(await readHashes(redis, keys), [{ id: 'c', n: '3' }, {}, { id: 'a', n: '1' }]);
  t.same(await readHashes(redis, keys, (h) => (h.id ? { id: h.id, n: Number(h.n) } : undefined)), [
    { id: 'c', n: 3 },
    undefined,
    { id: 'a', n: 1 },
  ]);
  t.same(await readHashFields(redis, keys, ['n', 'other']), [
    { n: '3', other: undefined },
    { n: undefined, other: undefined },
    { n: '1', other: undefined },
  ]);
  t.same(await readHashes(redis, []), [], 'no keys, no round trip');
});

t.test('a field named like a built-in property is read as data, as HGETALL answers it', async (t) => {
  const ns = uniqueNamespace('rh');
  const redis = await redisFixture(t, ns);
  await redis.hset(`${ns}:odd`, '__proto__', 'p', 'constructor', 'c', 'toString', 's');
  const [odd] = await readHashes(redis, [`${ns}:odd`]);
  t.same(Object.entries(odd ?? {}).sort(), [
    ['__proto__', 'p'],
    ['constructor', 'c'],
    ['toString', 's'],
  ]);
  t.equal(Object.getPrototypeOf(odd), Object.prototype, 'the row is a plain object still');
});
