import { token } from '@kazi/testing';
import t from 'tap';
import { startWholeTestSystem } from '../testSystem.ts';
import { DemoClient } from './client.ts';
import { agencyPlans, casePlans, complaintPlans, employerPlans } from './plans.ts';
import { runDemo } from './runDemo.ts';

/**
 * `npm run demo` against the whole system (all five modules, over real HTTP): a small data set made
 * through the APIs, then made again without adding anything, and every oversight answer has data to show.
 */

const s = await startWholeTestSystem(t, { label: 'demo' });
const baseUrl = await s.system.app.listen({ host: '127.0.0.1', port: 0 });
const seed = 'demo-spec';
const sizes = { agencies: 16, complaints: 60, cases: 10, employers: 5 };
const demo = (client: DemoClient, of = sizes) =>
  runDemo({
    client,
    baseUrl,
    seed,
    sizes: of,
    mint: ({ roles, ...claims }) => token(roles, claims),
  });

t.test('the demo fills the system over HTTP, and a second run adds nothing', async (t) => {
  // A run stopped halfway: half of every kind made, and the next complaint lodged but not yet handled.
  const half = { agencies: 8, complaints: 30, cases: 5, employers: 2 };
  const stopped = await demo(new DemoClient(baseUrl), half);
  t.same(stopped.failures, [], 'the first half made as planned');
  const plans = complaintPlans(
    seed,
    sizes.complaints,
    agencyPlans(seed, sizes.agencies),
    employerPlans(seed, sizes.employers),
  );
  const pending = plans.find((p) => p.index >= half.complaints && p.body.agencyId === undefined);
  if (!pending) throw new Error('no complaint without an agency id in the second half');
  const lodged = await s.call('POST', '/complaints', {
    // As the demo's hotline account: only the account that lodged a complaint adds the caller's follow-ups.
    token: await token(['hotline'], { sub: 'demo-hotline', name: 'NEA Hotline (demo)' }),
    body: pending.body,
    headers: { 'idempotency-key': `demo-${seed}-complaint-${pending.index}` },
  });
  s.expectStatus(lodged, 201, 'lodge the pending complaint');

  const first = await demo(new DemoClient(baseUrl));
  t.same(first.failures, [], 'every item made as planned');
  t.match(first, {
    blmas: { created: 0, alreadyThere: 6 },
    employers: { created: sizes.employers - half.employers, alreadyThere: half.employers },
    agencies: { created: sizes.agencies - half.agencies, alreadyThere: half.agencies },
    complaints: { created: sizes.complaints - half.complaints - 1, alreadyThere: half.complaints + 1 },
    cases: { created: sizes.cases - half.cases, alreadyThere: half.cases },
  });
  const referred = plans.filter((c) => c.attacheCase !== null).length;
  t.equal(first.referredCases.alreadyThere, referred, 'the cases opened by referrals, found and followed up');
  t.ok(
    stopped.agencies.steps + first.agencies.steps > sizes.agencies * 5,
    `agencies vetted and decided (${first.agencies.steps} steps)`,
  );
  t.ok(
    first.complaints.steps > sizes.complaints - half.complaints,
    `complaints handled (${first.complaints.steps} steps)`,
  );
  t.ok(first.cases.steps + first.referredCases.steps > 0, 'cases followed up');
  await s.caughtUp();

  const client = new DemoClient(baseUrl);
  const second = await demo(client);
  t.same(second.failures, []);
  for (const kind of ['blmas', 'employers', 'agencies', 'complaints', 'referredCases', 'cases'] as const)
    t.match(second[kind], { created: 0, steps: 0 }, `${kind}: nothing created, no step taken again`);
  t.equal(second.complaints.alreadyThere, sizes.complaints, 'every complaint found by its complainant');
  t.equal(second.cases.alreadyThere, sizes.cases, 'every case the attachés opened found by its worker');
  t.equal(second.referredCases.alreadyThere, referred, 'every case of a referral found');
  await s.caughtUp();

  t.test('every oversight answer has something to show', async (t) => {
    const read = async (path: string) => {
      const r = await s.call('GET', path, { token: s.tokens.director });
      s.expectStatus(r, 200, path);
      return r.body;
    };
    const watchlist = await read('/oversight/watchlist');
    t.ok(watchlist.items.length > 0, 'agencies on the watchlist');
    t.ok(
      watchlist.items[0].score > 0 && watchlist.items[0].topReasons.length > 0,
      'the first with its reasons',
    );
    const card = await read(`/oversight/agencies/${watchlist.items[0].agencyId}/scorecard`);
    t.ok(card.complaints.total > 0, 'its scorecard counts complaints');

    const indicators = await read('/oversight/indicators?from=2026-01-01&to=2026-12-31&by=country');
    const lodged = indicators.rows.find(
      (r: { indicator: string; country: string | null }) =>
        r.indicator === 'complaints-lodged' && r.country === 'all',
    );
    t.equal(lodged?.count, sizes.complaints, 'every complaint lodged is counted');
    const licensed = indicators.rows.find((r: { indicator: string }) => r.indicator === 'agencies-licensed');
    t.ok(Number(licensed?.count) > 0, 'agencies licensed');

    // The mission with the most cases in this data set.
    const byMission = new Map<string, number>();
    for (const c of casePlans(seed, sizes.cases, employerPlans(seed, sizes.employers)))
      byMission.set(c.mission, (byMission.get(c.mission) ?? 0) + 1);
    const [mission] = [...byMission.entries()].sort((a, b) => b[1] - a[1])[0] as [string, number];
    const caseload = await read(`/oversight/missions/${mission}/caseload`);
    t.ok(
      caseload.openCases.total + caseload.repatriationsInProgress.total + caseload.shelterOccupancy > 0,
      `${mission}'s caseload has cases`,
    );

    const blmas = await read('/oversight/blmas/implementation');
    t.equal(blmas.items.length, 6, "Kenya's agreements in force");
    t.ok(
      blmas.items.some((a: { complaints: { total: number } }) => a.complaints.total > 0),
      'complaints in their partner countries',
    );
  });
});
