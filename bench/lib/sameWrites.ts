/**
 * Same-writes baselines: bare routes that parse with the real zod schema and make the same durable
 * JetStream writes the system makes for one request, raw with nats.js, in streams and KV buckets
 * configured as the system's are, overlapping what does not depend on each other — and nothing else (no
 * auth, no logging, no sealing, no read models, no relay). What the system keeps of these is what its
 * own machinery costs on top of the writes it guarantees (docs/performance.md).
 *
 * POST /same-writes/agencies — an application's five writes:
 *   the two identifier claims (commits to new subjects, expected sequence 0) and the director's key (a
 *   KV put with previous sequence 0) together; then the commit; then the integration event.
 * POST /same-writes/complaints — a lodging's five writes and the PIN hash:
 *   the idempotency claim (KV create); then the complainant's key (KV put, previous sequence 0) and the
 *   scrypt hash of a tracking PIN together; the commit; then the idempotency completion (KV update on the
 *   claim's revision) and the integration event together. (The system also appends a block of 20
 *   references once every 20 lodgings, 0.05 of a write, left out here.)
 * POST /same-writes/cases/:id/updates — a case update's writes (attaché cases, issue 11):
 *   the commit on the case's stream, expecting the subject's last sequence as this process last wrote it
 *   (the system's command handler appends on its cached state the same way); then the integration event
 *   (the relay's `case-updated`); and on every 8th commit of a case a snapshot (a KV put the command
 *   handler does not wait for: DEFAULT_SNAPSHOT_EVERY). The note the system seals under the worker's key
 *   (a key the opening already stored: no write) is kept as sent. Answers as the route does, the version
 *   being the body's expectedVersion + 1.
 *
 * GET /same-reads/status?reference=&pin= — the least a public status look-up costs by design (ADR 0006):
 *   one Redis GET of the reference's PIN hash and one scrypt verification at the system's default cost,
 *   answered as the route does. No rate limit, no wrong-PIN counter, no read of the complaint's stream.
 *
 * Everything lives under `<namespace>-sw`, so nothing mixes with the system's own streams and buckets
 * and the namespace clean-up still deletes it.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { identifierStream } from '@kazi/agency-registry/domain';
import { CaseEventType, caseUpdateInputSchema, updateIdSchema } from '@kazi/attache-cases/domain';
import { hashTrackingPin, newTrackingPin, verifyTrackingPin } from '@kazi/complaints';
import { CaseUpdated } from '@kazi/contracts';
import { DEFAULT_SNAPSHOT_EVERY, encodeCommit, names, VERSION_HEADER } from '@kazi/eventsourcing';
import { ensureIntegrationStreams } from '@kazi/messaging';
import { expectedVersionField } from '@kazi/service-kit';
import {
  DiscardPolicy,
  type JetStreamClient,
  type JetStreamManager,
  jetstreamManager,
  StorageType,
} from '@nats-io/jetstream';
import { headers, type NatsConnection, nanos } from '@nats-io/transport-node';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { defaultPinHashCost } from './complaintsDefaults.ts';
import { applicationBodySchema, complaintBodySchema } from './licenceApplicationSchema.ts';

const REGISTRY = 'agency-registry';
const COMPLAINTS = 'complaints';
const ATTACHE_CASES = 'attache-cases';
/** The body of POST /cases/:id/updates, built as the route builds it (attache-cases http/schemas.ts). */
const caseUpdateBodySchema = caseUpdateInputSchema({
  expectedVersion: expectedVersionField,
  updateId: updateIdSchema,
});
/** At least the 24 h the API promises, as the idempotency store keeps them (packages/service-kit). */
const IDEMPOTENCY_TTL_MS = 48 * 60 * 60_000;

/**
 * A KV bucket written raw: a KV put is a publish to `$KV.<bucket>.<key>`, and `previousSeq` /
 * `kv.create` / `kv.update` are the expected last subject sequence (0 for a new key, the revision for an
 * update). The bucket's stream is configured as nats.js's Kvm.create configures it.
 */
