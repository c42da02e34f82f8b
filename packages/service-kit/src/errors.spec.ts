import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { ConcurrencyError, DomainError, NotFoundError } from '@kazi/core';
import t from 'tap';
import { z } from 'zod';
import { createService, type ServiceApp } from './app.ts';
import { baseConfigSchema, loadConfig } from './config.ts';
import { createLogger } from './logging.ts';
import { PROBLEM_TYPE_BASE } from './problem.ts';

const config = loadConfig(baseConfigSchema, {
  NODE_ENV: 'test',
  KAZI_DEV: '1',
  LOG_LEVEL: 'silent',
  BODY_LIMIT_BYTES: '2048',
});

const agencyBody = z
  .object({
    name: z.string().min(1),
    kraPin: z.string().regex(/^[A-Z]\d{9}[A-Z]$/, 'must be a KRA PIN such as P051234567X'),
    directors: z
      .array(z.object({ fullName: z.string(), nationalId: z.string().regex(/^\d{7,8}$/) }).strict())
      .min(1),
  })
  .strict();

function app(): ServiceApp {
  return createService({
    name: 'errors-test',
    config,
    logger: createLogger(config, 'errors-test'),
    routes: (s) => {
      s.post('/agencies', { config: { auth: 'public' }, schema: { body: agencyBody } }, async (req, reply) =>
        reply.code(201).send({ id: 'a1', name: req.body.name }),
      );
      s.get(
        '/agencies/:id',
        { config: { auth: 'public' }, schema: { params: z.object({ id: z.string() }) } },
        async (req) => {
          throw new NotFoundError('agency', req.params.id);
        },
      );
      s.post('/stale', { config: { auth: 'public' } }, async () => {
        throw new ConcurrencyError('agency-1', 3, 5);
      });
      s.post('/rule', { config: { auth: 'public' } }, async () => {
        throw new DomainError('four-eyes-rule', 'the approver vetted this application', 'invalid');
      });
      s.get('/boom', { config: { auth: 'public' } }, async () => {
        throw new Error('connection string postgres://secret@db');
      });
    },
  });
}

const valid = {
  name: 'Acme',
  kraPin: 'P051234567X',
  directors: [{ fullName: 'Jane Doe', nationalId: '12345678' }],
};

t.test('validation errors are a 400 problem naming each field', async (t) => {
  const res = await app().inject({
    method: 'POST',
    url: '/agencies',
    payload: {
      ...valid,
      kraPin: 'nope',
      directors: [{ fullName: 'J', nationalId: 'x', extra: 1 }],
      surprise: true,
    },
  });
  t.equal(res.statusCode, 400);
  t.match(res.headers['content-type'], /^application\/problem\+json/);
  const body = res.json();
  t.equal(body.type, `${PROBLEM_TYPE_BASE}validation-failed`);
  t.equal(body.instance, '/agencies');
  const paths = body.errors.map((e: { path: string }) => e.path).sort();
  t.same(paths, ['directors.0.extra', 'directors.0.nationalId', 'kraPin', 'surprise']);
  t.match(body.errors.find((e: { path: string }) => e.path === 'kraPin').message, /KRA PIN/);
});

t.test('malformed JSON is a 400 malformed-json problem', async (t) => {
  const res = await app().inject({
    method: 'POST',
    url: '/agencies',
    headers: { 'content-type': 'application/json' },
    payload: '{"name": ',
  });
  t.equal(res.statusCode, 400);
  t.equal(res.json().type, `${PROBLEM_TYPE_BASE}malformed-json`);
});

t.test("a URL the router cannot read is a problem too, never fastify's own JSON", async (t) => {
  const badEncoding = await app().inject({ method: 'GET', url: '/agencies/%ZZ' });
  t.equal(badEncoding.statusCode, 400);
  t.match(badEncoding.headers['content-type'], /^application\/problem\+json/);
  t.match(badEncoding.json(), { type: `${PROBLEM_TYPE_BASE}malformed-url`, status: 400 });

  const tooLong = await app().inject({ method: 'GET', url: `/agencies/${'a'.repeat(3000)}` });
  t.equal(tooLong.statusCode, 414);
  t.match(tooLong.headers['content-type'], /^application\/problem\+json/);
  t.match(tooLong.json(), { type: `${PROBLEM_TYPE_BASE}uri-too-long`, status: 414 });
});

