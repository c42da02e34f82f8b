import { randomBytes } from 'node:crypto';
import t from 'tap';
import {
  attachePublisher,
  caseClosed,
  caseOpened,
  employerVetted,
} from '../attacheView/attacheEvents.fixture.ts';
import { assertProblem, startComplaintsTestSystem } from './complaintsTestSystem.fixture.ts';

/**
 * What the complaints service learns from the attaché-cases service, over HTTP: the case a referral opened
 * and its outcome, and the vetting of the employer a complaint names, per role. The attaché-cases events
 * are published into the test's namespace as that service's relay publishes them; the complaints module
 * runs as deployed, with its views of both declared as projections.
 */
const s = await startComplaintsTestSystem(t, 'cmpatt');
const { call, tokens, lodge, act } = s;
const publish = await attachePublisher(t, s.namespace);

const get = (id: string, token: string) => call('GET', `/complaints/${id}`, { token });
const publicStatus = (reference: string, pin: string) =>
  call('GET', `/public/complaints/status?reference=${reference}&pin=${encodeURIComponent(pin)}`);
/** A distinctive word per test, so employers vetted in one test match no other test's complaint. */
const word = () => `Kilele${randomBytes(3).toString('hex')}`;

t.test('a referral opens a case: each role sees it as it may; its closure shows the outcome', async (t) => {
  const c = await lodge({ location: { country: 'SA', city: 'Riyadh' } });
  await act(c.id, 'referral', c.version, { to: 'labour-attache', country: 'SA', note: 'please call her' });
  const caseId = `referral:${c.id}:SA`;
  await publish(caseOpened(caseId, { complaintId: c.id, country: 'SA', caseType: 'labour-dispute', day: 2 }));
  // A case of another mission opened by its attaché from the same complaint.
  await publish(caseOpened('case-doha-1', { complaintId: c.id, country: 'QA', caseType: 'welfare-check' }));
  await s.caughtUp();

  const nea = await get(c.id, tokens.officer);
  t.equal(nea.status, 200, nea.text);
  t.same(
    nea.body.attacheCases.map((k: { caseId: string; mission: string; status: string }) => [
      k.caseId,
      k.mission,
      k.status,
    ]),
    [
      [caseId, 'SA', 'open'],
      ['case-doha-1', 'QA', 'open'],
    ],
    'NEA sees every case opened from it',
  );
  t.match(nea.body.attacheCases[0], { caseType: 'labour-dispute', outcome: null, closedAt: null });

  const attache = await get(c.id, tokens.attache);
  t.equal(attache.status, 200, attache.text);
  t.same(
    attache.body.attacheCases.map((k: { caseId: string }) => k.caseId),
    [caseId],
    "Riyadh's attaché sees its mission's case only",
  );
  assertProblem(t, await get(c.id, tokens.attacheQa), 403, undefined, 'not referred to Doha');

  const hotline = await get(c.id, tokens.hotline);
  t.equal(hotline.status, 200, hotline.text);
  t.notOk('attacheOutcomes' in hotline.body, 'the hotline: no outcome while the case is open');
  t.notOk('attacheCases' in hotline.body, 'and nothing of the case');
  t.notOk(hotline.text.includes(caseId), 'not even its id');

  t.same(
    Object.keys((await publicStatus(c.reference, c.trackingPin)).body).sort(),
    ['lastUpdated', 'reference', 'status'],
    'nor the public: status and date only',
  );

  await publish(caseClosed(caseId, 'worker-returned', { complaintId: c.id, day: 9 }));
  await s.caughtUp();

  const closed = await get(c.id, tokens.officer);
  t.match(
    closed.body.attacheCases[0],
    { caseId, status: 'closed', outcome: 'worker-returned', closedAt: '2026-03-09T09:00:00.000Z' },
    'NEA sees the outcome and when',
  );
  t.equal(closed.body.attacheCases[1].status, 'open', "Doha's case is still open");
  t.match((await get(c.id, tokens.attache)).body.attacheCases, [{ caseId, outcome: 'worker-returned' }]);
  t.same(
    (await get(c.id, tokens.hotline)).body.attacheOutcomes,
    ['worker-returned'],
    'the hotline: the outcome',
  );

  const status = await publicStatus(c.reference, c.trackingPin);
  t.equal(status.status, 200, status.text);
  t.same(
    Object.keys(status.body).sort(),
    ['attacheOutcomes', 'lastUpdated', 'reference', 'status'],
    'the public look-up grows by the outcomes only',
  );
  t.same(
    status.body.attacheOutcomes,
    ['worker-returned'],
    'that the attaché closed the case, with the outcome',
  );
  for (const hidden of [caseId, 'labour-dispute', 'case-doha-1', 'QA'])
    t.notOk(status.text.includes(hidden), `nothing else of the cases (${hidden})`);
  assertProblem(
    t,
    await publicStatus(c.reference, 'WRONGPIN99'),
    404,
    undefined,
    'a wrong PIN learns nothing',
  );
});

