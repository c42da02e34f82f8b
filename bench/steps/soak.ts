/**
 * Step `soak`: every write route that needs no version at full load together for SOAK_SECONDS (default
 * 300): applications, vetting checks, lodgings, triage, assignments and notes, round robin over the
 * connections. The system process's resident memory is sampled every second. Goals: RSS ≤ 300 MB
 * throughout; no answer but 2xx, or 503/429 with Retry-After (load shedding); afterwards the projections
 * catch up (no lag on /metrics) and the process answers a normal request.
 *
 * The decisions that need the version the caller saw (approval, rejection, resolution…) cannot be sent
 * blind at full load; the latency step measures each of them.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { answersNormally, postMany, waitForProjections } from '../lib/api.ts';
import { applicationBodies, complaintRequests, vettingCheckBody } from '../lib/bodies.ts';
import type { BenchContext } from '../lib/context.ts';
import { headerOf, load, type NextRequest } from '../lib/load.ts';
import { memoryOf } from '../lib/proc.ts';
import { round } from '../lib/report.ts';

export const SOAK_GOAL_MB = 300;
/** Agencies and complaints the change routes pick from at random: few enough collisions on one record. */
const POOL = 200;
const CATCH_UP_SECONDS = 300;

/** Status codes a client may get under overload: shed with a Retry-After, to come back later. */
const SHED = new Set([429, 503]);

/**
 * Answers the soak goal does not allow: anything but 2xx and shedding (503/429), and shedding that did
 * not say when to come back (no Retry-After).
 */
export function answersOutsideGoal(
  statusCodes: Record<string, number>,
  shedWithoutRetryAfter: Record<string, number>,
): number {
  const other = Object.entries(statusCodes)
    .filter(([code]) => !(Number(code) >= 200 && Number(code) < 300) && !SHED.has(Number(code)))
    .reduce((sum, [, n]) => sum + n, 0);
  return other + Object.values(shedWithoutRetryAfter).reduce((a, b) => a + b, 0);
}

