import { redisFixture, uniqueNamespace } from '@kazi/testing';
import t from 'tap';
import { createService } from './app.ts';
import { baseConfigSchema, loadConfig } from './config.ts';
import { createLogger } from './logging.ts';

/** Two replicas with one Redis count one limit: spreading guesses over replicas gains nothing. */
t.test('replicas sharing Redis share the public rate limit', async (t) => {
  const namespace = uniqueNamespace('rl');
  const redis = await redisFixture(t, namespace);
  const config = loadConfig(baseConfigSchema, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PUBLIC_RATE_LIMIT_PER_MINUTE: '3',
    KAZI_NAMESPACE: namespace,
  });
  const replica = () =>
    createService({
      name: 'complaints',
      config,
      logger: createLogger(config, 'rate-limit-test'),
      rateLimitRedis: redis,
      routes: (s) => {
        s.get('/public/complaints/status', { config: { auth: 'public' } }, async () => ({
          status: 'lodged',
        }));
      },
    });
  const [a, b] = [replica(), replica()];
  t.teardown(() => Promise.all([a.close(), b.close()]));
  const statuses: number[] = [];
  for (const app of [a, b, a, b])
    statuses.push((await app.inject({ method: 'GET', url: '/public/complaints/status' })).statusCode);
  t.same(statuses, [200, 200, 200, 429], 'the fourth request is refused, whichever replica gets it');
  const keys = await redis.keys(`${namespace}:rate-limit:*`);
  t.ok(keys.length > 0, 'the counters live under the namespace');
});
