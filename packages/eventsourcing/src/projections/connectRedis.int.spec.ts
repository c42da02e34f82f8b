import { REDIS_URL, uniqueNamespace } from '@kazi/testing';
import t from 'tap';
import { connectRedis } from './connectRedis.ts';

t.test('connectRedis connects, and commands of one tick share a round trip', async (t) => {
  const redis = await connectRedis(REDIS_URL);
  t.teardown(() => redis.disconnect());
  t.equal(redis.status, 'ready');
  t.equal(redis.options.enableAutoPipelining, true);
  const key = `${uniqueNamespace('redis')}:n`;
  t.teardown(() => redis.del(key));
  const replies = await Promise.all(Array.from({ length: 50 }, () => redis.incr(key)));
  t.same(
    replies.sort((a, b) => a - b),
    Array.from({ length: 50 }, (_, i) => i + 1),
    'every command answered, none lost',
  );
});

t.test('connectRedis fails at start when no server answers', async (t) => {
  await t.rejects(connectRedis('redis://127.0.0.1:1'));
});
