/**
 * Step `throughput`: POST /agencies and POST /complaints at full load on the system, against two raw
 * baselines each: the same-writes baseline (the same durable writes, raw: the goal's ratio) and the
 * one-write baseline (one validated publish: kept for information).
 */
import { hashTrackingPin } from '@kazi/complaints';
import { applicationBodies, complaintRequests } from '../lib/bodies.ts';
import { defaultPinHashCost } from '../lib/complaintsDefaults.ts';
import type { BenchContext } from '../lib/context.ts';
import { type LoadFigures, type LoadSpec, load } from '../lib/load.ts';
import { cpuMeter } from '../lib/proc.ts';
import { failuresOf, round } from '../lib/report.ts';

export const THROUGHPUT_GOALS = { createRatio: 0.6, lodgeRatio: 0.6 };

type Measured = LoadFigures & { cpuSeconds: Record<string, number> };

async function measure(
  ctx: BenchContext,
  label: string,
  pids: Record<string, number | undefined>,
  spec: Omit<LoadSpec, 'connections' | 'durationSeconds' | 'warmupSeconds'>,
): Promise<Measured> {
  const { connections, durationSeconds, warmupSeconds } = ctx.settings;
  ctx.say(`    ${label}`);
  const meter = cpuMeter(pids);
  const figures = await load({ connections, durationSeconds, warmupSeconds, ...spec });
  const measured = { ...figures, cpuSeconds: meter() };
  ctx.say(
    `      ${figures.rps} req/s, p99 ${figures.latencyMs.p99} ms, non-2xx ${figures.non2xx}, errors ${figures.errors}`,
  );
  if (figures.non2xx > 0) ctx.say(`      status codes: ${JSON.stringify(figures.statusCodes)}`);
  return measured;
}

/** CPU milliseconds of one tracking-PIN hash at the complaints service's default cost, alone. */
async function pinHashCost(): Promise<number> {
  const cost = defaultPinHashCost();
  await hashTrackingPin('WARMUP23', cost);
  const before = process.cpuUsage();
  for (let i = 0; i < 50; i++) await hashTrackingPin('K7Q4MZ2P', cost);
  const used = process.cpuUsage(before);
  return round((used.user + used.system) / 1000 / 50);
}

export async function throughputStep(ctx: BenchContext): Promise<void> {
  ctx.say('throughput: baselines');
  const baseline = await ctx.baseline();
  const bPids = { baseline: baseline.pid, nats: ctx.pids().nats };
  const nextApp = applicationBodies(10);
  const oneWrite = await measure(ctx, 'one-write baseline POST /agencies', bPids, {
    url: baseline.url,
    next: () => ({ path: '/agencies', body: nextApp() }),
  });
  const sameApp = applicationBodies(13);
  const sameWrites = await measure(ctx, 'same-writes baseline POST /agencies (5 writes)', bPids, {
    url: baseline.url,
    next: () => ({ path: '/same-writes/agencies', body: sameApp() }),
  });
  const nextComplaint = complaintRequests(10);
  const oneWriteLodge = await measure(ctx, 'one-write baseline POST /complaints', bPids, {
    url: baseline.url,
    next: () => ({ path: '/complaints', body: nextComplaint().body }),
  });
  const sameComplaint = complaintRequests(13);
  const sameWritesLodge = await measure(
    ctx,
    'same-writes baseline POST /complaints (5 writes + PIN hash)',
    bPids,
    {
      url: baseline.url,
      next: () => {
        const { body, key } = sameComplaint();
        return { path: '/same-writes/complaints', body, headers: { 'idempotency-key': key } };
      },
    },
  );
  await ctx.stopBaseline();

  ctx.say('throughput: the system');
  const system = await ctx.system();
  const officer = await system.token(['nea-officer'], { sub: 'bench-officer', name: 'Bench Officer' });
  const nextCreate = applicationBodies(11);
  const create = await measure(ctx, 'system POST /agencies', ctx.pids(), {
    url: system.url,
    headers: { authorization: `Bearer ${officer}` },
    next: () => ({ path: '/agencies', body: nextCreate() }),
  });
  const afterCreateMb = ctx.systemRssMb();
  const hotline = await system.token(['hotline'], { sub: 'bench-hotline', name: 'Bench Hotline' });
  const nextLodge = complaintRequests(11);
  const lodge = await measure(ctx, 'system POST /complaints (hotline, an Idempotency-Key each)', ctx.pids(), {
    url: system.url,
    headers: { authorization: `Bearer ${hotline}` },
    next: () => {
      const { body, key } = nextLodge();
      return { path: '/complaints', body, headers: { 'idempotency-key': key } };
    },
  });
  const pinHashMs = await pinHashCost();

  const ratios = {
    create: round(create.rps / sameWrites.rps),
    createVsOneWrite: round(create.rps / oneWrite.rps),
    lodge: round(lodge.rps / sameWritesLodge.rps),
    lodgeVsOneWrite: round(lodge.rps / oneWriteLodge.rps),
  };
  ctx.figures.throughput = {
    baseline: oneWrite,
    sameWrites,
    create: { ...create, ratio: ratios.create, ratioVsOneWrite: ratios.createVsOneWrite },
    baselineLodge: oneWriteLodge,
    sameWritesLodge,
    lodge: { ...lodge, ratio: ratios.lodge, ratioVsOneWrite: ratios.lodgeVsOneWrite },
    pinHashMs,
    afterCreateMb,
    goals: THROUGHPUT_GOALS,
  };
  const noFailures = (f: LoadFigures) => failuresOf(f) === 0;
  ctx.rows.push(
    { label: '1 one-write baseline POST /agencies', figures: oneWrite },
    { label: '1s same-writes baseline POST /agencies', figures: sameWrites },
    {
      label: '2 system POST /agencies ÷ same-writes',
      figures: create,
      ratio: ratios.create,
      goal: `≥ ${THROUGHPUT_GOALS.createRatio}, 0 errors`,
      met: ratios.create >= THROUGHPUT_GOALS.createRatio && noFailures(create),
    },
    { label: '2 … ÷ one-write (information)', value: '', ratio: ratios.createVsOneWrite },
    { label: '1b one-write baseline POST /complaints', figures: oneWriteLodge },
    { label: '1bs same-writes baseline POST /complaints', figures: sameWritesLodge },
    {
      label: '2b system POST /complaints ÷ same-writes',
      figures: lodge,
      ratio: ratios.lodge,
      goal: `≥ ${THROUGHPUT_GOALS.lodgeRatio}, 0 errors`,
      met: ratios.lodge >= THROUGHPUT_GOALS.lodgeRatio && noFailures(lodge),
    },
    { label: '2b … ÷ one-write (information)', value: '', ratio: ratios.lodgeVsOneWrite },
  );
  const cpu = (label: string, c: Record<string, number>) =>
    `cpu s during ${label}: ${Object.entries(c)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`;
  ctx.notes.push(
    `2b: each lodging hashes its tracking PIN (scrypt, default cost): ${pinHashMs} ms CPU per hash, measured alone`,
    cpu('1', oneWrite.cpuSeconds),
    cpu('1s', sameWrites.cpuSeconds),
    cpu('2', create.cpuSeconds),
    cpu('1b', oneWriteLodge.cpuSeconds),
    cpu('1bs', sameWritesLodge.cpuSeconds),
    cpu('2b', lodge.cpuSeconds),
  );
}
