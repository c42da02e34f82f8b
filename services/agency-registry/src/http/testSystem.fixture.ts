/**
 * The agency routes' HTTP tests: the shared harness (@kazi/testing) running the registry's module alone,
 * plus application bodies and shortcuts that bring an agency to a given status over HTTP.
 */
import { JetStreamEventStore, type RecordedEvent } from '@kazi/eventsourcing';
import { NATS_URL, REDIS_URL } from '@kazi/test-servers';
import { type HttpTestSystem, type Response, startHttpTestSystem } from '@kazi/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import type { Test } from 'tap';
import { agencyStream } from '../application/agencyStream.ts';
import { VETTING_CHECKS } from '../config.ts';
import { agencyRegistryModule, CONTEXT } from '../main.ts';
import { licenceApplicationBody, vettingCheckBody } from '../testing/index.ts';

export {
  assertProblem,
  type CallOptions,
  errorPaths,
  PROBLEM_JSON,
  type Response,
  TODAY,
  token,
  YEAR,
} from '@kazi/testing';

/** The modules the registry's route tests run: the registry alone. */
export const registryModules = { agencyRegistry: agencyRegistryModule };

export const CHECKS = [...VETTING_CHECKS];

// Each application body has its own registration number, KRA PIN and director id (the service's test data).
export { licenceApplicationBody, vettingCheckBody } from '../testing/index.ts';

export interface TestSystem extends HttpTestSystem<typeof registryModules> {
  /** POST /agencies as the officer; fails the test unless 201. */
  apply(
    overrides?: Record<string, unknown>,
  ): Promise<{ id: string; version: number; body: Record<string, unknown> }>;
  /** Every required check passed, by the officer; the new version. */
  vet(id: string): Promise<number>;
  /** Applied, vetted and approved by the director. */
  licensed(
    overrides?: Record<string, unknown>,
  ): Promise<{ id: string; version: number; licenceNumber: string; body: Record<string, unknown> }>;
  /** A decision as the director with expectedVersion in the body; fails the test unless 200. */
  decide(id: string, route: string, version: number, body?: Record<string, unknown>): Promise<Response>;
  /** The agency's events as the registry stored them, read back from the event store. */
  storedEvents(id: string): Promise<RecordedEvent[]>;
  /**
   * Everything the system keeps at rest in its namespace, as text: every message of every JetStream stream
   * and KV bucket (events, snapshots, keys, idempotency records, integration events) and every Redis key
   * with its value. What a backup or a leak would expose.
   */
  atRest(): Promise<string>;
}

export async function startTestSystem(t: Test, label = 'http'): Promise<TestSystem> {
  const harness = await startHttpTestSystem(t, { modules: registryModules, label });
  const { call, tokens, expectStatus } = harness;
  const apply = async (overrides: Record<string, unknown> = {}) => {
    const body = licenceApplicationBody(overrides);
    const r = await call('POST', '/agencies', { token: tokens.officer, body });
    expectStatus(r, 201, 'POST /agencies');
    return { id: r.body.id as string, version: r.body.version as number, body };
  };

  const vet = async (id: string) => {
    let version = 0;
    for (const check of CHECKS) {
      const r = await call('POST', `/agencies/${id}/vetting-checks`, {
        token: tokens.officer,
        body: vettingCheckBody(check),
      });
      expectStatus(r, 200, `vetting check ${check}`);
      version = r.body.version;
    }
    return version;
  };

  const decide = async (id: string, route: string, version: number, body: Record<string, unknown> = {}) => {
    const r = await call('POST', `/agencies/${id}/${route}`, {
      token: tokens.director,
      body: { ...body, expectedVersion: version },
    });
    expectStatus(r, 200, `POST /agencies/${id}/${route}`);
    return r;
  };

  const licensed = async (overrides: Record<string, unknown> = {}) => {
    const created = await apply(overrides);
    const version = await vet(created.id);
    const approved = await decide(created.id, 'approval', version);
    return {
      id: created.id,
      version: approved.body.version as number,
      licenceNumber: approved.body.licenceNumber as string,
      body: created.body,
    };
  };

  const nc = await connect({ servers: NATS_URL, name: `test-${harness.namespace}` });
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  const store = await JetStreamEventStore.create({ nc, namespace: harness.namespace, context: CONTEXT });
  t.teardown(async () => {
    await store.close();
    await nc.close();
    redis.disconnect();
  });

  const storedEvents = async (id: string) => (await store.readStream(agencyStream(id))).events;

  const atRest = async () => {
    const { namespace } = harness;
    const decoder = new TextDecoder();
    const parts: string[] = [];
    const jsm = await jetstreamManager(nc);
    for await (const info of jsm.streams.list()) {
      const name = info.config.name;
      const ours = name.startsWith(`${namespace.toUpperCase()}_`) || name.startsWith(`KV_${namespace}-`);
      if (!ours || info.state.messages === 0) continue;
      const consumer = await jsm.jetstream().consumers.get(name); // ordered, from the first message
      const messages = await consumer.consume();
      for await (const m of messages) {
        parts.push(m.subject, decoder.decode(m.data));
        if (m.info.pending === 0) break;
      }
    }
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        const value =
          type === 'hash'
            ? await redis.hgetall(key)
            : type === 'set'
              ? await redis.smembers(key)
              : type === 'zset'
                ? await redis.zrange(key, 0, -1)
                : type === 'list'
                  ? await redis.lrange(key, 0, -1)
                  : type === 'stream'
                    ? await redis.xrange(key, '-', '+')
                    : await redis.get(key);
        parts.push(key, JSON.stringify(value));
      }
    } while (cursor !== '0');
    return parts.join('\n');
  };

  return { ...harness, apply, vet, licensed, decide, storedEvents, atRest };
}
