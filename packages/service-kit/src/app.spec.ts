import { Counter, Registry } from 'prom-client';
import t from 'tap';
import { z } from 'zod';
import { createHostApp, createService } from './app.ts';
import { baseConfigSchema, loadConfig } from './config.ts';
import { createLogger } from './logging.ts';
import { PROBLEM_TYPE_BASE } from './problem.ts';

const config = loadConfig(baseConfigSchema, {
  NODE_ENV: 'test',
  KAZI_DEV: '1',
  LOG_LEVEL: 'silent',
  PUBLIC_RATE_LIMIT_PER_MINUTE: '3',
});
const logger = () => createLogger(config, 'app-test');

const complaints = {
  name: 'complaints',
  routes: (s: Parameters<Parameters<typeof createService>[0]['routes']>[0]) => {
    s.post(
      '/complaints',
      {
        config: { auth: { roles: ['hotline', 'nea-officer'] } },
        schema: {
          summary: 'Lodge a complaint',
          body: z.object({ narrative: z.string() }).strict(),
          response: { 201: z.object({ id: z.string() }) },
        },
      },
      async (_req, reply) => reply.code(201).send({ id: 'c1' }),
    );
    s.get('/public/complaints/status', { config: { auth: 'public' } }, async () => ({ status: 'lodged' }));
  },
};

t.test('/docs/json is OpenAPI 3.1 listing each route with its roles and the bearer scheme', async (t) => {
  const app = createService({ ...complaints, config, logger: logger() });
  const res = await app.inject({ method: 'GET', url: '/docs/json' });
  t.equal(res.statusCode, 200);
  const doc = res.json();
  t.match(doc.openapi, /^3\.1/);
  t.same(doc.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  const lodge = doc.paths['/complaints'].post;
  t.same(lodge['x-roles'], ['hotline', 'nea-officer']);
  t.same(lodge.security, [{ bearerAuth: [] }]);
  t.match(lodge.description, /one of the roles: hotline, nea-officer/);
  t.same(lodge.tags, ['complaints']);
  t.ok(
    lodge.requestBody.content['application/json'].schema.properties.narrative,
    'body schema comes from zod',
  );
  const status = doc.paths['/public/complaints/status'].get;
  t.same(status['x-roles'], []);
  t.match(status.description, /Public/);
  t.ok(doc.paths['/health/ready'], 'operations routes are documented too');

  const ui = await app.inject({ method: 'GET', url: '/docs' });
  t.ok(ui.statusCode < 400, 'the UI is served');
});

t.test('/health/ready is 503 naming the failing check; it shows names and states only', async (t) => {
  let redisUp = true;
  const app = createService({
    ...complaints,
    config,
    logger: logger(),
    readiness: [
      { name: 'nats', check: async () => {} },
      {
        name: 'redis',
        check: async () => {
          if (!redisUp) throw new Error('ECONNREFUSED');
        },
      },
    ],
  });
  t.equal((await app.inject({ method: 'GET', url: '/health/live' })).statusCode, 200);
  const ready = await app.inject({ method: 'GET', url: '/health/ready' });
  t.equal(ready.statusCode, 200);
  t.same(ready.json().checks, [
    { name: 'nats', state: 'ok' },
    { name: 'redis', state: 'ok' },
  ]);

  redisUp = false;
  const notReady = await app.inject({ method: 'GET', url: '/health/ready' });
  t.equal(notReady.statusCode, 503);
  t.match(notReady.headers['content-type'], /^application\/problem\+json/);
  t.equal(notReady.json().type, `${PROBLEM_TYPE_BASE}not-ready`);
  t.same(notReady.json().failing, [{ name: 'redis', state: 'failing' }]);
  t.same(notReady.json().checks, [
    { name: 'nats', state: 'ok' },
    { name: 'redis', state: 'failing' },
  ]);
  t.notMatch(notReady.body, /ECONNREFUSED/, "a dependency's error message is not shown to callers");
  t.equal((await app.inject({ method: 'GET', url: '/health/live' })).statusCode, 200, 'still live');
});

t.test('why a readiness check fails is logged for operators (the caller sees only the state)', async (t) => {
  const lines: string[] = [];
  const app = createService({
    ...complaints,
    config,
    logger: createLogger({ LOG_LEVEL: 'warn' }, 'app-test', {
      write: (line: string) => void lines.push(line),
    }),
    readiness: [
      { name: 'redis', check: async () => Promise.reject(new Error('ECONNREFUSED 10.0.0.7:6379')) },
    ],
  });
  const notReady = await app.inject({ method: 'GET', url: '/health/ready' });
  t.equal(notReady.statusCode, 503);
  t.notMatch(notReady.body, /ECONNREFUSED/);
  const logged = lines.map((line) => JSON.parse(line)).find((l) => l.msg === 'readiness check failing');
  t.match(logged, { check: 'redis', reason: 'ECONNREFUSED 10.0.0.7:6379' });
});

t.test('/metrics has default, http histogram and service metrics', async (t) => {
  const registry = new Registry();
  const lodged = new Counter({
    name: 'kazi_complaints_lodged_total',
    help: 'complaints lodged',
    registers: [registry],
  });
  lodged.inc();
  const app = createService({ ...complaints, config, logger: logger(), metrics: registry });
  await app.inject({ method: 'GET', url: '/public/complaints/status' });
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^text\/plain/);
  t.match(res.body, /process_cpu_user_seconds_total/);
  t.match(
    res.body,
    /http_request_duration_seconds_count\{method="GET",route="\/public\/complaints\/status",status_code="200"\} 1/,
  );
  t.match(res.body, /kazi_complaints_lodged_total 1/);
});

