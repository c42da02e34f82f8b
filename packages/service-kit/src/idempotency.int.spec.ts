import { natsFixture, uniqueNamespace } from '@kazi/test-servers';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import t from 'tap';
import { hashRequestBody, IdempotencyKeyReusedError, withIdempotency } from './idempotency.ts';
import { IDEMPOTENCY_MAX_AGE_MS, KvIdempotencyStore } from './kvIdempotencyStore.ts';

t.test('30 concurrent calls with one key run the work once and all get the same response', async (t) => {
  const ns = uniqueNamespace('idem');
  const nc = await natsFixture(t, ns);
  const store = await KvIdempotencyStore.open(nc, ns);
  const body = { complainant: { fullName: 'A' }, narrative: 'n' };
  const request = {
    key: 'hotline-call-1',
    scope: 'POST /complaints hotline',
    requestHash: hashRequestBody(body),
  };
  let runs = 0;
  const work = async () => {
    runs += 1;
    await new Promise((resolve) => setTimeout(resolve, 50)); // long enough for the others to arrive while pending
    return { status: 201, body: { id: `complaint-${runs}`, reference: 'NEA-2026-000001' } };
  };
  const results = await Promise.all(Array.from({ length: 30 }, () => withIdempotency(store, request, work)));
  t.equal(runs, 1, 'the work ran exactly once');
  t.same(new Set(results.map((r) => JSON.stringify(r.body))).size, 1, 'every caller got the same body');
  t.same(results[0]?.body, { id: 'complaint-1', reference: 'NEA-2026-000001' });
  t.equal(results.filter((r) => !r.replayed).length, 1, 'one original, 29 replays');

  await t.rejects(
    withIdempotency(store, { ...request, requestHash: hashRequestBody({ other: true }) }, work),
    IdempotencyKeyReusedError,
  );
});

t.test('a failed attempt releases the key in the bucket', async (t) => {
  const ns = uniqueNamespace('idem');
  const nc = await natsFixture(t, ns);
  const store = await KvIdempotencyStore.open(nc, ns);
  const request = { key: 'k', scope: 's', requestHash: hashRequestBody({}) };
  await t.rejects(
    withIdempotency(store, request, async () => Promise.reject(new Error('boom'))),
    /boom/,
  );
  const retry = await withIdempotency(store, request, async () => ({ status: 201, body: { id: 'x' } }));
  t.same(retry, { status: 201, body: { id: 'x' }, replayed: false });
});

t.test('the bucket is <ns>-idempotency, file storage, history 1, kept at least 48 h', async (t) => {
  const ns = uniqueNamespace('idem');
  const nc = await natsFixture(t, ns);
  await KvIdempotencyStore.open(nc, ns);
  const status = await (await new Kvm(nc).open(`${ns}-idempotency`)).status();
  t.equal(status.history, 1);
  t.ok(status.ttl >= IDEMPOTENCY_MAX_AGE_MS);
  const info = await (await jetstreamManager(nc)).streams.info(`KV_${ns}-idempotency`);
  t.equal(info.config.storage, 'file');
});
