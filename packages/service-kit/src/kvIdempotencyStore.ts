import { names } from '@kazi/eventsourcing';
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { type KV, type KvEntry, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { IdempotencyEntry, IdempotencyStore } from './idempotency.ts';

/** Repeats are answered for at least two days: hotline software retries for up to a day after an outage. */
export const IDEMPOTENCY_MAX_AGE_MS = 48 * 60 * 60 * 1000;

const isWrongLastSequence = (err: unknown): boolean =>
  err instanceof JetStreamApiError &&
  (err.code === JetStreamApiCodes.StreamWrongLastSequence ||
    err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown);

const live = (e: KvEntry | null): e is KvEntry => e !== null && e.operation === 'PUT';

/** Idempotency records in the JetStream KV bucket `<namespace>-idempotency` (file storage, history 1). */
export class KvIdempotencyStore implements IdempotencyStore {
  private constructor(private readonly kv: KV) {}

  static async open(
    nc: NatsConnection,
    namespace: string,
    options: { maxAgeMs?: number; replicas?: number } = {},
  ): Promise<KvIdempotencyStore> {
    const kv = await new Kvm(nc).create(names.kvBucket(namespace, 'idempotency'), {
      history: 1,
      ttl: Math.max(options.maxAgeMs ?? IDEMPOTENCY_MAX_AGE_MS, IDEMPOTENCY_MAX_AGE_MS),
      storage: 'file',
      replicas: options.replicas ?? 1,
    });
    return new KvIdempotencyStore(kv);
  }

  async create(key: string, entry: IdempotencyEntry): Promise<number | undefined> {
    try {
      return await this.kv.create(key, JSON.stringify(entry));
    } catch (err) {
      if (isWrongLastSequence(err)) return undefined;
      throw err;
    }
  }

  async get(key: string): Promise<{ entry: IdempotencyEntry; revision: number } | undefined> {
    const found = await this.kv.get(key);
    return live(found) ? { entry: found.json<IdempotencyEntry>(), revision: found.revision } : undefined;
  }

  async replace(key: string, entry: IdempotencyEntry, revision: number): Promise<number | undefined> {
    try {
      return await this.kv.update(key, JSON.stringify(entry), revision);
    } catch (err) {
      if (isWrongLastSequence(err)) return undefined;
      throw err;
    }
  }

  async release(key: string, revision: number): Promise<void> {
    try {
      await this.kv.delete(key, { previousSeq: revision });
    } catch (err) {
      // Someone took the claim over meanwhile: theirs is not ours to delete.
      if (!isWrongLastSequence(err)) throw err;
    }
  }
}