t.test(
  'a request the HTTP parser refuses is answered with a problem and the connection closed',
  async (t) => {
    const server = app();
    await server.listen({ port: 0, host: '127.0.0.1' });
    t.teardown(() => server.close());
    const { port } = server.server.address() as AddressInfo;
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        let received = '';
        const socket = connect(port, '127.0.0.1', () => socket.write(request));
        socket.on('data', (chunk) => (received += chunk.toString()));
        socket.on('close', () => resolve(received));
        socket.on('error', reject);
      });
    const answer = (response: string) => {
      const [head = '', body = ''] = response.split('\r\n\r\n');
      return { statusLine: head.split('\r\n')[0], head, problem: JSON.parse(body) };
    };

    const garbage = answer(await raw('NOT HTTP AT ALL\r\n\r\n'));
    t.equal(garbage.statusLine, 'HTTP/1.1 400 Bad Request');
    t.match(garbage.head, /Content-Type: application\/problem\+json/);
    t.match(garbage.problem, { type: `${PROBLEM_TYPE_BASE}malformed-request`, status: 400 });

    const hugeHeaders = answer(
      await raw(`GET /agencies/a1 HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`),
    );
    t.equal(hugeHeaders.statusLine, 'HTTP/1.1 431 Request Header Fields Too Large');
    t.match(hugeHeaders.problem, { type: `${PROBLEM_TYPE_BASE}headers-too-large`, status: 431 });
  },
);

t.test('an empty JSON body is a 400 missing-body problem', async (t) => {
  const res = await app().inject({
    method: 'POST',
    url: '/agencies',
    headers: { 'content-type': 'application/json' },
    payload: '',
  });
  t.equal(res.statusCode, 400);
  t.equal(res.json().type, `${PROBLEM_TYPE_BASE}missing-body`);
});

t.test('a body that is not JSON is a 415 problem', async (t) => {
  for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
    const res = await app().inject({
      method: 'POST',
      url: '/agencies',
      headers: { 'content-type': contentType },
      payload: 'name=Acme',
    });
    t.equal(res.statusCode, 415, contentType);
    t.equal(res.json().type, `${PROBLEM_TYPE_BASE}unsupported-media-type`);
  }
});

t.test('a body over the configured limit is a 413 problem', async (t) => {
  const res = await app().inject({
    method: 'POST',
    url: '/agencies',
    payload: { ...valid, name: 'x'.repeat(4096) },
  });
  t.equal(res.statusCode, 413);
  t.equal(res.json().type, `${PROBLEM_TYPE_BASE}payload-too-large`);
});

t.test('an unknown route is a 404 problem', async (t) => {
  const res = await app().inject({ method: 'GET', url: '/nowhere?x=1' });
  t.equal(res.statusCode, 404);
  t.match(res.headers['content-type'], /^application\/problem\+json/);
  t.equal(res.json().type, `${PROBLEM_TYPE_BASE}route-not-found`);
  t.equal(res.json().instance, '/nowhere?x=1');
});

t.test('domain errors keep their status and type', async (t) => {
  const a = app();
  const notFound = await a.inject({ method: 'GET', url: '/agencies/a9' });
  t.equal(notFound.statusCode, 404);
  t.equal(notFound.json().type, `${PROBLEM_TYPE_BASE}not-found`);

  const stale = await a.inject({ method: 'POST', url: '/stale' });
  t.equal(stale.statusCode, 409);
  t.equal(stale.json().type, `${PROBLEM_TYPE_BASE}stale-version`);
  t.equal(stale.json().currentVersion, 5);

  const rule = await a.inject({ method: 'POST', url: '/rule' });
  t.equal(rule.statusCode, 422);
  t.equal(rule.json().type, `${PROBLEM_TYPE_BASE}four-eyes-rule`);
  t.equal(rule.json().detail, 'the approver vetted this application');
});

t.test('an unexpected error is a 500 problem that leaks nothing', async (t) => {
  const res = await app().inject({ method: 'GET', url: '/boom' });
  t.equal(res.statusCode, 500);
  t.equal(res.json().type, `${PROBLEM_TYPE_BASE}internal`);
  t.notMatch(res.body, /postgres|secret/);
});

t.test('a valid body passes', async (t) => {
  const res = await app().inject({ method: 'POST', url: '/agencies', payload: valid });
  t.equal(res.statusCode, 201);
  t.same(res.json(), { id: 'a1', name: 'Acme' });
});
