import t from 'tap';
import { z } from 'zod';
import { createService } from './app.ts';
import { signDevToken } from './auth.ts';
import { baseConfigSchema, loadConfig } from './config.ts';
import {
  canonicalJson,
  hashRequestBody,
  IdempotencyKeyReusedError,
  MemoryIdempotencyStore,
  withIdempotency,
} from './idempotency.ts';
import { replyIdempotently } from './idempotentReply.ts';
import { createLogger } from './logging.ts';
import { PROBLEM_TYPE_BASE } from './problem.ts';

const request = (key: string, body: unknown) => ({
  key,
  scope: 'POST /complaints hotline-1',
  requestHash: hashRequestBody(body),
});

t.test('the same body hashes the same whatever its key order', async (t) => {
  t.equal(
    canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } }),
    '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}',
  );
  t.equal(hashRequestBody({ a: 1, b: 2 }), hashRequestBody({ b: 2, a: 1 }));
});

t.test('a repeat gets the first response; the work runs once', async (t) => {
  const store = new MemoryIdempotencyStore();
  let runs = 0;
  const work = async () => ({ status: 201, body: { id: `c${++runs}` } });
  const first = await withIdempotency(store, request('k1', { n: 1 }), work);
  const again = await withIdempotency(store, request('k1', { n: 1 }), work);
  t.same(first, { status: 201, body: { id: 'c1' }, replayed: false });
  t.same(again, { status: 201, body: { id: 'c1' }, replayed: true });
  t.equal(runs, 1);
});

t.test('the same key with another body is refused', async (t) => {
  const store = new MemoryIdempotencyStore();
  await withIdempotency(store, request('k1', { n: 1 }), async () => ({ status: 201, body: {} }));
  await t.rejects(
    withIdempotency(store, request('k1', { n: 2 }), async () => ({ status: 201, body: {} })),
    IdempotencyKeyReusedError,
  );
});

t.test('keys are scoped: another caller may use the same key', async (t) => {
  const store = new MemoryIdempotencyStore();
  await withIdempotency(store, request('k1', { n: 1 }), async () => ({ status: 201, body: { id: 'a' } }));
  const other = await withIdempotency(
    store,
    { ...request('k1', { n: 2 }), scope: 'POST /complaints hotline-2' },
    async () => ({
      status: 201,
      body: { id: 'b' },
    }),
  );
  t.same(other.body, { id: 'b' });
});

t.test('a failed first attempt releases the key so a retry runs', async (t) => {
  const store = new MemoryIdempotencyStore();
  await t.rejects(
    withIdempotency(store, request('k1', { n: 1 }), async () => {
      throw new Error('store unavailable');
    }),
    /store unavailable/,
  );
  const retry = await withIdempotency(store, request('k1', { n: 1 }), async () => ({
    status: 201,
    body: { id: 'c9' },
  }));
  t.same(retry, { status: 201, body: { id: 'c9' }, replayed: false });
});

t.test('a claim abandoned by a crashed process is taken over after its lease', async (t) => {
  const store = new MemoryIdempotencyStore();
  let clock = 1_000;
  const now = () => clock;
  const key = request('k1', { n: 1 });
  // A process claimed the key and died before finishing.
  await store.create(
    (await import('node:crypto')).createHash('sha256').update(`${key.scope}\n${key.key}`).digest('hex'),
    { state: 'pending', requestHash: key.requestHash, claimedAt: clock },
  );
  clock += 60_000;
  const result = await withIdempotency(store, key, async () => ({ status: 201, body: { id: 'c2' } }), {
    now,
    leaseMs: 30_000,
  });
  t.same(result.body, { id: 'c2' });
});

t.test('over HTTP: Idempotency-Key repeats return the same id; another body is a 422 problem', async (t) => {
  const config = loadConfig(baseConfigSchema, { NODE_ENV: 'test', KAZI_DEV: '1', LOG_LEVEL: 'silent' });
  const store = new MemoryIdempotencyStore();
  let next = 0;
  const app = createService({
    name: 'idem',
    config,
    logger: createLogger(config, 'idem'),
    routes: (s) => {
      s.post(
        '/complaints',
        {
          config: { auth: { roles: ['hotline'] } },
          schema: { body: z.object({ narrative: z.string() }).strict() },
        },
        (req, reply) =>
          replyIdempotently(req, reply, store, async () => {
            next += 1;
            return { status: 201, body: { id: `c${next}` }, headers: { location: `/complaints/c${next}` } };
          }),
      );
    },
  });
  const headers = {
    authorization: `Bearer ${await signDevToken({ roles: ['hotline'] }, config)}`,
    'idempotency-key': 'call-77',
  };
  const first = await app.inject({
    method: 'POST',
    url: '/complaints',
    headers,
    payload: { narrative: 'x' },
  });
  const repeat = await app.inject({
    method: 'POST',
    url: '/complaints',
    headers,
    payload: { narrative: 'x' },
  });
  t.equal(first.statusCode, 201);
  t.equal(repeat.statusCode, 201);
  t.same(repeat.json(), first.json());
  t.equal(repeat.headers.location, '/complaints/c1');
  t.equal(repeat.headers['idempotent-replayed'], 'true');

  const reused = await app.inject({
    method: 'POST',
    url: '/complaints',
    headers,
    payload: { narrative: 'y' },
  });
  t.equal(reused.statusCode, 422);
  t.equal(reused.json().type, `${PROBLEM_TYPE_BASE}idempotency-key-reused`);

  const { 'idempotency-key': _, ...withoutKey } = headers;
  const fresh = await app.inject({
    method: 'POST',
    url: '/complaints',
    headers: withoutKey,
    payload: { narrative: 'x' },
  });
  t.same(fresh.json(), { id: 'c2' }, 'without a key every request runs');
});

t.test('over HTTP: a key is scoped to the resource, not the route pattern', async (t) => {
  const config = loadConfig(baseConfigSchema, { NODE_ENV: 'test', KAZI_DEV: '1', LOG_LEVEL: 'silent' });
  const store = new MemoryIdempotencyStore();
  const ran: string[] = [];
  const app = createService({
    name: 'idem',
    config,
    logger: createLogger(config, 'idem'),
    routes: (s) => {
      s.post(
        '/agreements/:id/meetings',
        {
          config: { auth: { roles: ['mol-officer'] } },
          schema: { params: z.object({ id: z.string() }), body: z.object({ date: z.string() }).strict() },
        },
        (req, reply) =>
          replyIdempotently(req, reply, store, async () => {
            ran.push(req.params.id);
            return { status: 201, body: { agreement: req.params.id } };
          }),
      );
    },
  });
  const headers = {
    authorization: `Bearer ${await signDevToken({ roles: ['mol-officer'] }, config)}`,
    'idempotency-key': 'meeting-2026-03-01',
  };
  const payload = { date: '2026-03-01' };
  const qatar = await app.inject({ method: 'POST', url: '/agreements/qa/meetings', headers, payload });
  const saudi = await app.inject({ method: 'POST', url: '/agreements/sa/meetings', headers, payload });
  t.same(qatar.json(), { agreement: 'qa' });
  t.same(saudi.json(), { agreement: 'sa' }, "the second agreement's own answer, not the first's replayed");
  t.same(ran, ['qa', 'sa']);
});
