/** Test support for the projection specs: a sample projection and a way to write commits directly. */
import { randomUUID } from 'node:crypto';
import { natsFixture, redisFixture, uniqueNamespace } from '@kazi/test-servers';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import type { Redis } from 'ioredis';
import type { Test } from 'tap';
import type { RecordedEvent } from '../eventStore.ts';
import { encodeCommit, VERSION_HEADER } from '../jetstream/commitCodec.ts';
import { names } from '../jetstream/names.ts';
import type { Projection, ProjectionKeys } from './projection.ts';
import { ProjectionRunner, type ProjectionRunnerOptions } from './projectionRunner.ts';
import { commitSource } from './sources.ts';

export const CONTEXT = 'ledger';

/**
 * Counts events per aggregate stream and in total, and lists each stream's versions in the order they
 * were applied: INCR and RPUSH are not idempotent, so a double apply or a skip shows in the model.
 */
export function countingProjection(
  version = 1,
  onApply?: (e: RecordedEvent) => void,
): Projection<RecordedEvent> {
  return {
    name: 'counting',
    version,
    apply(event, keys) {
      onApply?.(event);
      return [
        ['INCRBY', keys.key('total'), version],
        ['HINCRBY', keys.key('per-stream'), event.streamName, 1],
        ['RPUSH', keys.key('versions', event.streamName), event.streamVersion],
      ];
    },
  };
}

export interface CountingModel {
  total: number;
  perStream: Record<string, number>;
  versions: Record<string, number[]>;
}

export async function readCountingModel(redis: Redis, keys: ProjectionKeys): Promise<CountingModel> {
  const total = Number((await redis.get(keys.key('total'))) ?? 0);
  const raw = await redis.hgetall(keys.key('per-stream'));
  const perStream: Record<string, number> = {};
  const versions: Record<string, number[]> = {};
  for (const [stream, count] of Object.entries(raw).sort()) {
    perStream[stream] = Number(count);
    versions[stream] = (await redis.lrange(keys.key('versions', stream), 0, -1)).map(Number);
  }
  return { total, perStream, versions };
}

/** Writes commits straight into the context's stream, as the JetStream event store would. */
export class CommitWriter {
  private readonly versions = new Map<string, number>();
  private constructor(
    private readonly nc: NatsConnection,
    private readonly namespace: string,
  ) {}

  static async create(nc: NatsConnection, namespace: string): Promise<CommitWriter> {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({
      name: names.contextStream(namespace, CONTEXT),
      subjects: [names.contextSubjects(namespace, CONTEXT)],
    });
    return new CommitWriter(nc, namespace);
  }

  get stream(): string {
    return names.contextStream(this.namespace, CONTEXT);
  }

  /** Appends one commit of `count` events to `streamName`; returns its position. */
  async commit(streamName: string, count = 1): Promise<number> {
    const version = (this.versions.get(streamName) ?? 0) + count;
    this.versions.set(streamName, version);
    const h = headers();
    h.set(VERSION_HEADER, String(version));
    const events = Array.from({ length: count }, () => ({
      id: randomUUID(),
      type: 'ke.test.counted.v1',
      data: {},
    }));
    const metadata = {
      commandId: randomUUID(),
      actor: 'test',
      correlationId: randomUUID(),
      time: new Date().toISOString(),
    };
    const ack = await jetstream(this.nc).publish(
      names.aggregateSubject(this.namespace, CONTEXT, streamName),
      encodeCommit({ events, metadata }),
      { headers: h },
    );
    return ack.seq;
  }

  /** `commits` commits spread over `streams` aggregates, every third holding two events. */
  async commitMany(commits: number, streams = 3): Promise<number> {
    let last = 0;
    for (let i = 0; i < commits; i++)
      last = await this.commit(`account.a${i % streams}`, i % 3 === 2 ? 2 : 1);
    return last;
  }

  /** The model a correct run must produce from everything written so far. */
  expected(projectionVersion = 1): CountingModel {
    const perStream: Record<string, number> = {};
    const versions: Record<string, number[]> = {};
    let events = 0;
    for (const [stream, version] of [...this.versions.entries()].sort()) {
      perStream[stream] = version;
      versions[stream] = Array.from({ length: version }, (_, i) => i + 1);
      events += version;
    }
    return { total: events * projectionVersion, perStream, versions };
  }
}

/** A namespace, connections, a context stream and a way to start runners that stop at teardown. */
export async function setup(t: Test) {
  const namespace = uniqueNamespace('pj');
  const nc = await natsFixture(t, namespace);
  const redis = await redisFixture(t, namespace);
  const writer = await CommitWriter.create(nc, namespace);
  const runners: ProjectionRunner<RecordedEvent>[] = [];
  const start = async (overrides: Partial<ProjectionRunnerOptions<RecordedEvent>> = {}) => {
    const runner = await ProjectionRunner.start({
      nc,
      redis,
      namespace,
      projection: countingProjection(),
      source: commitSource({ namespace, context: CONTEXT }),
      retryDelayMs: 50,
      ...overrides,
    });
    runners.push(runner);
    return runner;
  };
  // Runners stop before the fixtures delete their stream and keys (teardowns run last-in first-out).
  t.teardown(() => Promise.all(runners.map((r) => r.stop())));
  return { namespace, nc, redis, writer, start };
}

/** Polls a condition the runner reaches on its own (e.g. a failure); never asserts how long it takes. */
export async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition never held');
}
