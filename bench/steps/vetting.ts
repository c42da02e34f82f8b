/**
 * Step `vetting`: vetting checks on 1,000 agencies with ≥ 200k messages in the registry's stream, on a
 * freshly restarted (cold) process, against the one-write baseline (measured here if the throughput step
 * did not run).
 */
import { randomInt } from 'node:crypto';
import { postMany, waitForProjections } from '../lib/api.ts';
import { applicationBodies, vettingCheckBody } from '../lib/bodies.ts';
import type { BenchContext } from '../lib/context.ts';
import { fillStream, streamMessages } from '../lib/fill.ts';
import { type LoadFigures, load } from '../lib/load.ts';
import { cpuMeter, memoryOf } from '../lib/proc.ts';
import { round } from '../lib/report.ts';

export const VETTING_GOAL = 0.4;

/** The one-write baseline's req/s for POST /agencies: from the throughput step, or measured now. */
async function oneWriteBaselineRps(ctx: BenchContext): Promise<number> {
  const known = (ctx.figures.throughput as { baseline?: LoadFigures } | undefined)?.baseline?.rps;
  if (known) return known;
  const { url } = await ctx.baseline();
  const next = applicationBodies(10);
  const figures = await load({
    url,
    connections: ctx.settings.connections,
    durationSeconds: ctx.settings.durationSeconds,
    warmupSeconds: ctx.settings.warmupSeconds,
    next: () => ({ path: '/agencies', body: next() }),
  });
  await ctx.stopBaseline();
  ctx.rows.push({ label: '1 one-write baseline POST /agencies', figures });
  return figures.rps;
}

export async function vettingStep(ctx: BenchContext): Promise<void> {
  const { settings } = ctx;
  const baselineRps = await oneWriteBaselineRps(ctx);
  let system = await ctx.system();
  const token = await system.token(['nea-officer'], { sub: 'bench-officer', name: 'Bench Officer' });
  const next = applicationBodies(12);
  ctx.say(
    `vetting: creating ${settings.targets} target agencies (+${settings.warmupTargets} for the warm-up)`,
  );
  const t0 = performance.now();
  const create = (count: number) =>
    postMany<{ id: string }>(system.url, token, count, () => ({ path: '/agencies', body: next() }));
  const targets = await create(settings.targets);
  const warmups = await create(settings.warmupTargets);
  const targetsSeconds = round((performance.now() - t0) / 1000, 1);
  const failures = [...targets.failures, ...warmups.failures];
  if (failures.length > 0) ctx.errors.push(`${failures.length} target creations failed, e.g. ${failures[0]}`);
  if (targets.ok.length === 0 || warmups.ok.length === 0)
    throw new Error(`no target agencies: ${failures[0]}`);

  ctx.say(`    filling the stream to ≥${settings.streamMessages} messages`);
  const fill = await fillStream(ctx.nc, ctx.namespace, settings.streamMessages);
  ctx.say(`    published ${fill.published} filler commits in ${fill.seconds} s; stream has ${fill.messages}`);
  const caughtUp = await waitForProjections(system.url, 90);
  ctx.say(`    projections: lag ${caughtUp.lag ?? 'not reported'} after ${caughtUp.seconds} s`);

  ctx.say('    restarting the system process (cold in-process cache)');
  await ctx.stopSystem();
  const t1 = performance.now();
  system = await ctx.system();
  const restartSeconds = round((performance.now() - t1) / 1000, 1);
  const fresh = await system.token(['nea-officer'], { sub: 'bench-officer', name: 'Bench Officer' });
  const before = await streamMessages(ctx.nc, ctx.namespace);
  const pick = (ids: { id: string }[]) => ids[randomInt(ids.length)]!.id;
  const meter = cpuMeter(ctx.pids());
  const figures = await load({
    url: system.url,
    connections: settings.connections,
    durationSeconds: settings.durationSeconds,
    warmupSeconds: settings.warmupSeconds,
    headers: { authorization: `Bearer ${fresh}` },
    // The warm-up (JIT, connections) uses its own agencies, so the targets stay cold.
    warmupNext: () => ({ path: `/agencies/${pick(warmups.ok)}/vetting-checks`, body: vettingCheckBody() }),
    next: () => ({ path: `/agencies/${pick(targets.ok)}/vetting-checks`, body: vettingCheckBody() }),
  });
  const cpuSeconds = meter();
  const memory = system.pid ? memoryOf(system.pid) : undefined;
  const ratio = round(figures.rps / baselineRps);
  const streamAfter = await streamMessages(ctx.nc, ctx.namespace);
  ctx.figures.vetting = {
    ...figures,
    ratio,
    cpuSeconds,
    streamMessagesBefore: before,
    streamMessagesAfter: streamAfter,
    fill: { published: fill.published, seconds: fill.seconds },
    targetsCreated: targets.ok.length,
    targetsSeconds,
    projectionCatchUp: { seconds: caughtUp.seconds, lagAtRestart: caughtUp.lag },
    restartSeconds,
    memory: { afterRunMb: memory?.rssMb, peakMb: memory?.peakMb },
  };
  ctx.say(
    `    ${figures.rps} req/s, p99 ${figures.latencyMs.p99} ms, non-2xx ${figures.non2xx}, ratio ${ratio}`,
  );
  ctx.rows.push(
    {
      label: '3 system POST …/vetting-checks ÷ one-write',
      figures,
      ratio,
      goal: `≥ ${VETTING_GOAL}`,
      met: ratio >= VETTING_GOAL,
    },
    {
      label: '4 system RSS after step 3',
      value: memory ? `${Math.round(memory.rssMb)} MB` : '—',
      goal: '≤ 300 MB',
      ...(memory ? { met: memory.rssMb <= 300 } : {}),
    },
  );
  ctx.notes.push(
    `3: ${targets.ok.length} targets created in ${targetsSeconds} s; ${fill.published} filler commits published in ${fill.seconds} s; ` +
      `stream ${before} → ${streamAfter} messages; projections caught up in ${caughtUp.seconds} s ` +
      `(lag ${caughtUp.lag ?? 'not reported'}); restart to ready ${restartSeconds} s; RSS peak ${memory ? Math.round(memory.peakMb) : '—'} MB`,
    `cpu s during 3: ${Object.entries(cpuSeconds)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
}