class RawBucket {
  private constructor(
    private readonly js: JetStreamClient,
    private readonly bucket: string,
  ) {}

  static async create(jsm: JetStreamManager, bucket: string, ttlMs = 0): Promise<RawBucket> {
    await jsm.streams.add({
      name: `KV_${bucket}`,
      subjects: [`$KV.${bucket}.>`],
      max_msgs_per_subject: 1, // history 1
      discard: DiscardPolicy.New,
      allow_rollup_hdrs: true,
      deny_delete: true,
      allow_direct: true,
      storage: StorageType.File,
      num_replicas: 1,
      ...(ttlMs > 0 ? { max_age: nanos(ttlMs), duplicate_window: nanos(Math.min(ttlMs, 120_000)) } : {}),
    });
    return new RawBucket(jsm.jetstream(), bucket);
  }

  /** Writes the key if it has no value yet (kv.create, or kv.put with previousSeq 0); its revision. */
  async create(key: string, value: string): Promise<number> {
    return (await this.js.publish(`$KV.${this.bucket}.${key}`, value, { expect: { lastSubjectSequence: 0 } }))
      .seq;
  }

  /** Writes the key if its revision is still `revision` (kv.update). */
  async update(key: string, value: string, revision: number): Promise<number> {
    return (
      await this.js.publish(`$KV.${this.bucket}.${key}`, value, { expect: { lastSubjectSequence: revision } })
    ).seq;
  }

  /** Writes the key whatever it held (kv.put), as a snapshot store does. */
  async put(key: string, value: string): Promise<number> {
    return (await this.js.publish(`$KV.${this.bucket}.${key}`, value)).seq;
  }
}

interface Stores {
  ns: string;
  js: JetStreamClient;
  directorKeys: RawBucket;
  complainantKeys: RawBucket;
  idempotency: RawBucket;
  caseSnapshots: RawBucket;
}

async function openStores(nc: NatsConnection, namespace: string): Promise<Stores> {
  const ns = `${namespace}-sw`;
  const jsm = await jetstreamManager(nc);
  for (const context of [REGISTRY, COMPLAINTS, ATTACHE_CASES]) {
    // As the event store creates a context's stream (packages/eventsourcing JetStreamEventStore.create).
    await jsm.streams.add({
      name: names.contextStream(ns, context),
      subjects: [names.contextSubjects(ns, context)],
      storage: StorageType.File,
      allow_direct: true,
      duplicate_window: nanos(120_000),
    });
  }
  await ensureIntegrationStreams(nc, ns);
  // The buckets openServiceVault and KvIdempotencyStore create (history 1, file storage).
  const keys = (context: string) => RawBucket.create(jsm, names.kvBucket(ns, `${context}-subject-keys`));
  return {
    ns,
    js: jsm.jetstream(),
    directorKeys: await keys(REGISTRY),
    complainantKeys: await keys(COMPLAINTS),
    idempotency: await RawBucket.create(jsm, names.kvBucket(ns, 'idempotency'), IDEMPOTENCY_TTL_MS),
    // As KvSnapshotStore creates a context's snapshot bucket (history 1, file storage).
    caseSnapshots: await RawBucket.create(jsm, names.kvBucket(ns, `snapshots-${ATTACHE_CASES}`)),
  };
}

/** A wrapped data key's size and shape: `{ v, kid, iv, key }` (packages/personal-data). */
const wrappedKey = () =>
  JSON.stringify({
    v: 1,
    kid: 'k1',
    iv: randomBytes(12).toString('base64url'),
    key: randomBytes(48).toString('base64url'),
  });

const kvKeyOf = (subject: string) => Buffer.from(subject, 'utf8').toString('base64url');

