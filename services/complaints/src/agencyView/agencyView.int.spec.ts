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
import { names } from '@kazi/eventsourcing';
import { type Envelope, ensureIntegrationStreams, publishIntegrationEvent } from '@kazi/messaging';
import { natsFixture, redisFixture, uniqueNamespace } from '@kazi/testing';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import t, { type Test } from 'tap';
import { AGENCY_VIEW_CONSUMER, applyAgencyEvent, startAgencyView } from './agencyView.ts';
import { agencyViewKeys } from './agencyViewKeys.ts';
import { AgencyView } from './agencyViewQueries.ts';

async function setup(t: Test) {
  const ns = uniqueNamespace('cav');
  const nc = await natsFixture(t, ns);
  const redis = await redisFixture(t, ns);
  await ensureIntegrationStreams(nc, ns);
  const js = jetstream(nc);
  const view = new AgencyView(redis, ns);
  const keys = agencyViewKeys(ns);
  /** Messages the view's consumer has acked, over every start. */
  let handled = 0;
  const start = async () => {
    const consumer = await startAgencyView({
      nc,
      redis,
      namespace: ns,
      metrics: { processed: (_consumer, outcome) => void (outcome === 'ok' && handled++) },
    });
    t.teardown(() => consumer.stop());
    return consumer;
  };
  /** Publishes as the registry's relay does and returns the stream sequence the event got. */
  const publish = async <D extends IntegrationEventDefinition>(
    definition: D,
    envelope: Envelope<IntegrationEventData<D>>,
  ): Promise<number> => (await publishIntegrationEvent(js, ns, definition, envelope)).seq;
  const handledAtLeast = (count: number) => eventually(`${count} events handled`, () => handled >= count);
  /** Waits until the durable has nothing pending or unacked, so a redelivery would already have shown. */
  const settled = async () => {
    const jsm = await jetstreamManager(nc);
    await eventually('the view to catch up', async () => {
      const info = await jsm.consumers.info(names.integrationStream(ns), AGENCY_VIEW_CONSUMER);
      return info.num_ack_pending === 0 && info.num_pending === 0;
    });
  };
  /** Every key of the view with its contents, to compare the view before and after. */
  const snapshot = async () => {
    const found = await redis.keys(`${names.redisKey(ns, 'complaints')}:*`);
    const read = async (key: string) => {
      const type = await redis.type(key);
      if (type === 'hash') return redis.hgetall(key);
      if (type === 'zset') return redis.zrange(key, 0, -1, 'WITHSCORES');
      return redis.get(key);
    };
    const entries = await Promise.all(found.sort().map(async (key) => [key, await read(key)] as const));
    return Object.fromEntries(entries);
  };
  return {
    ns,
    nc,
    redis,
    view,
    keys,
    start,
    publish,
    handledAtLeast,
    settled,
    snapshot,
    handled: () => handled,
  };
}

t.test('the view follows an agency from application to revocation', async (t) => {
  const { view, redis, keys, start, publish, handledAtLeast } = await setup(t);
  const agencyId = randomUUID();
  const consumer = await start();

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
  t.same(await view.get(agencyId), {
    agencyId,
    name: 'Al-Safa Manpower Recruitment Agency Ltd',
    status: 'revoked',
    licenceNumber: 'NEA/PRA/0042',
    validUntil: '2027-02-28',
  });
  const hash = await redis.hgetall(keys.agency(agencyId));
  t.equal(hash.seq, String(last), 'the last applied sequence is stored');
  t.equal(hash.updatedAt, at(5), 'updatedAt is when the registry revoked');
  t.equal(await view.get(randomUUID()), undefined, 'an agency never heard of is undefined');
  await consumer.stop();
});

t.test('the same messages delivered again leave the same view', async (t) => {
  const { nc, ns, redis, view, start, publish, handledAtLeast, settled, snapshot } = await setup(t);
  const agencyId = randomUUID();
  const consumer = await start();
  await publish(AgencyApplicationRecorded, recorded(agencyId, 'Bidii Manpower Ltd'));
  const licensedEvent = licensed(agencyId, 'Bidii Manpower Ltd');
  const licensedSeq = await publish(AgencyLicensed, licensedEvent);
  await publish(AgencySuspended, suspended(agencyId));
  await handledAtLeast(3);
  await settled();
  const before = await snapshot();

  t.equal(
    await applyAgencyEvent(redis, ns, licensedEvent, licensedSeq),
    false,
    'applying a message again changes nothing',
  );
  // Deleting the durable makes the restarted view receive every message again from the start.
  await consumer.stop();
  const jsm = await jetstreamManager(nc);
  await jsm.consumers.delete(names.integrationStream(ns), AGENCY_VIEW_CONSUMER);
  const again = await start();
  await handledAtLeast(6);
  await settled();
  t.same(await snapshot(), before, 'the whole view is unchanged');
  t.equal((await view.get(agencyId))?.status, 'suspended');
  await again.stop();
});

