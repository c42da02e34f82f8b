import { randomUUID } from 'node:crypto';
import { applyMessages, projectionKeys } from '@kazi/eventsourcing';
import { redisFixture, uniqueNamespace } from '@kazi/test-servers';
import t, { type Test } from 'tap';
import { type AttacheEvent, at, caseClosed, caseOpened, caseUpdated } from './attacheEvents.fixture.ts';
import { ATTACHE_CASE_VIEW, caseViewProjection } from './caseView.ts';
import { AttacheCaseView, MAX_CASES_PER_COMPLAINT } from './caseViewQueries.ts';

/** The case view through the runner's own apply script, without NATS: positions chosen by the test. */
async function setup(t: Test) {
  const ns = uniqueNamespace('ccv');
  const redis = await redisFixture(t, ns);
  const view = new AttacheCaseView(redis, ns);
  let position = 0;
  /** Applies the events, each as the next message of the stream; returns how many were new. */
  const apply = (...events: AttacheEvent[]) =>
    applyMessages(
      redis,
      ns,
      caseViewProjection,
      events.map(({ envelope }) => {
        position += 1;
        return { position, events: [{ envelope, position }] };
      }),
    );
  /** Every key of the live generation with its contents. */
  const snapshot = async () => {
    const { prefix } = await projectionKeys(redis, ns, ATTACHE_CASE_VIEW);
    const found = (await redis.keys(`${prefix}:*`)).sort();
    return Object.fromEntries(
      await Promise.all(
        found.map(async (key) => {
          const value =
            (await redis.type(key)) === 'hash'
              ? await redis.hgetall(key)
              : await redis.zrange(key, 0, -1, 'WITHSCORES');
          return [key.slice(prefix.length), value] as const;
        }),
      ),
    );
  };
  return { redis, ns, view, apply, snapshot };
}

t.test('a case opened from a complaint is linked to it, and its closure shows the outcome', async (t) => {
  const { view, apply } = await setup(t);
  const complaintId = randomUUID();
  const caseId = `referral:${complaintId}:SA`;
  await apply(caseOpened(caseId, { complaintId, caseType: 'repatriation', day: 2 }));
  t.same(await view.ofComplaint(complaintId), [
    {
      caseId,
      mission: 'SA',
      caseType: 'repatriation',
      openedAt: at(2),
      status: 'open',
      outcome: null,
      closedAt: null,
    },
  ]);
  await apply(caseUpdated(caseId), caseClosed(caseId, 'worker-returned', { complaintId, day: 9 }));
  t.same(await view.ofComplaint(complaintId), [
    {
      caseId,
      mission: 'SA',
      caseType: 'repatriation',
      openedAt: at(2),
      status: 'closed',
      outcome: 'worker-returned',
      closedAt: at(9),
    },
  ]);
  t.same(await view.ofComplaint(randomUUID()), [], 'a complaint without a case has none');
});

t.test("a complaint's cases in the order they were opened, and no other complaint's", async (t) => {
  const { view, apply } = await setup(t);
  const complaintId = randomUUID();
  const other = randomUUID();
  await apply(
    caseOpened(`referral:${complaintId}:SA`, { complaintId, country: 'SA' }),
    caseOpened(`referral:${other}:SA`, { complaintId: other }),
    caseOpened('case-qa', { complaintId, country: 'QA', caseType: 'welfare-check' }),
  );
  t.same(
    (await view.ofComplaint(complaintId)).map((c) => [c.caseId, c.mission]),
    [
      [`referral:${complaintId}:SA`, 'SA'],
      ['case-qa', 'QA'],
    ],
  );
});

t.test('cases not opened from a complaint, and actions on cases, leave nothing', async (t) => {
  const { apply, snapshot } = await setup(t);
  await apply(
    caseOpened('case-alone'),
    caseUpdated('case-alone'),
    caseClosed('case-alone', 'resolved'),
    // A closure naming a complaint, of a case whose opening this view never had: nothing to show it on.
    caseClosed('case-unknown', 'resolved', { complaintId: randomUUID() }),
  );
  const keys = Object.keys(await snapshot());
  t.notOk(
    keys.some((k) => k.includes('complaint')),
    'no complaint is linked to a case',
  );
});

t.test('the same events delivered again leave the same view', async (t) => {
  const { view, apply, snapshot } = await setup(t);
  const complaintId = randomUUID();
  const caseId = `referral:${complaintId}:SA`;
  const opened = caseOpened(caseId, { complaintId });
  const closed = caseClosed(caseId, 'partially-resolved', { complaintId });
  await apply(opened, closed);
  const before = await snapshot();
  // Published again by a relay that crashed before it recorded them: new positions, the same events.
  t.equal(await apply(opened, closed), 2, 'applied again at later positions');
  t.same(await snapshot(), before, 'the whole view is unchanged');
  await apply(opened);
  t.equal(
    (await view.ofComplaint(complaintId))[0]?.outcome,
    'partially-resolved',
    'a late opening reopens nothing',
  );
});

t.test('a complaint with more cases than the bound reads the first ones opened', async (t) => {
  const { view, apply } = await setup(t);
  const complaintId = randomUUID();
  const many = Array.from({ length: MAX_CASES_PER_COMPLAINT + 5 }, (_, i) =>
    caseOpened(`case-${String(i).padStart(2, '0')}`, { complaintId }),
  );
  await apply(...many);
  const cases = await view.ofComplaint(complaintId);
  t.equal(cases.length, MAX_CASES_PER_COMPLAINT);
  t.equal(cases[0]?.caseId, 'case-00', 'the first opened first');
});
