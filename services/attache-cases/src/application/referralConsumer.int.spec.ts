import { randomUUID } from 'node:crypto';
import { complaintBody } from '@kazi/complaints/testing';
import { CaseOpened, ComplaintReferred } from '@kazi/contracts';
import { startHost } from '@kazi/host';
import type { Envelope } from '@kazi/messaging';
import t from 'tap';
import { caseIntegrationEvents } from '../domain/index.ts';
import {
  assertProblem,
  errorPaths,
  newUpdateId,
  openCaseBody,
  referralModules,
  startAttacheTestSystem,
} from '../http/attacheTestSystem.fixture.ts';
import { attacheCasesModule } from '../main.ts';
import { referralCaseIdOf } from './referralConsumer.ts';

/**
 * A complaint referred to the labour attaché opens a case in the mission of its country, linked to the
 * complaint, with the worker's sex and age band from the lodging and none of their personal data: exactly
 * once, whether the referral is delivered again or heard by two replicas at once.
 */
t.test('cases opened from referred complaints', async (t) => {
  const sys = await startAttacheTestSystem(t, { modules: referralModules, label: 'attref' });
  const { call, tokens } = sys;

  const lodge = async (overrides: Record<string, unknown> = {}) => {
    const r = await call('POST', '/complaints', { token: tokens.hotline, body: complaintBody(overrides) });
    sys.expectStatus(r, 201, 'POST /complaints');
    return r.body as { id: string; version: number };
  };
  const refer = async (complaint: { id: string; version: number }, body: Record<string, unknown>) => {
    const r = await call('POST', `/complaints/${complaint.id}/referral`, { token: tokens.officer, body });
    sys.expectStatus(r, 200, 'POST /complaints/:id/referral');
    return r.body.version as number;
  };
  /** The cases of a complaint in the feed, once `count` of them are there (or after 10 s). */
  const casesOf = async (complaintId: string, count = 1, tok = tokens.officer) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      await sys.caughtUp();
      const r = await call('GET', `/cases?complaintId=${complaintId}`, { token: tok });
      if (r.body.items.length >= count || Date.now() > deadline)
        return r.body.items as Record<string, unknown>[];
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const envelopeOf = (data: Record<string, unknown>): Envelope => ({
    id: randomUUID(),
    source: '/kazi/complaints',
    type: ComplaintReferred.type,
    subject: String(data.complaintId),
    time: '2026-03-01T08:00:00.000Z',
    correlationId: randomUUID(),
    actor: 'officer-1',
    data,
  });

  await t.test(
    'a referral to the attaché opens a case in the mission, linked to the complaint',
    async (t) => {
      const complaint = await lodge();
      await refer(complaint, { to: 'labour-attache', note: 'Please visit her.' });
      const [opened] = await casesOf(complaint.id);
      t.match(opened, {
        id: referralCaseIdOf(complaint.id, 'SA'),
        type: 'labour-dispute',
        country: 'SA',
        status: 'open',
        complaintId: complaint.id,
        sex: 'female',
        ageBand: '25-34',
        personalData: 'none',
        version: 1,
      });
      const view = await call('GET', `/cases/${opened?.id}`, { token: tokens.attache });
      t.match(view.body, {
        view: 'full',
        complaintId: complaint.id,
        personalData: 'none',
        worker: { fullName: null, sex: 'female' },
        openedBy: { sub: 'attache-cases', name: 'complaint referral' },
      });
      assertProblem(
        t,
        await call('GET', `/cases/${opened?.id}`, { token: tokens.attacheQa }),
        404,
        'not-found',
      );
      t.same(
        await casesOf(complaint.id, 1, tokens.attache),
        [opened],
        'the SA attaché finds it by complaintId',
      );

      // The attaché reaches the worker and adds her details.
      const details = await call('POST', `/cases/${opened?.id}/worker`, {
        token: tokens.attache,
        body: {
          worker: {
            fullName: 'Faith Wanjiru',
            sex: 'female',
            dateOfBirth: '1995-07-01',
            phone: '+966501234567',
          },
          expectedVersion: 1,
          updateId: newUpdateId(),
        },
      });
      t.equal(details.status, 200);
      const withDetails = await call('GET', `/cases/${opened?.id}`, { token: tokens.attache });
      t.match(withDetails.body, {
        personalData: 'held',
        worker: { fullName: 'Faith Wanjiru', phone: '+966501234567', ageBand: '25-34' },
        version: 2,
      });
    },
  );

  await t.test(
    'an attaché links a case they open to a complaint referred to their mission, and to no other',
    async (t) => {
      const complaint = await lodge();
      await refer(complaint, { to: 'labour-attache' });
      await casesOf(complaint.id);
      const open = (complaintId: string, tok = tokens.attache, country = 'SA') =>
        call('POST', '/cases', {
          token: tok,
          body: openCaseBody({ type: 'repatriation', country, complaintId }),
        });

      const linked = await open(complaint.id);
      sys.expectStatus(linked, 201, 'a second case for the complaint referred to SA');
      const view = await call('GET', `/cases/${linked.body.id}`, { token: tokens.attache });
      t.match(view.body, { complaintId: complaint.id, type: 'repatriation' });
      t.equal((await casesOf(complaint.id, 2)).length, 2, 'both cases found by complaintId');

      const refused = async (r: Awaited<ReturnType<typeof open>>, what: string, mission = 'SA') => {
        assertProblem(t, r, 422, 'complaint-not-referred', what);
        t.same(errorPaths(r), ['complaintId'], `${what}: names the field`);
        t.match(r.body.errors?.[0]?.message, `referred to the labour attaché of ${mission}`);
      };
      await refused(await open(complaint.id, tokens.attacheQa, 'QA'), 'referred to SA, opened in QA', 'QA');
      await refused(await open(randomUUID()), 'a complaint never heard of');
      await refused(await open('NEA-2026-000001'), 'a reference instead of the id');
      const police = await lodge();
      await refer(police, { to: 'police' });
      await refused(await open(police.id), 'referred to the police only');
    },
  );

  await t.test(
    'the case type follows the categories; other referrals open nothing; each mission its own case',
    async (t) => {
      const stranded = await lodge({ categories: ['stranded'] });
      await refer(stranded, { to: 'labour-attache' });
      t.match(await casesOf(stranded.id), [{ type: 'repatriation' }]);

      const police = await lodge();
      const version = await refer(police, { to: 'police' });
      await refer({ id: police.id, version }, { to: 'labour-attache', country: 'QA' });
      const [doha] = await casesOf(police.id);
      t.match(
        doha,
        { country: 'QA', id: referralCaseIdOf(police.id, 'QA') },
        'only the attaché referral opened one',
      );
      const both = await lodge();
      const v = await refer(both, { to: 'labour-attache' });
      await refer({ id: both.id, version: v }, { to: 'labour-attache', country: 'AE' });
      t.same(
        (await casesOf(both.id, 2)).map((c) => c.country).sort(),
        ['AE', 'SA'],
        'a complaint referred to two missions opens two cases',
      );
    },
  );

  await t.test(
    'a referral delivered again, or heard by two replicas at once, opens the case once',
    async (t) => {
      const complaint = await lodge();
      await refer(complaint, { to: 'labour-attache' });
      const [opened] = await casesOf(complaint.id);
      const referral = {
        complaintId: complaint.id,
        at: '2026-03-01T08:00:00.000Z',
        reference: 'NEA-2026-000001',
        to: 'labour-attache',
        country: 'SA',
        categories: ['withheld-wages'],
        severity: 'high',
      };
      const { referrals } = sys.system.modules.attacheCases;
      await referrals.handle(envelopeOf(referral), { sequence: 1, deliveries: 2 });

      const replica = await startHost({
        name: 'attache-replica',
        modules: { attacheCases: attacheCasesModule },
        env: {
          KAZI_NAMESPACE: sys.namespace,
          NODE_ENV: 'test',
          KAZI_DEV: '1',
          LOG_LEVEL: 'silent',
          MAX_EVENT_LOOP_DELAY_MS: '0',
          MAX_HEAP_USED_MB: '0',
        },
        clock: sys.clock,
        listen: false,
      });
      try {
        // The same referral in both replicas' hands at once, for a complaint not heard of before.
        const fresh = { ...referral, complaintId: randomUUID() };
        await Promise.all([
          referrals.handle(envelopeOf(fresh), { sequence: 2, deliveries: 3 }),
          replica.modules.attacheCases.referrals.handle(envelopeOf(fresh), { sequence: 2, deliveries: 3 }),
        ]);
        const [raced] = await casesOf(fresh.complaintId);
        t.match(raced, { version: 1, sex: 'unspecified' }, 'one case, without facts never heard');

        // Referrals while two replicas share the consumer: each complaint one case.
        const complaints = await Promise.all([1, 2, 3, 4, 5, 6].map(() => lodge()));
        for (const c of complaints) await refer(c, { to: 'labour-attache' });
        for (const c of complaints) {
          const found = await casesOf(c.id);
          t.equal(found.length, 1, `complaint ${c.id.slice(0, 8)}: one case`);
          t.equal(found[0]?.version, 1);
        }
      } finally {
        await replica.stop();
      }
      const view = await call('GET', `/cases/${opened?.id}`, { token: tokens.officer });
      t.equal(view.body.version, 1, 'the redelivered referral changed nothing');
    },
  );

  await t.test(
    "a referral before its complaint's lodging was heard waits, then opens without the facts",
    async (t) => {
      const { referrals } = sys.system.modules.attacheCases;
      const complaintId = randomUUID();
      const referral = {
        complaintId,
        at: '2026-03-01T08:00:00.000Z',
        reference: 'NEA-2026-000002',
        to: 'labour-attache',
        country: 'SA',
        categories: ['death'],
        severity: 'critical',
      };
      await t.rejects(
        referrals.handle(envelopeOf(referral), { sequence: 9, deliveries: 1 }),
        /not heard yet/,
        'retried while the lodging may still be on its way',
      );
      await referrals.handle(envelopeOf(referral), { sequence: 9, deliveries: 3 });
      t.match(await casesOf(complaintId), [{ type: 'death-case', sex: 'unspecified', ageBand: null }]);
    },
  );

  await t.test(
    'a case opened from a referral is stamped with the time of the referral, however late it is heard',
    async (t) => {
      const { referrals } = sys.system.modules.attacheCases;
      const complaintId = randomUUID();
      // Heard a day after it was made (a consumer that was down); its own offset, as a publisher may send.
      const referral = {
        complaintId,
        at: '2026-02-28T11:00:00.000+03:00',
        reference: 'NEA-2026-000003',
        to: 'labour-attache',
        country: 'SA',
        categories: ['withheld-wages'],
        severity: 'high',
      };
      await referrals.handle(envelopeOf(referral), { sequence: 10, deliveries: 3 });
      const [opened] = await casesOf(complaintId);
      t.match(opened, { openedAt: '2026-02-28T08:00:00.000Z', updatedAt: '2026-02-28T08:00:00.000Z' });
      const view = await call('GET', `/cases/${opened?.id}`, { token: tokens.officer });
      t.equal(view.body.openedAt, '2026-02-28T08:00:00.000Z', 'the record says so too');
      const events = await sys.system.modules.attacheCases.store.readStream(`case.${opened?.id}`);
      t.match(
        caseIntegrationEvents(events.events[0]!, String(opened?.id)),
        [{ definition: { type: CaseOpened.type }, data: { at: '2026-02-28T08:00:00.000Z' } }],
        'and so does the integration event',
      );
    },
  );
});
