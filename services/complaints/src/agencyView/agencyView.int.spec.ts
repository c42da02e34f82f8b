import { randomUUID } from 'node:crypto';
import {
  AgencyApplicationRecorded,
  AgencyLicensed,
  AgencyReinstated,
  AgencyRevoked,
  AgencySuspended,
  type IntegrationEventData,
  type IntegrationEventDefinition,
} from '@kazi/contracts';
import { applyMessages, names, type Projection, projectionKeys, startProjection } from '@kazi/eventsourcing';
import {
  type Envelope,
  ensureIntegrationStreams,
  listDeadLetters,
  publishIntegrationEvent,
  type ReceivedIntegrationEvent,
} from '@kazi/messaging';
import { natsFixture, redisFixture, uniqueNamespace } from '@kazi/test-servers';
import { jetstream } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import t, { type Test } from 'tap';
import { AGENCY_VIEW, agencyEventsSource, agencyViewProjection } from './agencyView.ts';
import { agencyViewKeys, previousAgencyKey } from './agencyViewKeys.ts';
import { AgencyView } from './agencyViewQueries.ts';

async function setup(t: Test) {
  const ns = uniqueNamespace('cav');
  const nc = await natsFixture(t, ns);
  const redis = await redisFixture(t, ns);
  await ensureIntegrationStreams(nc, ns);
  const js = jetstream(nc);
  const view = new AgencyView(redis, ns);
  /** The view's keys in its live generation. */
  const keys = async () => agencyViewKeys(await projectionKeys(redis, ns, AGENCY_VIEW));
  /** Events the view's projection has applied, over every start. */
  let handled = 0;
  const counting: Projection<ReceivedIntegrationEvent> = {
    ...agencyViewProjection,
    apply(event, keys) {
      handled++;
      return agencyViewProjection.apply(event, keys);
    },
  };
  /** Starts the view as the composition does (startProjection), counting what it applies. */
  const start = async (options: { readFrom?: number } = {}) => {
    const runner = await startProjection({
      nc,
      redis,
      namespace: ns,
      projection: counting,
      source: agencyEventsSource(ns),
      ...options,
    });
    t.teardown(() => runner.stop());
    return runner;
  };
  /** Publishes as the registry's relay does and returns the stream sequence the event got. */
  const publish = async <D extends IntegrationEventDefinition>(
    definition: D,
    envelope: Envelope<IntegrationEventData<D>>,
  ): Promise<number> => (await publishIntegrationEvent(js, ns, definition, envelope)).seq;
  const handledAtLeast = (count: number) => eventually(`${count} events handled`, () => handled >= count);
  /** Applies events at chosen positions with the runner's own script, without NATS. */
  const applyAt = (...messages: [Envelope, number][]) =>
    applyMessages(
      redis,
      ns,
      agencyViewProjection,
      messages.map(([envelope, position]) => ({ position, events: [{ envelope, position }] })),
    );
  /** Every key of the view's live generation (named after the generation prefix) with its contents. */
  const snapshot = async () => {
    const { prefix } = await projectionKeys(redis, ns, AGENCY_VIEW);
    const found = await redis.keys(`${prefix}:*`);
    const read = async (key: string) => {
      const type = await redis.type(key);
      if (type === 'hash') return redis.hgetall(key);
      if (type === 'zset') return redis.zrange(key, 0, -1, 'WITHSCORES');
      if (type === 'string' && key.endsWith(':named')) return redis.pfcount(key);
      return redis.get(key);
    };
    const entries = await Promise.all(
      found.sort().map(async (key) => [key.slice(prefix.length), await read(key)] as const),
    );
    return Object.fromEntries(entries);
  };
  return {
    ns,
    nc,
    js,
    redis,
    view,
    keys,
    start,
    publish,
    handledAtLeast,
    applyAt,
    snapshot,
    handled: () => handled,
  };
}