t.test('request and correlation ids are accepted or generated, and echoed', async (t) => {
  const app = createService({ ...complaints, config, logger: logger() });
  const given = await app.inject({
    method: 'GET',
    url: '/public/complaints/status',
    headers: { 'x-request-id': 'req-123', 'x-correlation-id': 'flow-9' },
  });
  t.equal(given.headers['x-request-id'], 'req-123');
  t.equal(given.headers['x-correlation-id'], 'flow-9');

  const generated = await app.inject({ method: 'GET', url: '/public/complaints/status' });
  t.match(generated.headers['x-request-id'], /^[0-9a-f-]{36}$/);
  t.equal(generated.headers['x-correlation-id'], generated.headers['x-request-id']);

  const unsafe = await app.inject({
    method: 'GET',
    url: '/nowhere',
    headers: { 'x-request-id': 'a b\u0007c' },
  });
  t.not(unsafe.headers['x-request-id'], 'a b\u0007c', 'unsafe ids are replaced');
  t.ok(unsafe.headers['x-request-id'], 'even a 404 carries the id');
});

t.test('public routes are rate limited per client with a 429 problem', async (t) => {
  const app = createService({ ...complaints, config, logger: logger() });
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) {
    statuses.push((await app.inject({ method: 'GET', url: '/public/complaints/status' })).statusCode);
  }
  t.same(statuses, [200, 200, 200, 429]);
  const limited = await app.inject({ method: 'GET', url: '/public/complaints/status' });
  t.equal(limited.json().type, `${PROBLEM_TYPE_BASE}rate-limited`);
  t.ok(limited.headers['retry-after']);
  const other = await app.inject({
    method: 'GET',
    url: '/public/complaints/status',
    remoteAddress: '10.0.0.9',
  });
  t.equal(other.statusCode, 200, 'another client is not affected');
});

t.test('a host mounts several services on one port; readiness covers them all', async (t) => {
  const host = createHostApp({
    name: 'kazi',
    config,
    logger: logger(),
    readiness: [{ name: 'nats', check: async () => {} }],
    services: [
      { ...complaints, prefix: '' },
      {
        name: 'blma-records',
        prefix: '/blmas',
        routes: (s) => {
          s.get('/', { config: { auth: { roles: ['mol-officer'] } } }, async () => ({ items: [] }));
        },
        readiness: [{ name: 'store', check: async () => Promise.reject(new Error('stream missing')) }],
      },
    ],
  });
  t.equal((await host.inject({ method: 'GET', url: '/public/complaints/status' })).statusCode, 200);
  t.equal((await host.inject({ method: 'GET', url: '/blmas' })).statusCode, 401);
  const ready = await host.inject({ method: 'GET', url: '/health/ready' });
  t.equal(ready.statusCode, 503);
  t.same(
    ready.json().failing.map((f: { name: string }) => f.name),
    ['blma-records/store'],
  );
  const doc = (await host.inject({ method: 'GET', url: '/docs/json' })).json();
  t.same(doc.paths['/blmas/'].get.tags, ['blma-records']);
  t.same(doc.paths['/complaints'].post.tags, ['complaints']);
});