/** One commit to a new aggregate stream, as the event store appends it. */
function appendNew(s: Stores, context: string, streamName: string, type: string, data: unknown) {
  return appendAt(s, context, streamName, type, data, { version: 1, lastSeq: 0 });
}

/**
 * One commit of one event, as the event store appends it: the stream's version after it in the version
 * header, and the expectation that the subject's last sequence is still `lastSeq` (0: a new stream).
 */
function appendAt(
  s: Stores,
  context: string,
  streamName: string,
  type: string,
  data: unknown,
  at: { version: number; lastSeq: number },
) {
  const commandId = randomUUID();
  const h = headers();
  h.set(VERSION_HEADER, String(at.version));
  return s.js.publish(
    names.aggregateSubject(s.ns, context, streamName),
    encodeCommit({
      events: [{ id: randomUUID(), type, data }],
      metadata: { commandId, actor: 'bench', correlationId: commandId, time: new Date().toISOString() },
    }),
    { msgID: `${streamName}:${commandId}`, expect: { lastSubjectSequence: at.lastSeq }, headers: h },
  );
}

/** One integration event, as the relay publishes it: the event id is its msg id. */
function publishIntegration(s: Stores, type: string, data: unknown) {
  const id = randomUUID();
  return s.js.publish(
    names.integrationSubject(s.ns, type),
    JSON.stringify({ specversion: '1.0', id, type, source: 'bench', time: new Date().toISOString(), data }),
    { msgID: id },
  );
}

export async function sameWritesRoutes(app: FastifyInstance, nc: NatsConnection, namespace: string) {
  const s = await openStores(nc, namespace);
  const pinCost = defaultPinHashCost();

  app.post('/same-writes/agencies', async (request, reply) => {
    const parsed = applicationBodySchema.safeParse(request.body);
    if (!parsed.success)
      return reply.code(400).type('application/problem+json').send({ status: 400, title: 'bad body' });
    const body = parsed.data;
    const id = randomUUID();
    await Promise.all([
      appendNew(s, REGISTRY, identifierStream('registration-number', body.registrationNumber), 'claimed', {
        id,
      }),
      appendNew(s, REGISTRY, identifierStream('kra-pin', body.kraPin), 'claimed', { id }),
      ...body.directors.map((d) =>
        s.directorKeys.create(kvKeyOf(`director:${id}:${d.fullName}`), wrappedKey()),
      ),
    ]);
    await appendNew(s, REGISTRY, `agency.${id}`, 'ke.nea.agency-registry.application-recorded.v1', body);
    await publishIntegration(s, 'ke.nea.agency-registry.agency-application-recorded.v1', {
      agencyId: id,
      name: body.name,
    });
    return reply.code(201).send({ id, status: 'applied', version: 1 });
  });

  app.post('/same-writes/complaints', async (request, reply) => {
    const parsed = complaintBodySchema.safeParse(request.body);
    if (!parsed.success)
      return reply.code(400).type('application/problem+json').send({ status: 400, title: 'bad body' });
    const key = String(request.headers['idempotency-key'] ?? randomUUID());
    const idempotencyKey = createHash('sha256').update(`hotline\n${key}`).digest('hex');
    const revision = await s.idempotency.create(
      idempotencyKey,
      JSON.stringify({ state: 'pending', at: Date.now() }),
    );
    const id = randomUUID();
    const pin = newTrackingPin();
    const [, pinHash] = await Promise.all([
      s.complainantKeys.create(kvKeyOf(`complainant:${id}`), wrappedKey()),
      hashTrackingPin(pin, pinCost),
    ]);
    await appendNew(s, COMPLAINTS, `complaint.${id}`, 'ke.nea.complaints.complaint-lodged.v1', {
      ...parsed.data,
      trackingPinHash: pinHash,
    });
    const response = { id, reference: 'NEA-2026-000000', trackingPin: pin, status: 'lodged', version: 1 };
    await Promise.all([
      s.idempotency.update(idempotencyKey, JSON.stringify({ state: 'done', response }), revision),
      publishIntegration(s, 'ke.nea.complaints.complaint-lodged.v1', { complaintId: id }),
    ]);
    return reply.code(201).send(response);
  });

  // What this process last wrote on each case: the subject's sequence and how many commits it made there
  // (the system's command handler keeps the same in its cache of recently used streams).
  const caseHeads = new Map<string, { lastSeq: number; commits: number }>();
  app.post<{ Params: { id: string } }>('/same-writes/cases/:id/updates', async (request, reply) => {
    const parsed = caseUpdateBodySchema.safeParse(request.body);
    if (!parsed.success)
      return reply.code(400).type('application/problem+json').send({ status: 400, title: 'bad body' });
    const { id } = request.params;
    const { expectedVersion, updateId, ...action } = parsed.data;
    const version = (expectedVersion ?? 0) + 1;
    const streamName = `case.${id}`;
    const head = caseHeads.get(id) ?? { lastSeq: 0, commits: 0 };
    const at = new Date().toISOString();
    let ack: { seq: number };
    try {
      ack = await appendAt(
        s,
        ATTACHE_CASES,
        streamName,
        CaseEventType.UpdateRecorded,
        { action, updateId, fingerprint: randomBytes(32).toString('base64url'), at },
        { version, lastSeq: head.lastSeq },
      );
    } catch {
      return reply.code(409).type('application/problem+json').send({ status: 409, title: 'stale' });
    }
    const commits = head.commits + 1;
    caseHeads.set(id, { lastSeq: ack.seq, commits });
    if (commits % DEFAULT_SNAPSHOT_EVERY === 0) {
      // Not awaited, as the command handler does not wait for a snapshot; a lost one costs nothing here.
      s.caseSnapshots
        .put(
          streamName,
          JSON.stringify({ state: { id, action, updateId }, version, position: ack.seq, schemaVersion: 1 }),
        )
        .catch(() => {});
    }
    await publishIntegration(s, CaseUpdated.type, { caseId: id, at, action: action.action });
    return reply.code(200).send({ id, updateId, version, status: 'open' });
  });
}

