/**
 * The raw baselines the system is compared with: bare fastify routes POST /agencies and POST /complaints
 * that do what the real routes cannot avoid — parse the body with the same zod schema, and one JetStream publish of a
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
import { applicationBodySchema, complaintBodySchema } from './lib/applicationSchema.ts';

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
app.get('/health', async () => ({ ok: true }));

await app.listen({ host: '127.0.0.1', port });
process.stdout.write(`baseline listening on ${port}\n`);

const stop = async () => {
  await app.close();
  await nc.drain().catch(() => {});
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
