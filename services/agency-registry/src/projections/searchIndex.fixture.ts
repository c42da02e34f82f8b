/**
 * The registry's read models over the real NATS and Redis, fed with agency events appended straight to
 * the event store (no HTTP, no decider: the tests are about indexing and reading), and a query client
 * that counts what each request sends to Redis.
 */
import { randomUUID } from 'node:crypto';
import {
  commitSource,
  JetStreamEventStore,
  names,
  type ProjectionRunner,
  type RecordedEvent,
  readHashesScript,
  startProjection,
} from '@kazi/eventsourcing';
import { natsFixture, REDIS_URL, redisFixture, uniqueNamespace } from '@kazi/test-servers';
import { Redis } from 'ioredis';
import type { Test } from 'tap';
import { AgencyEventType } from '../domain/agency/events.ts';
import { agencyReadModelsProjection } from './agencyReadModels.ts';
import type { SearchBounds } from './orderedSearch.ts';
import { AgencyQueries } from './queries.ts';

const CONTEXT = 'agency-registry';
const actor = { sub: 'officer-1', name: 'Achieng' };
const at = '2026-03-01T08:00:00.000Z';

/** Redis commands one client sent, by name (pipelined ones too: ioredis sends each through sendCommand). */
export class CommandCount {
  readonly byName = new Map<string, number>();
  of(name: string): number {
    return this.byName.get(name) ?? 0;
  }
  get total(): number {
    return [...this.byName.values()].reduce((sum, n) => sum + n, 0);
  }
  reset(): void {
    this.byName.clear();
  }
}

function countingClient(t: Test): { redis: Redis; count: CommandCount } {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  const count = new CommandCount();
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((
    command: { name: string; args: unknown[]; promise: Promise<unknown> },
    ...rest: unknown[]
  ) => {
    // readHashes reads its rows in one script: each key it names counts as the HGETALL it stands for
    // (once answered, so a first call that had to load the script is not counted twice).
    if (command.name === 'evalsha' && String(command.args[0]) === readHashesScript.sha)
      command.promise.then(
        () => count.byName.set('hgetall', count.of('hgetall') + Number(command.args[1])),
        () => {},
      );
    else count.byName.set(command.name, count.of(command.name) + 1);
    return (send as (...args: unknown[]) => unknown)(command, ...rest);
  }) as typeof redis.sendCommand;
  t.teardown(() => redis.disconnect());
  return { redis, count };
}

export interface Agency {
  id: string;
  name: string;
  registrationNumber: string;
}

export async function startSearchIndex(t: Test, bounds?: SearchBounds) {
  const namespace = uniqueNamespace('srch');
  const nc = await natsFixture(t, namespace);
  const redis = await redisFixture(t, namespace);
  const store = await JetStreamEventStore.create({ nc, namespace, context: CONTEXT });
  const runner: ProjectionRunner<RecordedEvent> = await startProjection({
    nc,
    redis,
    namespace,
    projection: agencyReadModelsProjection,
    source: commitSource({
      namespace,
      context: CONTEXT,
      filterSubject: names.aggregateSubject(namespace, CONTEXT, 'agency.>'),
    }),
    retryDelayMs: 50,
  });
  t.teardown(async () => {
    await runner.stop();
    await store.close();
  });
  const reader = countingClient(t);
  const queries = new AgencyQueries(reader.redis, namespace, bounds);

  let serial = 0;
  const append = (id: string, type: string, data: Record<string, unknown>) =>
    store.append(`agency.${id}`, [{ id: randomUUID(), type, data: { ...data, at } }], {
      expectedVersion: 'any',
      metadata: { commandId: randomUUID(), actor: actor.sub, correlationId: randomUUID(), time: at },
    });

  /** An application recorded; registration numbers are unique per index. */
  const apply = async (name: string): Promise<Agency> => {
    serial += 1;
    const agency = {
      id: randomUUID(),
      name,
      registrationNumber: `PVT-2026-${String(serial).padStart(6, '0')}`,
    };
    await append(agency.id, AgencyEventType.ApplicationRecorded, {
      agencyId: agency.id,
      name,
      registrationNumber: agency.registrationNumber,
      county: 'Nairobi',
      directors: [],
      flags: [],
      recordedBy: actor,
    });
    return agency;
  };
  const vet = (a: Agency) =>
    append(a.id, AgencyEventType.VettingCheckRecorded, {
      check: 'tax-compliance',
      outcome: 'pass',
      officer: actor,
    });
  /** Licensed with a licence number of its own; returns it. */
  const license = async (a: Agency): Promise<string> => {
    const licenceNumber = `NEA/PRA/2026/${a.registrationNumber.slice(-5)}`;
    await append(a.id, AgencyEventType.LicenceIssued, {
      agencyName: a.name,
      registrationNumber: a.registrationNumber,
      licenceNumber,
      validFrom: '2026-03-01',
      validUntil: '2027-02-28',
      approvedBy: actor,
    });
    return licenceNumber;
  };
  const suspend = (a: Agency) =>
    append(a.id, AgencyEventType.LicenceSuspended, { reason: 'fees', by: actor });
  const reinstate = (a: Agency) => append(a.id, AgencyEventType.LicenceReinstated, { by: actor });
  const revoke = (a: Agency) => append(a.id, AgencyEventType.LicenceRevoked, { reason: 'fraud', by: actor });
  const reject = (a: Agency) =>
    append(a.id, AgencyEventType.ApplicationRejected, { reason: 'no office', by: actor });

  return {
    namespace,
    runner,
    queries,
    /** Queries on the counting client with other bounds (small ones reach the caps with few agencies). */
    queriesWith: (other: SearchBounds) => new AgencyQueries(reader.redis, namespace, other),
    /** Commands the query client sent since the last reset. */
    count: reader.count,
    apply,
    vet,
    license,
    suspend,
    reinstate,
    revoke,
    reject,
    caughtUp: () => runner.caughtUp(),
  };
}

/** The order every list is in: lower-case name, then id. */
export function inListOrder<A extends { id: string; name: string }>(agencies: A[]): A[] {
  const key = (a: A) => `${a.name.toLowerCase()}\u0000${a.id}`;
  return [...agencies].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Every page of a search, following nextCursor; the commands of each request. */
export async function everyPage(
  index: Awaited<ReturnType<typeof startSearchIndex>>,
  filter: { q?: string; status?: string; limit: number },
  queries: AgencyQueries = index.queries,
): Promise<{ ids: string[]; pages: number; perRequest: Array<{ items: number; rowsRead: number }> }> {
  const ids: string[] = [];
  const perRequest: Array<{ items: number; rowsRead: number }> = [];
  let cursor: string | undefined;
  do {
    index.count.reset();
    const page = await queries.search({ ...filter, cursor });
    perRequest.push({ items: page.items.length, rowsRead: index.count.of('hgetall') });
    ids.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && perRequest.length < 500);
  return { ids, pages: perRequest.length, perRequest };
}
