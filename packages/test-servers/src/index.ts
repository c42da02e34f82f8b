import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Redis } from 'ioredis';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A namespace unique to one test: prefixes every JetStream stream, KV bucket, subject and Redis key a
 * test creates, so tests never see what other runs left and can run in parallel.
 */
export function uniqueNamespace(label = 't'): string {
  return `${label}${randomBytes(5).toString('hex')}`.toLowerCase().replace(/[^a-z0-9]/g, '');
}

interface Teardown {
  teardown(fn: () => unknown | Promise<unknown>): void;
}

/** A NATS connection for one test; on teardown deletes every stream and KV bucket named after `namespace`. */
export async function natsFixture(t: Teardown, namespace: string): Promise<NatsConnection> {
  const nc = await connect({ servers: NATS_URL, name: `test-${namespace}` });
  t.teardown(async () => {
    await deleteNamespaceStreams(nc, namespace);
    await nc.close();
  });
  return nc;
}

export async function deleteNamespaceStreams(nc: NatsConnection, namespace: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const upper = namespace.toUpperCase();
  for await (const info of jsm.streams.list()) {
    const name = info.config.name;
    // KV buckets are streams named KV_<bucket>, object stores OBJ_<bucket>.
    if (
      name.startsWith(`${upper}_`) ||
      name.startsWith(`KV_${namespace}-`) ||
      name.startsWith(`KV_${upper}_`) ||
      name.startsWith(`OBJ_${namespace}-`)
    ) {
      await jsm.streams.delete(name).catch(() => {});
    }
  }
}

/** A Redis connection for one test; on teardown deletes every key under `<namespace>:`. */
export async function redisFixture(t: Teardown, namespace: string): Promise<Redis> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  t.teardown(async () => {
    await deleteNamespaceKeys(redis, namespace);
    redis.disconnect();
  });
  return redis;
}

export async function deleteNamespaceKeys(redis: Redis, namespace: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

/** Deletes everything a namespace left on NATS and Redis (for tests and benchmarks that start the system). */
export async function cleanupNamespace(namespace: string): Promise<void> {
  const nc = await connect({ servers: NATS_URL, name: `cleanup-${namespace}` });
  try {
    await deleteNamespaceStreams(nc, namespace);
  } finally {
    await nc.close();
  }
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  try {
    await deleteNamespaceKeys(redis, namespace);
  } finally {
    redis.disconnect();
  }
}
