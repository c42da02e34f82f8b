/**
 * Step `public`: the two reads anyone may make without a token, at full load, against a bare fastify
 * route that parses its query with zod and makes one Redis read (the baseline process's
 * GET /public/lookup). Goal: each ≥ 0.5 of the baseline's requests/s.
 *
 * - `GET /public/agencies?q=<word>` on a register of BENCH_PUBLIC_AGENCIES (default 10,000) seeded
 *   agencies, a quarter licensed (the public register lists those), a quarter named with the common word.
 * - `GET /public/complaints/status?reference=…&pin=…` over 20 complaints lodged through the API (each
 *   look-up verifies the PIN against its slow hash, as every real one does).
 * The system runs with its public rate limits raised far above this load (lib/context.ts).
 *
 * For information, the status look-up is also compared with its floor by design: the baseline's
 * GET /same-reads/status (one Redis read and the PIN's scrypt verification at the default cost,
 * lib/sameWrites.ts). CPU seconds of each process during each load are in the notes.
 */
import { randomUUID } from 'node:crypto';
import { postMany, tryOnce, waitForProjections } from '../lib/api.ts';
import { complaintRequests } from '../lib/bodies.ts';
import type { BenchContext } from '../lib/context.ts';
import { type LoadFigures, load, type NextRequest } from '../lib/load.ts';
import { cpuMeter } from '../lib/proc.ts';
import { failuresOf, round } from '../lib/report.ts';
import { STATUS_FLOOR_PIN, STATUS_FLOOR_REFERENCES, statusFloorReference } from '../lib/sameWrites.ts';
import { seedAgencies } from '../lib/seed.ts';

export const PUBLIC_GOAL = 0.5;
const WORD = 'Gulf';
const LOOKUPS = 20;

export async function publicReadsStep(ctx: BenchContext): Promise<void> {
  const { connections, durationSeconds, warmupSeconds, publicAgencies } = ctx.settings;
  const cpu: string[] = [];
  const full = async (
    label: string,
    url: string,
    pids: Record<string, number | undefined>,
    next: () => NextRequest,
  ) => {
    const refused = await tryOnce(url, next());
    if (refused) ctx.errors.push(`public: ${refused}`);
    const meter = cpuMeter(pids);
    const figures = await load({ url, connections, durationSeconds, warmupSeconds, next });
    const used = meter();
    ctx.say(
      `    ${figures.rps} req/s, p99 ${figures.latencyMs.p99} ms, status codes ${JSON.stringify(figures.statusCodes)}`,
    );
    // Per request over the warm-up and the measured run, at the measured rate.
    const wall = used.wallSeconds ?? 0;
    const answered = figures.rps * wall;
    const perRequest = Object.entries(used)
      .filter(([k]) => k !== 'wallSeconds')
      .map(([k, s]) => `${k} ${s} s (${round((1000 * s) / answered)} ms/request)`);
    cpu.push(`cpu during ${label}: ${wall} s wall, ${perRequest.join(', ')}`);
    return figures;
  };

  ctx.say('public: baseline GET /public/lookup (one Redis read)');
  const baseline = await ctx.baseline();
  const bPids = { baseline: baseline.pid, redis: ctx.pids().redis };
  const floor = await full('P baseline', baseline.url, bPids, () => ({
    method: 'GET',
    path: `/public/lookup?q=${WORD}`,
  }));
  ctx.say('public: baseline GET /same-reads/status (one Redis read and the PIN hash)');
  let floorTurn = 0;
  const statusFloor = await full('P status floor', baseline.url, bPids, () => ({
    method: 'GET',
    path: `/same-reads/status?reference=${statusFloorReference(floorTurn++ % STATUS_FLOOR_REFERENCES)}&pin=${STATUS_FLOOR_PIN}`,
  }));
  await ctx.stopBaseline();

  const system = await ctx.system();
  ctx.say(`public: seeding ${publicAgencies} agencies, lodging ${LOOKUPS} complaints`);
  const seeded = await seedAgencies(ctx.nc, ctx.namespace, {
    from: 2_000_000,
    count: publicAgencies,
    stageOf: (serial) => (serial % 4 === 1 ? 'licensed' : 'applied'),
    sharesWord: (serial) => serial % 4 < 2,
    word: WORD,
  });
  const hotline = await system.token(['hotline'], { sub: 'bench-hotline', name: 'Bench Hotline' });
  const nextLodge = complaintRequests(51);
  const lodged = await postMany<{ reference: string; trackingPin: string }>(
    system.url,
    hotline,
    LOOKUPS,
    () => ({
      path: '/complaints',
      body: nextLodge().body,
      headers: { 'idempotency-key': randomUUID() },
    }),
  );
  if (lodged.failures.length > 0)
    ctx.errors.push(
      `public: ${lodged.failures.length} of ${LOOKUPS} lodgings failed, e.g. ${lodged.failures[0]}`,
    );
  await waitForProjections(system.url, 300, seeded.lastSeq);

  ctx.say(`public: GET /public/agencies?q=${WORD}`);
  const sPids = ctx.pids();
  const register = await full(`P GET /public/agencies?q=${WORD}`, system.url, sPids, () => ({
    method: 'GET',
    path: `/public/agencies?q=${WORD}`,
  }));
  let status: LoadFigures | undefined;
  if (lodged.ok.length > 0) {
    ctx.say('public: GET /public/complaints/status');
    let turn = 0;
    status = await full('P GET /public/complaints/status', system.url, sPids, () => {
      const { reference, trackingPin } = lodged.ok[turn++ % lodged.ok.length]!;
      return { method: 'GET', path: `/public/complaints/status?reference=${reference}&pin=${trackingPin}` };
    });
  }

  const row = (label: string, figures: LoadFigures) => {
    const ratio = round(figures.rps / floor.rps);
    ctx.rows.push({
      label,
      figures,
      ratio,
      goal: `≥ ${PUBLIC_GOAL}, 0 errors`,
      met: ratio >= PUBLIC_GOAL && failuresOf(figures) === 0,
    });
    return ratio;
  };
  ctx.rows.push({ label: 'P baseline GET, one Redis read', figures: floor });
  ctx.rows.push({ label: 'P status floor: one Redis read + PIN hash', figures: statusFloor });
  ctx.figures.public = {
    baseline: floor,
    register: { ...register, ratio: row(`P GET /public/agencies?q=${WORD}`, register) },
    status: status ? { ...status, ratio: row('P GET /public/complaints/status', status) } : 'not measured',
    statusFloor,
    statusVsFloor: status ? round(status.rps / statusFloor.rps) : undefined,
    agencies: publicAgencies,
    goal: PUBLIC_GOAL,
  };
  if (status)
    ctx.rows.push({
      label: '  … status ÷ its floor (information)',
      value: '',
      ratio: round(status.rps / statusFloor.rps),
    });
  ctx.notes.push(...cpu);
}
