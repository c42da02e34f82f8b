/**
 * Step `scale`: do the searches and the queue stay as fast when the register and the queue grow? The same
 * requests are measured at a steady rate twice: with a small register (default 1,000 agencies, 1,000
 * complaints) and after seeding it to the full size (default 200,000 agencies — a quarter, 50,000, sharing
 * one common word — and 100,000 complaints). Goal: each p99 at full size ≤ 1.5 × its p99 at the small
 * size, with no errors.
 *
 * Measured: lodging a complaint that names the common word (the complaints service looks the name up in
 * its agency view), `GET /agencies?q=<word>`, and the complaint queue with each filter (open — the
 * default —, closed, a severity, an agency, a country).
 */
import { randomUUID } from 'node:crypto';
import { tryOnce, waitForProjections } from '../lib/api.ts';
import { complaintRequests } from '../lib/bodies.ts';
import type { BenchContext, StartedSystem } from '../lib/context.ts';
import { type LoadFigures, load, type NextRequest } from '../lib/load.ts';
import { cpuMeter } from '../lib/proc.ts';
import { failuresOf, round } from '../lib/report.ts';
import { type AgencyStage, seedAgencies, seedComplaints } from '../lib/seed.ts';

export const SCALE_GOAL = 1.5;
/** The word a quarter of the register shares (BENCH_SCALE_WORD). */
const WORD = process.env.BENCH_SCALE_WORD ?? 'Gulf';
/** How long the read models may take to take in a seeding. */
const CATCH_UP_SECONDS = 1800;

interface Probe {
  label: string;
  role: 'officer' | 'hotline';
  next: () => NextRequest;
}

function probes(agencyId: string): Probe[] {
  const nextComplaint = complaintRequests(31);
  const get = (path: string) => () => ({ method: 'GET' as const, path });
  return [
    {
      label: `POST /complaints naming "${WORD}"`,
      role: 'hotline',
      next: () => {
        const { body } = nextComplaint();
        const named = { ...JSON.parse(body), agencyName: `${WORD} Manpower Agency` };
        return {
          path: '/complaints',
          body: JSON.stringify(named),
          headers: { 'idempotency-key': randomUUID() },
        };
      },
    },
    { label: `GET /agencies?q=${WORD}`, role: 'officer', next: get(`/agencies?q=${WORD}`) },
    { label: 'GET /complaints (open)', role: 'officer', next: get('/complaints') },
    { label: 'GET /complaints?status=closed', role: 'officer', next: get('/complaints?status=closed') },
    { label: 'GET /complaints?severity=high', role: 'officer', next: get('/complaints?severity=high') },
    { label: 'GET /complaints?agencyId=…', role: 'officer', next: get(`/complaints?agencyId=${agencyId}`) },
    { label: 'GET /complaints?country=SA', role: 'officer', next: get('/complaints?country=SA') },
  ];
}

/** A probe's load, and the system's and Redis's CPU per request during it (ms). */
type Measured = LoadFigures & { cpuMsPerRequest: { system?: number; redis?: number } };

/**
 * CPU per request shows the work a request does whatever else shares the machine: a p99 on two shared cores
 * moves with the load average, while the CPU a bounded request costs stays put as the data grows.
 */
const perRequest = (cpu: Record<string, number>, key: string, requests: number) =>
  cpu[key] === undefined || requests === 0 ? undefined : round((cpu[key] * 1000) / requests, 2);

async function measureAll(ctx: BenchContext, system: StartedSystem, list: Probe[]) {
  const tokens = {
    officer: await system.token(['nea-officer'], { sub: 'bench-officer', name: 'Bench Officer' }),
    hotline: await system.token(['hotline'], { sub: 'bench-hotline', name: 'Bench Hotline' }),
  };
  const out: Record<string, Measured> = {};
  for (const probe of list) {
    const headers = { authorization: `Bearer ${tokens[probe.role]}` };
    const first = probe.next();
    const refused = await tryOnce(system.url, { ...first, headers: { ...headers, ...first.headers } });
    if (refused) ctx.errors.push(`scale: ${refused}`);
    const meter = cpuMeter(ctx.pids());
    const loaded = await load({
      url: system.url,
      connections: Math.min(ctx.settings.connections, ctx.settings.scaleRate),
      durationSeconds: ctx.settings.scaleSeconds,
      warmupSeconds: 1,
      overallRate: ctx.settings.scaleRate,
      headers,
      next: probe.next,
    });
    const cpu = meter();
    // The meter spans the warm-up second too: its requests are counted at the measured rate.
    const requests = loaded.requests + ctx.settings.scaleRate;
    const figures: Measured = {
      ...loaded,
      cpuMsPerRequest: {
        system: perRequest(cpu, 'system', requests),
        redis: perRequest(cpu, 'redis', requests),
      },
    };
    ctx.say(
      `    ${probe.label}: p99 ${figures.latencyMs.p99} ms, system CPU ${figures.cpuMsPerRequest.system ?? '?'} ms/request, non-2xx ${figures.non2xx}, errors ${figures.errors}`,
    );
    if (figures.non2xx > 0)
      ctx.say(
        `      status codes: ${JSON.stringify(figures.statusCodes)}; first: ${figures.firstFailure ?? '—'}`,
      );
    out[probe.label] = figures;
  }
  return out;
}