t.test('the view follows an agency from application to revocation', async (t) => {
  const { view, redis, keys, start, publish, handledAtLeast } = await setup(t);
  const agencyId = randomUUID();
  const runner = await start();

  await publish(AgencyApplicationRecorded, recorded(agencyId, 'Al-Safa Manpower Recruitment Agency Ltd'));
  await handledAtLeast(1);
  t.same(await view.get(agencyId), {
    agencyId,
    name: 'Al-Safa Manpower Recruitment Agency Ltd',
    status: 'applied',
  });

  await publish(AgencyLicensed, licensed(agencyId, 'Al-Safa Manpower Recruitment Agency Ltd'));
  await handledAtLeast(2);
  t.same(await view.get(agencyId), {
    agencyId,
    name: 'Al-Safa Manpower Recruitment Agency Ltd',
    status: 'licensed',
    licenceNumber: 'NEA/PRA/0042',
    validUntil: '2027-02-28',
  });

  await publish(AgencySuspended, suspended(agencyId));
  await handledAtLeast(3);
  t.equal((await view.get(agencyId))?.status, 'suspended');

  await publish(AgencyReinstated, event(AgencyReinstated, { agencyId, at: at(4) }));
  await handledAtLeast(4);
  t.equal((await view.get(agencyId))?.status, 'licensed');

  const last = await publish(AgencyRevoked, event(AgencyRevoked, { agencyId, at: at(5), reason: 'fraud' }));
  await handledAtLeast(5);
  await runner.caughtUp();
  t.same(await view.get(agencyId), {
    agencyId,
    name: 'Al-Safa Manpower Recruitment Agency Ltd',
    status: 'revoked',
    licenceNumber: 'NEA/PRA/0042',
    validUntil: '2027-02-28',
  });
  const hash = await redis.hgetall((await keys()).agency(agencyId));
  t.equal(hash.seq, String(last), 'the last applied sequence is stored');
  t.equal(hash.updatedAt, at(5), 'updatedAt is when the registry revoked');
  t.equal(await view.get(randomUUID()), undefined, 'an agency never heard of is undefined');
  await runner.stop();
});

t.test(
  'the view on its source, as the module declares it; an event type it does not use is passed over',
  async (t) => {
    const { nc, ns, redis, view, publish } = await setup(t);
    const agencyId = randomUUID();
    const running = await startProjection({
      nc,
      redis,
      namespace: ns,
      projection: agencyViewProjection,
      source: agencyEventsSource(ns),
    });
    t.teardown(() => running.stop());
    await publish(AgencyApplicationRecorded, recorded(agencyId, 'Tumaini Manpower Ltd'));
    await eventually('the agency known', async () => (await view.get(agencyId))?.status === 'applied');
    // A type the catalogue knows and the view has no handler for: acked and ignored, as before.
    const unused = agencyViewProjection.apply(
      { envelope: { ...suspended(agencyId), type: 'ke.nea.agency-registry.agency-renamed.v1' }, position: 9 },
      await projectionKeys(redis, ns, AGENCY_VIEW),
    );
    t.same(unused, [], 'no writes for a type without a handler');
    await running.stop();
  },
);

t.test('the same messages delivered again leave the same view', async (t) => {
  const { view, start, publish, handledAtLeast, applyAt, snapshot } = await setup(t);
  const agencyId = randomUUID();
  const runner = await start();
  await publish(AgencyApplicationRecorded, recorded(agencyId, 'Bidii Manpower Ltd'));
  const licensedEvent = licensed(agencyId, 'Bidii Manpower Ltd');
  const licensedSeq = await publish(AgencyLicensed, licensedEvent);
  await publish(AgencySuspended, suspended(agencyId));
  await handledAtLeast(3);
  await runner.caughtUp();
  const before = await snapshot();

  t.equal(await applyAt([licensedEvent, licensedSeq]), 0, 'applying a message again changes nothing');
  // Reading from the start makes the restarted view receive every message again.
  await runner.stop();
  const again = await start({ readFrom: 0 });
  await handledAtLeast(6);
  await again.caughtUp();
  t.same(await snapshot(), before, 'the whole view is unchanged');
  t.equal((await view.get(agencyId))?.status, 'suspended');

  // A rebuild replays every message into a new generation, which then serves the same view.
  const generation = await again.rebuild();
  t.equal(generation, 2, 'a new generation');
  t.same(await snapshot(), before, 'rebuilt, the same view');
  t.equal((await view.get(agencyId))?.status, 'suspended');
  await again.stop();
});

