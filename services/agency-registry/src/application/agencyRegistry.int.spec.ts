import { randomUUID } from 'node:crypto';
import { ManualClock } from '@kazi/core';
import { CommandHandler, JetStreamEventStore } from '@kazi/eventsourcing';
import { type RunningHost, startHost } from '@kazi/host';
import type { RequestContext } from '@kazi/service-kit';
import { cleanupNamespace, NATS_URL, uniqueNamespace } from '@kazi/test-servers';
import { connect } from '@nats-io/transport-node';
import t, { type Test } from 'tap';
import { VETTING_CHECKS } from '../config.ts';
import { identifierClaim, identifierStream } from '../domain/identifierClaim.ts';
import { agencyRegistryModule } from '../main.ts';
import { licenceApplicationBody } from '../testing/index.ts';

/** Replicas of the registry: each its own host on the same namespace, as a deployment runs them. */
const registryModules = { agencyRegistry: agencyRegistryModule };
type System = RunningHost<typeof registryModules>;

const officer: RequestContext = {
  user: { sub: 'officer-1', name: 'Achieng', roles: ['nea-officer'] },
  correlationId: 'c',
  requestId: 'r',
};
const director: RequestContext = {
  user: { sub: 'director-1', name: 'Kamau', roles: ['nea-director'] },
  correlationId: 'c',
  requestId: 'r',
};

async function setup(t: Test, clock: ManualClock, extraEnv: Record<string, string> = {}) {
  const namespace = uniqueNamespace('reg');
  const env = {
    KAZI_NAMESPACE: namespace,
    NODE_ENV: 'test',
    KAZI_DEV: '1',
    LOG_LEVEL: 'silent',
    EXPIRY_SWEEP_INTERVAL_MS: '3600000',
    ...extraEnv,
  };
  const systems: System[] = [];
  const start = async () => {
    const s = await startHost({ name: 'registry', modules: registryModules, env, clock, listen: false });
    systems.push(s);
    return s;
  };
  t.teardown(async () => {
    for (const s of systems) await s.stop();
    await cleanupNamespace(namespace);
  });
  return { start, namespace };
}

async function licensedAgency(system: System) {
  const app = system.modules.agencyRegistry.app;
  const { id } = await app.recordApplication(licenceApplicationBody(), officer);
  let version = 1;
  for (const check of VETTING_CHECKS)
    version = (await app.recordVettingCheck(id, { check, outcome: 'pass' }, officer, undefined)).version;
  const approved = await app.approve(id, director, version);
  return { id, approved };
}

/** The error a promise rejects with (undefined if it resolves). */
const refusal = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

const caughtUp = (system: System) => Promise.all(system.projections.map((p) => p.caughtUp()));

t.test('a lapsed licence expires exactly once, with two replicas sweeping and after a restart', async (t) => {
  const clock = new ManualClock(new Date('2026-03-01T08:00:00Z'));
  const { start } = await setup(t, clock);
  const [a, b] = [await start(), await start()];
  const { id, approved } = await licensedAgency(a);
  t.equal(approved.validUntil, '2027-02-28', 'valid 12 months, through the day before');
  await caughtUp(a);

  clock.set('2027-02-28T23:00:00Z');
  t.equal((await a.modules.agencyRegistry.app.sweep()).expired, 0, 'not expired on its last valid day');

  clock.set('2027-03-01T06:00:00Z');
  const swept = await Promise.all([a, b, a, b].map((s) => s.modules.agencyRegistry.app.sweep()));
  t.equal(
    swept.reduce((x, y) => x + y.expired, 0),
    1,
    'four concurrent sweeps on two replicas expire it once',
  );

  await b.stop();
  const c = await start();
  await caughtUp(c);
  await c.modules.agencyRegistry.app.sweep();
  clock.advanceDays(3);
  await c.modules.agencyRegistry.app.sweep();
  const record = await c.modules.agencyRegistry.app.getAgency(id, 'full');
  t.equal(record.status, 'expired');
  t.equal(
    record.licenceHistory.filter((h) => h.event === 'expired').length,
    1,
    'one LicenceExpired in the history',
  );

  const renewed = await c.modules.agencyRegistry.app.renew(id, director, record.version);
  t.equal(renewed.status, 'licensed', 'an expired licence can be renewed');
  t.equal(renewed.validUntil, '2028-03-03', 'a late renewal runs from today');
});

t.test('concurrent approvals get unique, sequential licence numbers', async (t) => {
  const clock = new ManualClock(new Date('2026-05-01T08:00:00Z'));
  const { start } = await setup(t, clock);
  const [a, b] = [await start(), await start()];
  const apps = [a.modules.agencyRegistry.app, b.modules.agencyRegistry.app];
  const ready = [];
  for (let i = 0; i < 6; i++) {
    const app = apps[i % 2]!;
    const { id } = await app.recordApplication(licenceApplicationBody(), officer);
    let version = 1;
    for (const check of VETTING_CHECKS)
      version = (await app.recordVettingCheck(id, { check, outcome: 'pass' }, officer, undefined)).version;
    ready.push({ id, version });
  }
  const results = await Promise.all(ready.map((r, i) => apps[i % 2]!.approve(r.id, director, r.version)));
  const numbers = results.map((r) => String(r.licenceNumber)).sort();
  t.same(
    numbers,
    [1, 2, 3, 4, 5, 6].map((n) => `NEA/PRA/2026/0000${n}`),
  );
});