export async function soakStep(ctx: BenchContext): Promise<void> {
  const { soakSeconds, connections } = ctx.settings;
  const system = await ctx.system();
  const officer = await system.token(['nea-officer'], { sub: 'bench-officer', name: 'Bench Officer' });
  const hotline = await system.token(['hotline'], { sub: 'bench-hotline', name: 'Bench Hotline' });

  ctx.say(`soak: preparing ${POOL} agencies and ${POOL} complaints to change`);
  const nextApp = applicationBodies(41);
  const nextLodge = complaintRequests(41);
  const agencies = await postMany<{ id: string }>(system.url, officer, POOL, () => ({
    path: '/agencies',
    body: nextApp(),
  }));
  const complaints = await postMany<{ id: string }>(system.url, hotline, POOL, () => ({
    path: '/complaints',
    body: nextLodge().body,
    headers: { 'idempotency-key': randomUUID() },
  }));
  const prepFailures = [...agencies.failures, ...complaints.failures];
  if (prepFailures.length > 0) throw new Error(`soak: preparing failed, e.g. ${prepFailures[0]}`);
  const agencyId = () => agencies.ok[randomInt(agencies.ok.length)]!.id;
  const complaintId = () => complaints.ok[randomInt(complaints.ok.length)]!.id;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  const routes: (() => NextRequest)[] = [
    () => ({ path: '/agencies', body: nextApp(), headers: bearer(officer) }),
    () => ({
      path: `/agencies/${agencyId()}/vetting-checks`,
      body: vettingCheckBody(),
      headers: bearer(officer),
    }),
    () => {
      const { body } = nextLodge();
      return { path: '/complaints', body, headers: { ...bearer(hotline), 'idempotency-key': randomUUID() } };
    },
    () => ({
      path: `/complaints/${complaintId()}/triage`,
      body: JSON.stringify({ reason: 'Soak triage', indicators: ['withholding-of-wages'] }),
      headers: bearer(officer),
    }),
    () => ({
      path: `/complaints/${complaintId()}/assignment`,
      body: JSON.stringify({ assignee: 'officer-9' }),
      headers: bearer(officer),
    }),
    () => ({
      path: `/complaints/${complaintId()}/notes`,
      body: JSON.stringify({ text: 'Soak follow-up.' }),
      headers: bearer(officer),
    }),
  ];
  let turn = 0;

  const rss: number[] = [];
  const sample = () => {
    const memory = system.pid ? memoryOf(system.pid) : undefined;
    if (memory) rss.push(round(memory.rssMb, 1));
  };
  sample();
  const sampler = setInterval(sample, 1000);
  const shedWithoutRetryAfter: Record<string, number> = {};
  ctx.say(`soak: ${routes.length} write routes round robin, ${connections} connections, ${soakSeconds} s`);
  let figures: Awaited<ReturnType<typeof load>>;
  try {
    figures = await load({
      url: system.url,
      connections,
      durationSeconds: soakSeconds,
      warmupSeconds: 0,
      next: () => routes[turn++ % routes.length]!(),
      onResponse: (status, _body, headers) => {
        if (SHED.has(status) && headerOf(headers, 'retry-after') === undefined)
          shedWithoutRetryAfter[status] = (shedWithoutRetryAfter[status] ?? 0) + 1;
      },
    });
  } finally {
    clearInterval(sampler);
  }
  sample();
  const disallowed = answersOutsideGoal(figures.statusCodes, shedWithoutRetryAfter);
  const peakMb = rss.reduce((a, b) => Math.max(a, b), 0);
  const lastMb = rss.at(-1);
  ctx.say(
    `    ${figures.rps} req/s, status codes ${JSON.stringify(figures.statusCodes)}, RSS peak ${peakMb} MB, last ${lastMb} MB`,
  );

  ctx.say('soak: waiting for the projections to catch up');
  const caughtUp = await waitForProjections(system.url, CATCH_UP_SECONDS);
  const afterward = await answersNormally(system.url, officer);
  const created = await fetch(`${system.url}/agencies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(officer) },
    body: nextApp(),
  }).then(
    async (r) =>
      r.status === 201 ? undefined : `POST /agencies answered ${r.status}: ${(await r.text()).slice(0, 200)}`,
    (e: Error) => `POST /agencies failed: ${e.message}`,
  );
  const afterProblems = [afterward, created].filter((p): p is string => p !== undefined);
  ctx.errors.push(...afterProblems.map((p) => `soak, after the load: ${p}`));

  ctx.figures.soak = {
    seconds: soakSeconds,
    connections,
    figures,
    shedWithoutRetryAfter,
    disallowedAnswers: disallowed,
    rssMb: { peak: peakMb, last: lastMb, samples: rss },
    catchUp: caughtUp,
    answersAfterward: afterProblems.length === 0,
    goalMb: SOAK_GOAL_MB,
  };
  ctx.rows.push(
    {
      label: `K soak: ${routes.length} write routes, ${soakSeconds} s`,
      figures,
      goal: 'only 2xx, 503/429 + Retry-After',
      met: disallowed === 0 && figures.errors + figures.timeouts === 0,
    },
    {
      label: 'K soak: RSS peak (sampled 1/s)',
      value: `${peakMb} MB`,
      goal: `≤ ${SOAK_GOAL_MB} MB`,
      met: peakMb <= SOAK_GOAL_MB,
    },
    {
      label: 'K soak: caught up, then answers',
      value: `lag ${caughtUp.lag ?? '—'} in ${caughtUp.seconds} s`,
      goal: 'lag 0, 2xx',
      met: caughtUp.lag === 0 && afterProblems.length === 0,
    },
  );
  ctx.notes.push(
    `K: RSS first ${rss[0]} MB, peak ${peakMb} MB, last ${lastMb} MB over ${rss.length} samples; 503/429 without Retry-After: ${JSON.stringify(shedWithoutRetryAfter)}`,
  );
}