/** The PIN of every reference the status floor (statusFloorRoutes) knows: `NEA-2026-0000NN`, NN < 20. */
export const STATUS_FLOOR_PIN = 'K7Q4MZ2PXH';
export const STATUS_FLOOR_REFERENCES = 20;
export const statusFloorReference = (i: number) => `NEA-2026-${String(i).padStart(6, '0')}`;

/**
 * GET /same-reads/status: one Redis GET of a stored PIN hash and its scrypt verification (the default
 * cost), the floor of a status look-up. The hashes are stored first, one per reference, each salted.
 */
export async function statusFloorRoutes(app: FastifyInstance, redis: Redis, namespace: string) {
  const keyOf = (reference: string) => `${namespace}:same-reads:pin:${reference}`;
  const cost = defaultPinHashCost();
  for (let i = 0; i < STATUS_FLOOR_REFERENCES; i++)
    await redis.set(keyOf(statusFloorReference(i)), await hashTrackingPin(STATUS_FLOOR_PIN, cost));
  const query = z
    .object({ reference: z.string().regex(/^NEA-\d{4}-\d{6}$/), pin: z.string().max(20) })
    .strict();
  app.get('/same-reads/status', async (request, reply) => {
    const parsed = query.safeParse(request.query);
    if (!parsed.success)
      return reply.code(400).type('application/problem+json').send({ status: 400, title: 'bad query' });
    const stored = await redis.get(keyOf(parsed.data.reference));
    if (!stored || !(await verifyTrackingPin(parsed.data.pin, stored)))
      return reply.code(404).type('application/problem+json').send({ status: 404, title: 'not found' });
    return { reference: parsed.data.reference, status: 'lodged', lastUpdated: '2026-12-02' };
  });
}
