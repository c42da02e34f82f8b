import { OverloadedError } from '@kazi/core';
import { REDIS_URL, uniqueNamespace } from '@kazi/test-servers';
import t from 'tap';
import { type BoundedRedis, connectRedis } from './connectRedis.ts';

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

t.test(
  'commands waiting for a slow Redis are bounded: beyond the limit they are refused, not queued',
  async (t) => {
    const redis = await connectRedis(REDIS_URL, { maxQueuedCommands: 5 });
    t.teardown(() => redis.disconnect());
    const key = `${uniqueNamespace('redis')}:n`;
    t.teardown(() => redis.del(key));
    // Replies stop being read, as when Redis is slow: what was sent stays queued in the client.
    redis.stream.pause();
    const admitted = [1, 2, 3, 4, 5].map(() => redis.incr(key));
    await new Promise((resolve) => setImmediate(resolve));
    await t.rejects(redis.incr(key), OverloadedError, 'a sixth command is refused');
    await t.rejects(
      redis.pipeline().incr(key).incr(key).exec(),
      OverloadedError,
      'a pipeline is refused whole',
    );
    t.equal((redis as BoundedRedis).queuedCommands, 5, 'nothing beyond the limit was queued');

    redis.stream.resume();
    t.same((await Promise.all(admitted)).sort(), [1, 2, 3, 4, 5], 'the admitted ones were answered');
    t.equal(await redis.incr(key), 6, 'once answered, commands are accepted again; none refused was run');
  },
);