t.test('an older event applied after a newer one does not overwrite it', async (t) => {
  const { view, start, publish, handledAtLeast, applyAt } = await setup(t);
  const agencyId = randomUUID();
  const runner = await start();
  await publish(AgencyApplicationRecorded, recorded(agencyId, 'Neema Manpower Ltd'));
  const licensedEvent = licensed(agencyId, 'Neema Manpower Ltd');
  const licensedSeq = await publish(AgencyLicensed, licensedEvent);
  await publish(AgencySuspended, suspended(agencyId));
  await handledAtLeast(3);
  await runner.caughtUp();

  // The runner applies positions in order, each once: a message at an older position is refused whole.
  t.equal(await applyAt([licensedEvent, licensedSeq]), 0);
  const reinstated = event(AgencyReinstated, { agencyId, at: at(4) });
  t.equal(await applyAt([reinstated, licensedSeq]), 0, 'an older reinstatement');
  t.equal((await view.get(agencyId))?.status, 'suspended', 'still suspended');
  await runner.stop();
});

t.test('an agency first heard of by a status event is named by a later event', async (t) => {
  const { view, applyAt } = await setup(t);
  const first = randomUUID();
  t.equal(await applyAt([licensed(first, 'Upendo Travel Agency Ltd'), 3]), 1, 'licensed, never recorded');
  t.same(await view.get(first), {
    agencyId: first,
    name: 'Upendo Travel Agency Ltd',
    status: 'licensed',
    licenceNumber: 'NEA/PRA/0042',
    validUntil: '2027-02-28',
  });

  const second = randomUUID();
  await applyAt([suspended(second), 5]);
  t.same(await view.get(second), { agencyId: second, name: '', status: 'suspended' }, 'no name yet');
  await applyAt([licensed(second, 'Jasiri Manpower Ltd'), 10]);
  t.same((await view.get(second))?.name, 'Jasiri Manpower Ltd', 'a later event names it');
  t.equal((await view.candidates('Jasiri'))[0]?.agencyId, second, 'and makes it findable');
});

t.test('a new name replaces the old one in the token index', async (t) => {
  const { redis, view, keys, applyAt } = await setup(t);
  const agencyId = randomUUID();
  await applyAt(
    [recorded(agencyId, 'Baraka Manpower Ltd'), 1],
    [licensed(agencyId, 'Neema Manpower Ltd'), 2],
  );
  const k = await keys();
  t.same(await view.candidates('Baraka'), [], 'the old name no longer matches');
  t.same(await redis.zrange(k.word('baraka'), 0, -1), []);
  t.same(
    await redis.zrange(k.word('manpower'), 0, -1, 'WITHSCORES'),
    [agencyId, '2'],
    'a kept word stays indexed, scored by the number of words of the name',
  );
  t.equal(await redis.pfcount(k.named), 1, 'a renamed agency is counted once');
  t.same(await view.candidates('Neema Manpower'), [
    { agencyId, name: 'Neema Manpower Ltd', status: 'licensed', score: 1 },
  ]);
});

t.test('candidates for a misspelt or partial name', async (t) => {
  const { view, start, publish, handledAtLeast } = await setup(t);
  const runner = await start();
  const ids = { safa: randomUUID(), noor: randomUUID(), safari: randomUUID(), bidii: randomUUID() };
  await publish(AgencyApplicationRecorded, recorded(ids.safa, 'Al-Safa Manpower Recruitment Agency Ltd'));
  await publish(AgencyLicensed, licensed(ids.safa, 'Al-Safa Manpower Recruitment Agency Ltd'));
  await publish(AgencyApplicationRecorded, recorded(ids.noor, 'Al Noor Employment Bureau'));
  await publish(AgencyApplicationRecorded, recorded(ids.safari, 'Safari Travel Agency'));
  await publish(AgencyApplicationRecorded, recorded(ids.bidii, 'Bidii Recruitment Services'));
  await handledAtLeast(5);
  await runner.caughtUp();

  t.same(await view.candidates('Al Safa Recruitment'), [
    { agencyId: ids.safa, name: 'Al-Safa Manpower Recruitment Agency Ltd', status: 'licensed', score: 0.8 },
    { agencyId: ids.noor, name: 'Al Noor Employment Bureau', status: 'applied', score: 0.5 },
  ]);
  t.equal((await view.candidates('AL SAFA MANPOWER recruitment agency limited'))[0]?.score, 1, 'exact');
  t.equal((await view.candidates('Al Safa Recruitment', 1)).length, 1, 'limit');
  t.same(
    (await view.candidates('bidii')).map((c) => c.agencyId),
    [ids.bidii],
  );
  t.same(await view.candidates('Recruitment Agency Ltd'), [], 'generic words match nothing');
  t.same(await view.candidates('Unknown Holdings'), [], 'no shared word, no candidate');
  await runner.stop();
});

