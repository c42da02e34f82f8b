/**
 * The raw baselines the system is compared with, in one bare fastify process:
 * - one-write (below): POST /agencies and POST /complaints
 * - same-writes (lib/sameWrites.ts): POST /same-writes/agencies and /same-writes/complaints, the same
 *   durable writes the system makes for one request, raw
 * - one Redis read: GET /public/lookup?q=, what a public read cannot avoid
 * - the status floor (lib/sameWrites.ts): GET /same-reads/status, one Redis read and the PIN's slow hash,
 *   what a status look-up cannot avoid
 *
 * The one-write routes do what the real routes cannot avoid — parse the body with the same zod schema, and one JetStream publish of a
 * commit to a fresh subject with `Nats-Expected-Last-Subject-Sequence: 0` (plus the Nats-Msg-Id and
 * Kazi-Version headers the event store sends) — and answers 201 with an id. No auth, no idempotency,
 * no identifier claims, no snapshots, no logging.
 *
 * Run by bench/run.ts as its own Node process: env PORT, BENCH_NAMESPACE, NATS_URL.
 */
import { randomUUID } from 'node:crypto';
import { encodeCommit, names, VERSION_HEADER } from '@kazi/eventsourcing';
import { jetstreamManager, StorageType } from '@nats-io/jetstream';
import { connect, headers, nanos } from '@nats-io/transport-node';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { applicationBodySchema, complaintBodySchema } from './lib/licenceApplicationSchema.ts';
import { sameWritesRoutes, statusFloorRoutes } from './lib/sameWrites.ts';

const namespace = process.env.BENCH_NAMESPACE;
const port = Number(process.env.PORT);
if (!namespace || !Number.isInteger(port)) throw new Error('baseline needs BENCH_NAMESPACE and PORT');

const CONTEXT = 'bench-baseline';
const nc = await connect({
  servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  name: `bench-baseline-${namespace}`,
  noAsyncTraces: true, // as the services connect (packages/messaging connectNats)
});
const jsm = await jetstreamManager(nc);
const stream = names.contextStream(namespace, CONTEXT);
// The same stream config the event store creates for a context.
await jsm.streams.add({
  name: stream,
  subjects: [names.contextSubjects(namespace, CONTEXT)],
  storage: StorageType.File,
  allow_direct: true,
  duplicate_window: nanos(120_000),
});
const js = jsm.jetstream();

const app = Fastify({ logger: false });
app.post('/agencies', async (request, reply) => {
  const parsed = applicationBodySchema.safeParse(request.body);
  if (!parsed.success)
    return reply.code(400).type('application/problem+json').send({ status: 400, title: 'bad body' });
  const id = randomUUID();
  const commandId = randomUUID();
  const streamName = `agency.${id}`;
  const h = headers();
  h.set(VERSION_HEADER, '1');
  await js.publish(
    names.aggregateSubject(namespace, CONTEXT, streamName),
    encodeCommit({
      events: [
        { id: randomUUID(), type: 'ke.nea.agency-registry.application-recorded.v1', data: parsed.data },
      ],
      metadata: { commandId, actor: 'bench', correlationId: commandId, time: new Date().toISOString() },
    }),
    { msgID: `${streamName}:${commandId}`, expect: { lastSubjectSequence: 0 }, headers: h },
  );
  return reply.code(201).send({ id, status: 'applied', version: 1 });
});
app.post('/complaints', async (request, reply) => {
  const parsed = complaintBodySchema.safeParse(request.body);
  if (!parsed.success)
    return reply.code(400).type('application/problem+json').send({ status: 400, title: 'bad body' });
  const id = randomUUID();
  const commandId = randomUUID();
  const streamName = `complaint.${id}`;
  const h = headers();
  h.set(VERSION_HEADER, '1');
  await js.publish(
    names.aggregateSubject(namespace, CONTEXT, streamName),
    encodeCommit({
      events: [{ id: randomUUID(), type: 'ke.nea.complaints.complaint-lodged.v1', data: parsed.data }],
      metadata: { commandId, actor: 'bench', correlationId: commandId, time: new Date().toISOString() },
    }),
    { msgID: `${streamName}:${commandId}`, expect: { lastSubjectSequence: 0 }, headers: h },
  );
  return reply.code(201).send({ id, status: 'lodged', version: 1 });
});
await sameWritesRoutes(app, nc, namespace);

// One Redis read per request, answered as JSON: the floor of a public read on this stack. The query is
// parsed with zod as the public routes parse theirs; the key read is one of a thousand written here.
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { enableAutoPipelining: true });
const lookupKey = (i: number) => `${namespace}:bench-baseline:agency:${i}`;
const LOOKUP_KEYS = 1000;
for (let i = 0; i < LOOKUP_KEYS; i++)
  await redis.set(
    lookupKey(i),
    JSON.stringify({ name: `Gulf Manpower Agency ${i}`, status: 'licensed', validUntil: '2027-12-31' }),
  );
const lookupQuery = z.object({ q: z.string().trim().max(100).optional() }).strict();
let lookups = 0;
app.get('/public/lookup', async (request, reply) => {
  const parsed = lookupQuery.safeParse(request.query);
  if (!parsed.success)
    return reply.code(400).type('application/problem+json').send({ status: 400, title: 'bad query' });
  lookups = (lookups + 1) % LOOKUP_KEYS;
  const found = await redis.get(lookupKey(lookups));
  return { items: found ? [JSON.parse(found)] : [] };
});

await statusFloorRoutes(app, redis, namespace);

app.get('/health', async () => ({ ok: true }));

await app.listen({ host: '127.0.0.1', port });
process.stdout.write(`baseline listening on ${port}\n`);

const stop = async () => {
  await app.close();
  redis.disconnect();
  await nc.drain().catch(() => {});
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
