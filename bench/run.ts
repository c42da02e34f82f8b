/**
 * `npm run bench [-- step…]`: throughput, latency, scale and memory of the embedded system against raw
 * baselines, on this machine. A benchmark, not a test: it prints figures (a table, then one JSON line)
 * and asserts nothing. It always stops what it started and deletes its namespace's streams, KV buckets
 * and Redis keys. Steps (default: all, in this order) and what each figure means: docs/performance.md.
 * Knobs (env): lib/settings.ts.
 */
import { loadavg } from 'node:os';
import { BenchContext } from './lib/context.ts';
import { machine } from './lib/proc.ts';
import { problemLine, round, tableOf } from './lib/report.ts';
import { chooseSteps } from './lib/stepChoice.ts';
import { caseFeedStep } from './steps/caseFeed.ts';
import { caseUpdatesStep } from './steps/caseUpdates.ts';
import { latencyStep } from './steps/latency.ts';
import { oversightStep } from './steps/oversight.ts';
import { publicReadsStep } from './steps/publicReads.ts';
import { scaleStep } from './steps/scale.ts';
import { soakStep } from './steps/soak.ts';
import { throughputStep } from './steps/throughput.ts';
import { vettingStep } from './steps/vetting.ts';

const STEPS = {
  throughput: throughputStep,
  latency: latencyStep,
  public: publicReadsStep,
  vetting: vettingStep,
  cases: caseUpdatesStep,
  feed: caseFeedStep,
  scale: scaleStep,
  soak: soakStep,
  oversight: oversightStep,
} as const;
type StepName = keyof typeof STEPS;

const { chosen, unknown } = chooseSteps(process.argv.slice(2), Object.keys(STEPS) as StepName[]);
if (unknown.length > 0) {
  process.stderr.write(`unknown step ${unknown.join(', ')}: choose from ${Object.keys(STEPS).join(', ')}\n`);
  process.exit(2);
}

const startedAt = performance.now();
const ctx = await BenchContext.open();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    ctx.say(`${signal}: stopping`);
    void ctx.cleanUp().finally(() => process.exit(130));
  });
}

const date = new Date().toISOString();
const host = machine(ctx.nc.info?.version ?? 'unknown');
ctx.say(`namespace ${ctx.namespace}; steps ${chosen.join(', ')}; settings ${JSON.stringify(ctx.settings)}`);
const completed: StepName[] = [];
for (const name of chosen) {
  try {
    await STEPS[name](ctx);
    completed.push(name);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.errors.push(`${name}: ${message.length > 2000 ? `${message.slice(0, 2000)}…` : message}`);
    ctx.say(`step ${name} stopped early: ${message.split('\n').slice(0, 30).join('\n')}`);
  }
}
await ctx.cleanUp();
const runtimeSeconds = round((performance.now() - startedAt) / 1000, 1);

const { settings } = ctx;
process.stdout.write(
  [
    '',
    `Kazi Salama benchmark, ${date} (namespace ${ctx.namespace}; steps ${chosen.join(', ')})`,
    `machine: ${host.cores} cores (${host.cpuModel}), ${host.memoryGb} GB, node ${host.node}, nats-server ${host.natsServer}, linux ${host.kernel}; load average ${host.loadAverage} at start, ${round(loadavg()[0] ?? 0)} at end`,
    `full load: autocannon, ${settings.connections} connections, ${settings.durationSeconds} s measured after ${settings.warmupSeconds} s warm-up; steady loads as noted per step`,
    '',
    ...tableOf(ctx.rows),
    '',
    ...ctx.notes,
    ...ctx.errors.map(problemLine),
    `total runtime ${runtimeSeconds} s`,
    '',
  ].join('\n'),
);
process.stdout.write(
  `${JSON.stringify({ date, namespace: ctx.namespace, machine: host, settings, steps: chosen, completed, ...ctx.figures, errors: ctx.errors, runtimeSeconds })}\n`,
);
process.exit(completed.length < chosen.length ? 1 : 0);