t.test('an older event applied after a newer one does not overwrite it', async (t) => {
  const { ns, redis, view, start, publish, handledAtLeast } = await setup(t);
  const agencyId = randomUUID();
  const consumer = await start();
  await publish(AgencyApplicationRecorded, recorded(agencyId, 'Neema Manpower Ltd'));
  const licensedEvent = licensed(agencyId, 'Neema Manpower Ltd');
  const licensedSeq = await publish(AgencyLicensed, licensedEvent);
  await publish(AgencySuspended, suspended(agencyId));
  await handledAtLeast(3);

  t.equal(await applyAgencyEvent(redis, ns, licensedEvent, licensedSeq), false);
  const reinstated = event(AgencyReinstated, { agencyId, at: at(4) });
  t.equal(await applyAgencyEvent(redis, ns, reinstated, licensedSeq), false, 'an older reinstatement');
  t.equal((await view.get(agencyId))?.status, 'suspended', 'still suspended');
  await consumer.stop();
});

t.test('events arriving out of order still build the agency', async (t) => {
  const { ns, redis, view } = await setup(t);
  const apply = (envelope: Envelope, sequence: number) => applyAgencyEvent(redis, ns, envelope, sequence);

  const first = randomUUID();
  t.ok(await apply(licensed(first, 'Upendo Travel Agency Ltd'), 7), 'licensed before recorded');
  t.same(await view.get(first), {
    agencyId: first,
    name: 'Upendo Travel Agency Ltd',
    status: 'licensed',
    licenceNumber: 'NEA/PRA/0042',
    validUntil: '2027-02-28',
  });
  t.notOk(await apply(recorded(first, 'Upendo Travel'), 3), 'the older application changes nothing');
  t.equal((await view.get(first))?.name, 'Upendo Travel Agency Ltd', 'the newer name stays');

  const second = randomUUID();
  await apply(suspended(second), 10);
  t.same(await view.get(second), { agencyId: second, name: '', status: 'suspended' }, 'no name yet');
  t.ok(await apply(recorded(second, 'Jasiri Manpower Ltd'), 5), 'a late application still names it');
  t.same(await view.get(second), { agencyId: second, name: 'Jasiri Manpower Ltd', status: 'suspended' });
  t.equal((await view.candidates('Jasiri'))[0]?.agencyId, second, 'and makes it findable');
});

t.test('a new name replaces the old one in the token index', async (t) => {
  const { ns, redis, view, keys } = await setup(t);
  const agencyId = randomUUID();
  await applyAgencyEvent(redis, ns, recorded(agencyId, 'Baraka Manpower Ltd'), 1);
  await applyAgencyEvent(redis, ns, licensed(agencyId, 'Neema Manpower Ltd'), 2);
  t.same(await view.candidates('Baraka'), [], 'the old name no longer matches');
  t.same(await redis.zrange(keys.token('baraka'), 0, -1), []);
  t.same(
    await redis.zrange(keys.token('manpower'), 0, -1, 'WITHSCORES'),
    [agencyId, '2'],
    'a kept word stays indexed, scored by the number of words of the name',
  );
  t.equal(await redis.get(keys.namedCount), '1', 'a renamed agency is counted once');
  t.same(await view.candidates('Neema Manpower'), [
    { agencyId, name: 'Neema Manpower Ltd', status: 'licensed', score: 1 },
  ]);
});

t.test('candidates for a misspelt or partial name', async (t) => {
  const { view, start, publish, handledAtLeast } = await setup(t);
  const consumer = await start();
  const ids = { safa: randomUUID(), noor: randomUUID(), safari: randomUUID(), bidii: randomUUID() };
  await publish(AgencyApplicationRecorded, recorded(ids.safa, 'Al-Safa Manpower Recruitment Agency Ltd'));
  await publish(AgencyLicensed, licensed(ids.safa, 'Al-Safa Manpower Recruitment Agency Ltd'));
  await publish(AgencyApplicationRecorded, recorded(ids.noor, 'Al Noor Employment Bureau'));
  await publish(AgencyApplicationRecorded, recorded(ids.safari, 'Safari Travel Agency'));
  await publish(AgencyApplicationRecorded, recorded(ids.bidii, 'Bidii Recruitment Services'));
  await handledAtLeast(5);

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
  await consumer.stop();
});

t.test('a stopped view resumes where it stopped', async (t) => {
  const { view, start, publish, handledAtLeast, settled, handled } = await setup(t);
  const agencyId = randomUUID();
  const first = await start();
  await publish(AgencyApplicationRecorded, recorded(agencyId, 'Imara Manpower Ltd'));
  await publish(AgencyLicensed, licensed(agencyId, 'Imara Manpower Ltd'));
  await handledAtLeast(2);
  await settled();
  await first.stop();

  await publish(AgencySuspended, suspended(agencyId));
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.equal((await view.get(agencyId))?.status, 'licensed', 'nothing applied while stopped');

  const second = await start();
  await handledAtLeast(3);
  await settled();
  t.equal(handled(), 3, 'only the event published while stopped was handled after the restart');
  t.equal((await view.get(agencyId))?.status, 'suspended');
  await second.stop();
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
  'while the view re-fills in a new layout, agencies are still known from the previous one',
  async (t) => {
    const { ns, redis, view, keys } = await setup(t);
    const agencyId = randomUUID();
    await redis.hset(keys.previousAgency(agencyId), {
      agencyId,
      name: 'Old Layout Manpower',
      status: 'licensed',
    });
    t.same(
      await view.get(agencyId),
      { agencyId, name: 'Old Layout Manpower', status: 'licensed' },
      'not replayed yet: the previous layout answers',
    );
    await applyAgencyEvent(redis, ns, suspended(agencyId), 9);
    t.equal((await view.get(agencyId))?.status, 'suspended', 'once replayed, the new layout answers');
  },
);
