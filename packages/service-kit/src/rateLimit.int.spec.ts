import { redisFixture, uniqueNamespace } from '@kazi/test-servers';
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
    KAZI_DEV: '1',
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

/** The public limits count per `request.ip`: X-Forwarded-For may set it only when a trusted proxy sends it. */
t.test('X-Forwarded-For counts only from TRUSTED_PROXIES', async (t) => {
  const namespace = uniqueNamespace('xff');
  const redis = await redisFixture(t, namespace);
  const app = (TRUSTED_PROXIES?: string) => {
    const config = loadConfig(baseConfigSchema, {
      NODE_ENV: 'test',
      KAZI_DEV: '1',
      LOG_LEVEL: 'silent',
      PUBLIC_RATE_LIMIT_PER_MINUTE: '2',
      KAZI_NAMESPACE: namespace,
      TRUSTED_PROXIES,
    });
    return createService({
      name: TRUSTED_PROXIES ? 'behind-proxy' : 'direct',
      config,
      logger: createLogger(config, 'xff-test'),
      rateLimitRedis: redis,
      routes: (s) => {
        s.get('/public/complaints/status', { config: { auth: 'public' } }, async (request) => ({
          ip: request.ip,
        }));
      },
    });
  };
  const [direct, behindProxy] = [app(), app('10.0.0.0/8')];
  t.teardown(() => Promise.all([direct.close(), behindProxy.close()]));
  const from = (server: ReturnType<typeof app>, peer: string, forwardedFor: string) =>
    server.inject({
      method: 'GET',
      url: '/public/complaints/status',
      remoteAddress: peer,
      headers: { 'x-forwarded-for': forwardedFor },
    });

  const untrusted = [];
  for (const client of ['198.51.100.1', '198.51.100.2', '198.51.100.3'])
    untrusted.push(await from(direct, '203.0.113.9', client));
  t.same(
    untrusted.map((r) => r.statusCode),
    [200, 200, 429],
    'from an untrusted peer, a new X-Forwarded-For each time still counts against the one peer',
  );
  t.equal(untrusted[0]?.json().ip, '203.0.113.9', 'the header is ignored');

  const trusted = [];
  for (const client of ['198.51.100.1', '198.51.100.1', '198.51.100.2', '198.51.100.2'])
    trusted.push(await from(behindProxy, '10.1.2.3', client));
  t.same(
    trusted.map((r) => r.statusCode),
    [200, 200, 200, 200],
    'from a trusted proxy, each forwarded client counts apart',
  );
  t.equal(trusted[0]?.json().ip, '198.51.100.1', 'the client is the forwarded address');
  t.equal(
    (await from(behindProxy, '10.1.2.3', '198.51.100.1')).statusCode,
    429,
    "the client's own limit holds",
  );
  const spoofed = await from(behindProxy, '192.0.2.50', '198.51.100.9');
  t.equal(spoofed.json().ip, '192.0.2.50', 'a peer outside TRUSTED_PROXIES cannot name a client');
});
