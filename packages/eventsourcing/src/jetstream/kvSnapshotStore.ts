import { StorageType } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { z } from 'zod';
import type { Snapshot, SnapshotStore } from '../snapshotStore.ts';
import { assertStreamName, names } from './names.ts';

const snapshotSchema = z.object({
  state: z.unknown(),
  version: z.number().int().nonnegative(),
  position: z.number().int().nonnegative(),
  schemaVersion: z.number().int(),
});

/**
 * Snapshots in a JetStream key-value bucket `<ns>-snapshots-<context>` (history 1, file storage),
 * keyed by aggregate stream name (`agency.<uuid>` is a valid KV key).
 */
export class KvSnapshotStore implements SnapshotStore {
  private constructor(private readonly kv: KV) {}

  static async create(options: {
    nc: NatsConnection;
    namespace: string;
    context: string;
  }): Promise<KvSnapshotStore> {
    const bucket = names.kvBucket(options.namespace, `snapshots-${options.context}`);
    const kv = await new Kvm(options.nc).create(bucket, { history: 1, storage: StorageType.File });
    return new KvSnapshotStore(kv);
  }

  async get(streamName: string): Promise<Snapshot | undefined> {
    assertStreamName(streamName);
    const entry = await this.kv.get(streamName);
    if (entry?.operation !== 'PUT') return undefined;
    // A snapshot is only a cache: one that cannot be read is treated as absent and the stream replayed.
    let raw: unknown;
    try {
      raw = entry.json();
    } catch {
      return undefined;
    }
    const parsed = snapshotSchema.safeParse(raw);
    return parsed.success ? (parsed.data as Snapshot) : undefined;
  }

  async put(streamName: string, snapshot: Snapshot): Promise<void> {
    assertStreamName(streamName);
    await this.kv.put(streamName, JSON.stringify(snapshot));
  }
}