t.test('two concurrent applications with one registration number: exactly one is recorded', async (t) => {
  const clock = new ManualClock(new Date('2026-05-01T08:00:00Z'));
  const { start } = await setup(t, clock);
  const [a, b] = [await start(), await start()];
  const shared = licenceApplicationBody();
  const outcomes = await Promise.allSettled(
    [a, b, a, b].map((s, i) =>
      s.modules.agencyRegistry.app.recordApplication(
        { ...shared, kraPin: `A${String(200000000 + i)}Z` },
        officer,
      ),
    ),
  );
  const won = outcomes.filter((o) => o.status === 'fulfilled');
  const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
  t.equal(won.length, 1, 'one application recorded');
  t.ok(
    lost.every((o) =>
      ['duplicate-registration-number', 'stale-version'].includes((o.reason as { type?: string }).type ?? ''),
    ),
    'the others are refused as duplicates (or lost the race and may retry)',
  );
  // The losers' KRA PINs were released: each can apply again under another registration number.
  // (Which of the four wins is a race: take a loser's PIN.)
  const loser = outcomes.findIndex((o) => o.status === 'rejected');
  const retry = await a.modules.agencyRegistry.app.recordApplication(
    licenceApplicationBody({ kraPin: `A${String(200000000 + loser)}Z` }),
    officer,
  );
  t.ok(retry.id, 'a released KRA PIN is free again');
});

t.test(
  'a claim left by a request that died is taken over once it is old, never while it may be running',
  async (t) => {
    const clock = new ManualClock(new Date('2026-05-01T08:00:00Z'));
    const { start, namespace } = await setup(t, clock);
    const system = await start();
    const nc = await connect({ servers: NATS_URL });
    t.teardown(() => nc.close());
    const store = await JetStreamEventStore.create({ nc, namespace, context: 'agency-registry' });
    t.teardown(() => store.close());
    const claims = new CommandHandler({
      decider: identifierClaim,
      store,
      stateSchemaVersion: 1,
      newId: randomUUID,
    });
    const orphan = licenceApplicationBody();
    // A request claimed the registration number and died before recording its application.
    await claims.handle(
      identifierStream('registration-number', orphan.registrationNumber),
      {
        type: 'ClaimIdentifier',
        kind: 'registration-number',
        value: orphan.registrationNumber,
        agencyId: randomUUID(),
        now: clock.now().toISOString(),
        holderAbandoned: false,
      },
      {
        metadata: {
          commandId: randomUUID(),
          actor: 'test',
          correlationId: 'c',
          time: clock.now().toISOString(),
        },
      },
    );
    const app = system.modules.agencyRegistry.app;
    t.match(
      await refusal(app.recordApplication(orphan, officer)),
      { type: 'duplicate-registration-number' },
      'refused while the claim is recent',
    );
    clock.advanceDays(1);
    const recorded = await app.recordApplication(orphan, officer);
    t.ok(recorded.id, 'taken over once the claim is old and its application never appeared');
    t.match(
      await refusal(
        app.recordApplication(
          licenceApplicationBody({ registrationNumber: orphan.registrationNumber }),
          officer,
        ),
      ),
      { type: 'duplicate-registration-number' },
      'and now it is held by a live application',
    );
  },
);

t.test('renewals run for their own configured period', async (t) => {
  const clock = new ManualClock(new Date('2026-03-01T08:00:00Z'));
  const { start } = await setup(t, clock, { LICENCE_VALIDITY_MONTHS: '12', RENEWAL_VALIDITY_MONTHS: '24' });
  const system = await start();
  const { id, approved } = await licensedAgency(system);
  t.equal(approved.validUntil, '2027-02-28', 'a first licence runs 12 months');
  const renewed = await system.modules.agencyRegistry.app.renew(id, director, approved.version);
  t.equal(renewed.validUntil, '2029-02-28', 'a renewal runs 24 months from the current end');
});

t.test('a suspension until a date is lifted by the clock on that day, once', async (t) => {
  const clock = new ManualClock(new Date('2026-03-01T08:00:00Z'));
  const { start } = await setup(t, clock);
  const [a, b] = [await start(), await start()];
  const { id, approved } = await licensedAgency(a);
  const suspended = await a.modules.agencyRegistry.app.suspend(
    id,
    { reason: 'unpaid wages', until: '2026-04-15' },
    director,
    approved.version,
  );
  t.equal(suspended.status, 'suspended');
  await caughtUp(a);
  clock.set('2026-04-14T23:59:00Z');
  t.equal((await a.modules.agencyRegistry.app.sweep()).suspensionsEnded, 0, 'still suspended the day before');
  clock.set('2026-04-15T00:01:00Z');
  const swept = await Promise.all([a, b, a].map((s) => s.modules.agencyRegistry.app.sweep()));
  t.equal(
    swept.reduce((x, y) => x + y.suspensionsEnded, 0),
    1,
    'lifted once, whichever replica sweeps',
  );
  const record = await a.modules.agencyRegistry.app.getAgency(id, 'full');
  t.equal(record.status, 'licensed');
  t.match(record.licenceHistory.at(-1), { event: 'reinstated', by: { sub: 'system:suspension-end' } });
  await caughtUp(a);
  t.equal((await a.modules.agencyRegistry.app.sweep()).suspensionsEnded, 0, 'and not again');
});