t.test('the analyst reads no complaint, and the queue tells nothing of cases or employers', async (t) => {
  const employer = `${word()} Household Est`;
  const c = await lodge({ employer: { name: employer, country: 'SA' } });
  const caseId = `referral:${c.id}:SA`;
  await act(c.id, 'referral', c.version, { to: 'labour-attache', country: 'SA' });
  await publish(
    caseOpened(caseId, { complaintId: c.id }),
    caseClosed(caseId, 'resolved', { complaintId: c.id }),
    employerVetted(`employer-${c.id}`, employer, 'blacklisted'),
  );
  await s.caughtUp();
  assertProblem(t, await get(c.id, tokens.analyst), 403, undefined, 'no complaint for an analyst');
  const queue = await call('GET', '/complaints?status=referred&limit=200', { token: tokens.analyst });
  t.equal(queue.status, 200, queue.text);
  t.ok(
    queue.body.items.some((i: { id: string }) => i.id === c.id),
    'the complaint is in the queue',
  );
  for (const hidden of [employer, caseId, 'blacklisted', String(c.body.narrative)])
    t.notOk(queue.text.includes(hidden), `the queue holds no ${hidden}`);
});

t.test('a complaint naming a blacklisted employer shows it until the blacklisting is lifted', async (t) => {
  const distinctive = word();
  const employerId = `employer-${distinctive}`;
  await publish(
    employerVetted(employerId, `Al-${distinctive} Household Services Est.`, 'blacklisted', { day: 4 }),
  );
  const c = await lodge({ employer: { name: `${distinctive} household co`, country: 'SA' } });
  const elsewhere = await lodge({ employer: { name: `${distinctive} Household`, country: 'AE' } });
  await act(c.id, 'referral', c.version, { to: 'labour-attache', country: 'SA' });
  await s.caughtUp();

  const nea = await get(c.id, tokens.officer);
  t.same(
    nea.body.employerFlag,
    {
      kind: 'employer-blacklisted',
      employerId,
      employerName: `Al-${distinctive} Household Services Est.`,
      country: 'SA',
      vettedAt: '2026-03-04T09:00:00.000Z',
      score: 1,
    },
    'NEA sees the blacklisted employer the complaint names, however it was written',
  );
  t.equal(
    (await get(c.id, tokens.attache)).body.employerFlag?.kind,
    'employer-blacklisted',
    'so does the attaché it was referred to',
  );
  const hotline = await get(c.id, tokens.hotline);
  t.equal(hotline.status, 200);
  t.notOk(
    'employerFlag' in hotline.body,
    "the hotline does not: an attaché's assessment, for officers to weigh",
  );
  t.notOk(hotline.text.includes(employerId), 'nothing of it');
  t.equal(
    (await get(elsewhere.id, tokens.officer)).body.employerFlag,
    null,
    'the same name in another country is not that employer',
  );

  await publish(
    employerVetted(employerId, `Al-${distinctive} Household Services Est.`, 'cleared', { day: 6 }),
  );
  await s.caughtUp();
  t.equal(
    (await get(c.id, tokens.officer)).body.employerFlag,
    null,
    'lifted: the complaint no longer shows it',
  );

  await publish(
    employerVetted(employerId, `Al-${distinctive} Household Services Est.`, 'flagged', { day: 8 }),
  );
  await s.caughtUp();
  t.equal((await get(c.id, tokens.officer)).body.employerFlag?.kind, 'employer-flagged', 'flagged again');
});

t.test("after the complainant's erasure the employer is not matched; the case stays", async (t) => {
  const distinctive = word();
  await publish(employerVetted(`employer-${distinctive}`, `${distinctive} Cleaning LLC`, 'flagged'));
  const c = await lodge({ employer: { name: `${distinctive} Cleaning`, country: 'SA' } });
  const v = await act(c.id, 'referral', c.version, { to: 'labour-attache', country: 'SA' });
  const caseId = `referral:${c.id}:SA`;
  await publish(
    caseOpened(caseId, { complaintId: c.id }),
    caseClosed(caseId, 'deceased', { complaintId: c.id }),
  );
  await s.caughtUp();
  t.equal((await get(c.id, tokens.officer)).body.employerFlag?.kind, 'employer-flagged');

  await act(c.id, 'erasure', v, { reason: 'asked under DPA s. 40' }, tokens.director);
  const erased = await get(c.id, tokens.officer);
  t.equal(erased.body.employer.name, null, "the employer's name was the complainant's to erase");
  t.equal(erased.body.employerFlag, null, 'so nothing is matched on it any more');
  t.same(
    erased.body.attacheCases.map((k: { outcome: string }) => k.outcome),
    ['deceased'],
    'the case holds nothing personal: it stays',
  );
});