t.test('a stopped view resumes where it stopped', async (t) => {
  const { view, start, publish, handledAtLeast, handled } = await setup(t);
  const agencyId = randomUUID();
  const first = await start();
  await publish(AgencyApplicationRecorded, recorded(agencyId, 'Imara Manpower Ltd'));
  await publish(AgencyLicensed, licensed(agencyId, 'Imara Manpower Ltd'));
  await handledAtLeast(2);
  await first.caughtUp();
  await first.stop();

  await publish(AgencySuspended, suspended(agencyId));
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.equal((await view.get(agencyId))?.status, 'licensed', 'nothing applied while stopped');

  const second = await start();
  await handledAtLeast(3);
  await second.caughtUp();
  t.equal(handled(), 3, 'only the event published while stopped was handled after the restart');
  t.equal((await view.get(agencyId))?.status, 'suspended');
  await second.stop();
});

t.test('a message that is not a valid event is dead-lettered and the view moves on', async (t) => {
  const { nc, ns, js, view, start, publish, handledAtLeast } = await setup(t);
  const runner = await start();
  const h = headers();
  h.set('ce-specversion', '1.0');
  h.set('ce-type', AgencySuspended.type);
  h.set('ce-id', randomUUID());
  const bad = await js.publish(names.integrationSubject(ns, AgencySuspended.type), 'not json', {
    headers: h,
  });
  const agencyId = randomUUID();
  await publish(AgencyApplicationRecorded, recorded(agencyId, 'Faraja Manpower Ltd'));
  await handledAtLeast(1);
  await runner.caughtUp();
  t.equal((await view.get(agencyId))?.status, 'applied', 'the event after it is applied');
  const letters = await listDeadLetters(nc, ns, AGENCY_VIEW);
  t.equal(letters.length, 1, 'one dead letter');
  t.equal(letters[0]?.originalStreamSeq, bad.seq, 'of the bad message');
  await runner.stop();
});

const at = (day: number) => `2026-03-${String(day).padStart(2, '0')}T08:00:00.000Z`;

/** An envelope as the registry's relay publishes it. */
function event<D extends IntegrationEventDefinition>(
  definition: D,
  data: IntegrationEventData<D> & { agencyId: string; at: string },
): Envelope<IntegrationEventData<D>> {
  return {
    id: randomUUID(),
    source: '/kazi/agency-registry',
    type: definition.type,
    subject: data.agencyId,
    time: data.at,
    correlationId: randomUUID(),
    actor: 'officer-1',
    data,
  };
}

const recorded = (agencyId: string, name: string) =>
  event(AgencyApplicationRecorded, {
    agencyId,
    name,
    registrationNumber: 'PVT-123',
    county: 'Mombasa',
    at: at(1),
  });

const licensed = (agencyId: string, name: string) =>
  event(AgencyLicensed, {
    agencyId,
    name,
    registrationNumber: 'PVT-123',
    licenceNumber: 'NEA/PRA/0042',
    validFrom: '2026-03-01',
    validUntil: '2027-02-28',
    at: at(2),
  });

const suspended = (agencyId: string) =>
  event(AgencySuspended, { agencyId, reason: 'complaints under review', at: at(3) });

/** Resolves once `check` is true; fails with `what` if it never is. */
async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

t.test(
  'while the projection fills after the deploy, agencies are still known from the previous keys',
  async (t) => {
    const { ns, redis, view, applyAt } = await setup(t);
    const agencyId = randomUUID();
    await redis.hset(previousAgencyKey(ns, agencyId), {
      agencyId,
      name: 'Old Layout Manpower',
      status: 'licensed',
    });
    t.same(
      await view.get(agencyId),
      { agencyId, name: 'Old Layout Manpower', status: 'licensed' },
      'not reached yet: the keys of the former consumer answer',
    );
    await applyAt([suspended(agencyId), 9]);
    t.equal((await view.get(agencyId))?.status, 'suspended', 'once applied, the projection answers');
  },
);