export async function scaleStep(ctx: BenchContext): Promise<void> {
  const s = ctx.settings;
  // An empty namespace: the small size is what the step seeded, not what earlier steps left.
  const system = await ctx.freshSystem();
  // Which serials share the word, and which are licensed, is the same at both sizes.
  const every = Math.max(1, Math.round(s.scaleAgencies / s.scaleCommonAgencies));
  const sharesWord = (serial: number) => serial % every === 0;
  const stageOf = (serial: number): AgencyStage => (serial % 4 === 1 ? 'licensed' : 'applied');
  const pinHash = `scrypt$7$${'A'.repeat(22)}$${'B'.repeat(43)}`;

  const seedTo = async (
    agenciesFrom: number,
    agencies: number,
    complaintsFrom: number,
    complaints: number,
    ids: string[],
  ) => {
    const started = performance.now();
    const seeded = await seedAgencies(ctx.nc, ctx.namespace, {
      from: agenciesFrom,
      count: agencies - agenciesFrom,
      stageOf,
      sharesWord,
      word: WORD,
    });
    // One at a time: spreading 200,000 arguments overflows the stack.
    for (const id of seeded.ids) ids.push(id);
    await seedComplaints(ctx.nc, ctx.namespace, {
      from: complaintsFrom,
      count: complaints - complaintsFrom,
      agencyIds: ids,
      pinHash,
    });
    const published = round((performance.now() - started) / 1000, 1);
    const caughtUp = await waitForProjections(system.url, CATCH_UP_SECONDS, seeded.lastSeq);
    if (caughtUp.lag !== 0 && caughtUp.lag !== null)
      ctx.errors.push(`scale: projections still ${caughtUp.lag} behind after ${caughtUp.seconds} s`);
    ctx.say(
      `    seeded to ${agencies} agencies, ${complaints} complaints: published in ${published} s, read models caught up in ${caughtUp.seconds} s`,
    );
    return { publishedSeconds: published, catchUpSeconds: caughtUp.seconds };
  };

  const ids: string[] = [];
  ctx.say(`scale: seeding ${s.scaleBaseAgencies} agencies and ${s.scaleBaseComplaints} complaints`);
  const smallSeed = await seedTo(0, s.scaleBaseAgencies, 0, s.scaleBaseComplaints, ids);
  const list = probes(ids[0]!);
  ctx.say(`scale: at ${s.scaleBaseAgencies} agencies, ${s.scaleRate} req/s each`);
  const small = await measureAll(ctx, system, list);

  ctx.say(
    `scale: seeding to ${s.scaleAgencies} agencies (${s.scaleCommonAgencies} named "${WORD}") and ${s.scaleComplaints} complaints`,
  );
  const largeSeed = await seedTo(
    s.scaleBaseAgencies,
    s.scaleAgencies,
    s.scaleBaseComplaints,
    s.scaleComplaints,
    ids,
  );
  ctx.say(`scale: at ${s.scaleAgencies} agencies`);
  const large = await measureAll(ctx, system, list);

  const ratios: Record<string, number> = {};
  for (const probe of list) {
    const a = small[probe.label]!;
    const b = large[probe.label]!;
    const ratio = round(b.latencyMs.p99 / Math.max(a.latencyMs.p99, 1));
    ratios[probe.label] = ratio;
    ctx.rows.push({
      label: `S ${probe.label} (p99 ${a.latencyMs.p99} → ${b.latencyMs.p99} ms)`,
      figures: b,
      ratio,
      goal: `≤ ${SCALE_GOAL}×, 0 errors`,
      met: ratio <= SCALE_GOAL && failuresOf(a) + failuresOf(b) === 0,
    });
  }
  ctx.figures.scale = {
    word: WORD,
    rate: s.scaleRate,
    seconds: s.scaleSeconds,
    small: {
      agencies: s.scaleBaseAgencies,
      complaints: s.scaleBaseComplaints,
      seed: smallSeed,
      figures: small,
    },
    large: {
      agencies: s.scaleAgencies,
      sharingTheWord: Math.ceil(s.scaleAgencies / every),
      complaints: s.scaleComplaints,
      seed: largeSeed,
      figures: large,
    },
    p99Ratios: ratios,
    goal: SCALE_GOAL,
  };
  ctx.notes.push(
    `S: system CPU ms per request at ${s.scaleBaseAgencies} → ${s.scaleAgencies} agencies (Redis's in brackets; both also count what else runs then): ` +
      list
        .map((probe) => {
          const [a, b] = [small[probe.label]!.cpuMsPerRequest, large[probe.label]!.cpuMsPerRequest];
          return `${probe.label} ${a.system ?? '?'} → ${b.system ?? '?'} (${a.redis ?? '?'} → ${b.redis ?? '?'})`;
        })
        .join('; '),
  );
  ctx.notes.push(
    `S: p99 at ${s.scaleAgencies} agencies ÷ p99 at ${s.scaleBaseAgencies} (the table shows the full-size load); ` +
      `${Math.ceil(s.scaleAgencies / every)} names share "${WORD}", a quarter are licensed; ${s.scaleRate} req/s for ${s.scaleSeconds} s each; ` +
      `seeding took ${smallSeed.publishedSeconds} + ${largeSeed.publishedSeconds} s, catching up ${smallSeed.catchUpSeconds} + ${largeSeed.catchUpSeconds} s`,
  );
}
