/**
 * `npm run bench`: throughput and latency of the embedded system against a raw baseline, on this
 * machine. A benchmark, not a test: it prints figures (a table, then one JSON line) and asserts
 * nothing. It always deletes its namespace's streams, KV buckets and Redis keys and stops what it
 * started. What each figure means: docs/performance.md.
 *
 * Knobs (env): BENCH_CONNECTIONS (20), BENCH_DURATION (10 s), BENCH_WARMUP (2 s), BENCH_TARGETS (1000),
 * BENCH_STREAM_MESSAGES (200000).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import {
  deleteNamespaceKeys,
  deleteNamespaceStreams,
  freePort,
  NATS_URL,
  REDIS_URL,
  type RunningSystem,
  startSystemProcess,
  uniqueNamespace,
} from '@kazi/testing';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { hashTrackingPin } from '@kazi/complaints/application/trackingPin.ts';
import { complaintsConfigSchema } from '@kazi/complaints/config.ts';
import { applicationSchemaSource } from './lib/applicationSchema.ts';
import { applicationBodies, complaintRequests, vettingCheckBody } from './lib/bodies.ts';
import { fillStream, streamMessages } from './lib/fill.ts';
import { type LoadFigures, load } from './lib/load.ts';
import { cpuMeter, machine, memoryOf, pidByName, pidListeningOn } from './lib/proc.ts';

const here = dirname(fileURLToPath(import.meta.url));
const envInt = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const settings = {
  connections: envInt('BENCH_CONNECTIONS', 20),
  durationSeconds: envInt('BENCH_DURATION', 10),
  warmupSeconds: envInt('BENCH_WARMUP', 2),
  targets: envInt('BENCH_TARGETS', 1000),
  warmupTargets: 100,
  streamMessages: envInt('BENCH_STREAM_MESSAGES', 200_000),
};
const GOALS = { createRatio: 0.6, vettingRatio: 0.4, lodgeRatio: 0.5, rssMb: 300 };

const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

interface Result {
  date: string;
  namespace: string;
  machine?: ReturnType<typeof machine>;
  settings: typeof settings;
  bodySchema: string;
  baseline?: LoadFigures & { cpuSeconds: Record<string, number> };
  create?: LoadFigures & { ratio: number; cpuSeconds: Record<string, number> };
  baselineLodge?: LoadFigures & { cpuSeconds: Record<string, number> };
  lodge?: LoadFigures & { ratio: number; cpuSeconds: Record<string, number> };
  /** CPU of one tracking-PIN hash at the default cost, measured alone: what lodging pays on top. */
  pinHashMs?: number;
  vetting?: LoadFigures & {
    ratio: number;
    cpuSeconds: Record<string, number>;
    streamMessagesBefore: number;
    streamMessagesAfter: number;
    fill: { published: number; seconds: number };
    targetsCreated: number;
    targetsSeconds: number;
    projectionCatchUp: { seconds: number; lagAtRestart: number | null };
    restartSeconds: number;
  };
  memory?: { afterCreateMb?: number; afterRunMb?: number; peakMb?: number };
  goals: typeof GOALS;
  errors: string[];
  runtimeSeconds?: number;
}

const namespace = uniqueNamespace('bench');
const result: Result = {
  date: new Date().toISOString(),
  namespace,
  settings,
  bodySchema: applicationSchemaSource,
  goals: GOALS,
  errors: [],
};

const startedAt = performance.now();
const nc = await connect({ servers: NATS_URL, name: `bench-${namespace}` });
const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
await redis.connect();

let baselineChild: ChildProcess | undefined;
let system: RunningSystem | undefined;

let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    say('cleaning up: stopping processes, deleting namespace streams, KV buckets and Redis keys');
    await stopBaseline();
    if (system) {
      const code = await system.stop().catch(() => null);
      if (code !== 0) say(`system process exited with ${code}`);
      system = undefined;
    }
    await deleteNamespaceStreams(nc, namespace).catch((e) => say(`deleting streams failed: ${String(e)}`));
    await deleteNamespaceKeys(redis, namespace).catch((e) => say(`deleting Redis keys failed: ${String(e)}`));
    await nc.close().catch(() => {});
    redis.disconnect();
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    say(`${signal}: stopping`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function startBaseline(): Promise<string> {
  const port = await freePort();
  let output = '';
  baselineChild = spawn(process.execPath, ['--import', 'tsx', join(here, 'baseline.ts')], {
    cwd: join(here, '..'),
    env: { ...process.env, PORT: String(port), BENCH_NAMESPACE: namespace, NATS_URL },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const child = baselineChild;
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`baseline exited early (${child.exitCode}):\n${output}`);
    if (
      await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return url;
    if (Date.now() > deadline) throw new Error(`baseline not ready after 30 s:\n${output}`);
    await sleep(100);
  }
}

async function stopBaseline(): Promise<void> {
  const child = baselineChild;
  baselineChild = undefined;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5000).then(() => child.kill('SIGKILL'))]);
}

const portOf = (url: string) => Number(new URL(url).port);

/** Creates `count` agencies through the API, `concurrency` at a time; their ids. */
async function createAgencies(
  url: string,
  token: string,
  count: number,
  next: () => string,
  concurrency = 20,
) {
  const ids: string[] = [];
  const failures: string[] = [];
  let left = count;
  const worker = async () => {
    while (left > 0) {
      left -= 1;
      const response = await fetch(`${url}/agencies`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: next(),
      });
      const text = await response.text();
      if (response.status === 201) ids.push((JSON.parse(text) as { id: string }).id);
      else failures.push(`${response.status} ${text.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ids, failures };
}

/** Waits until every projection of the system reports no lag on /metrics (or `maxSeconds` pass). */
async function waitForProjections(
  url: string,
  maxSeconds: number,
): Promise<{ seconds: number; lag: number | null }> {
  const started = performance.now();
  let lag: number | null = null;
  while ((performance.now() - started) / 1000 < maxSeconds) {
    const text = await fetch(`${url}/metrics`).then(
      (r) => r.text(),
      () => '',
    );
    const lags = [...text.matchAll(/^\S*_projection_lag_messages(?:\{[^}]*\})?\s+(\S+)$/gm)].map((m) =>
      Number(m[1]),
    );
    if (lags.length === 0) return { seconds: round((performance.now() - started) / 1000, 1), lag: null };
    lag = lags.reduce((a, b) => a + b, 0);
    if (lag === 0) break;
    await sleep(500);
  }
  return { seconds: round((performance.now() - started) / 1000, 1), lag };
}

/** CPU milliseconds of one tracking-PIN hash at the complaints service's default cost, alone. */
async function pinHashCost(): Promise<number> {
  const cost = complaintsConfigSchema.parse({}).TRACKING_PIN_HASH_COST;
  await hashTrackingPin('WARMUP23', cost);
  const before = process.cpuUsage();
  for (let i = 0; i < 50; i++) await hashTrackingPin('K7Q4MZ2P', cost);
  const used = process.cpuUsage(before);
  return round((used.user + used.system) / 1000 / 50);
}

const pids = () => ({ nats: pidByName('nats-server'), redis: pidByName('redis-server') });

try {
  result.machine = machine(nc.info?.version ?? 'unknown');
  say(
    `namespace ${namespace}; ${settings.connections} connections, ${settings.durationSeconds} s after ${settings.warmupSeconds} s warm-up`,
  );
  say(`POST /agencies body schema: ${applicationSchemaSource}`);

  // 1. Raw baseline.
  {
    const url = await startBaseline();
    const baselinePid = baselineChild?.pid;
    const next = applicationBodies(10);
    say(`1/3 baseline at ${url}`);
    const meter = cpuMeter({ baseline: baselinePid, ...pids() });
    const figures = await load({
      url,
      connections: settings.connections,
      durationSeconds: settings.durationSeconds,
      warmupSeconds: settings.warmupSeconds,
      next: () => ({ path: '/agencies', body: next() }),
    });
    result.baseline = { ...figures, cpuSeconds: meter() };
    say(
      `    ${figures.rps} req/s, p99 ${figures.latencyMs.p99} ms, non-2xx ${figures.non2xx}, errors ${figures.errors}`,
    );
    say('    baseline POST /complaints');
    const nextComplaint = complaintRequests(10);
    const lodgeMeter = cpuMeter({ baseline: baselinePid, ...pids() });
    const lodging = await load({
      url,
      connections: settings.connections,
      durationSeconds: settings.durationSeconds,
      warmupSeconds: settings.warmupSeconds,
      next: () => ({ path: '/complaints', body: nextComplaint().body }),
    });
    result.baselineLodge = { ...lodging, cpuSeconds: lodgeMeter() };
    say(
      `    ${lodging.rps} req/s, p99 ${lodging.latencyMs.p99} ms, non-2xx ${lodging.non2xx}, errors ${lodging.errors}`,
    );
    await stopBaseline();
  }
  const baselineRps = result.baseline.rps;
  const baselineLodgeRps = result.baselineLodge?.rps ?? Number.NaN;

  // 2. The embedded system: POST /agencies.
  say('2/3 starting the system');
  system = await startSystemProcess(namespace);
  {
    const pid = pidListeningOn(portOf(system.url));
    if (!pid) result.errors.push('could not find the system process pid from its port');
    const token = await system.token(['nea-officer'], { sub: 'bench-officer', name: 'Bench Officer' });
    const next = applicationBodies(11);
    const meter = cpuMeter({ system: pid, ...pids() });
    const figures = await load({
      url: system.url,
      connections: settings.connections,
      durationSeconds: settings.durationSeconds,
      warmupSeconds: settings.warmupSeconds,
      headers: { authorization: `Bearer ${token}` },
      next: () => ({ path: '/agencies', body: next() }),
    });
    result.create = { ...figures, ratio: round(figures.rps / baselineRps), cpuSeconds: meter() };
    result.memory = { afterCreateMb: pid ? memoryOf(pid)?.rssMb : undefined };
    say(
      `    ${figures.rps} req/s, p99 ${figures.latencyMs.p99} ms, non-2xx ${figures.non2xx}, errors ${figures.errors}, ratio ${result.create.ratio}`,
    );
    if (figures.non2xx > 0) say(`    status codes: ${JSON.stringify(figures.statusCodes)}`);

    say('    POST /complaints as the hotline, an Idempotency-Key on every request');
    const hotline = await system.token(['hotline'], { sub: 'bench-hotline', name: 'Bench Hotline' });
    const nextComplaint = complaintRequests(11);
    const lodgeMeter = cpuMeter({ system: pid, ...pids() });
    const lodging = await load({
      url: system.url,
      connections: settings.connections,
      durationSeconds: settings.durationSeconds,
      warmupSeconds: settings.warmupSeconds,
      headers: { authorization: `Bearer ${hotline}` },
      next: () => {
        const { body, key } = nextComplaint();
        return { path: '/complaints', body, headers: { 'idempotency-key': key } };
      },
    });
    result.lodge = { ...lodging, ratio: round(lodging.rps / baselineLodgeRps), cpuSeconds: lodgeMeter() };
    say(
      `    ${lodging.rps} req/s, p99 ${lodging.latencyMs.p99} ms, non-2xx ${lodging.non2xx}, errors ${lodging.errors}, ratio ${result.lodge.ratio}`,
    );
    if (lodging.non2xx > 0) say(`    status codes: ${JSON.stringify(lodging.statusCodes)}`);
    result.pinHashMs = await pinHashCost();
    say(`    one tracking-PIN hash (scrypt, default cost) alone: ${result.pinHashMs} ms CPU`);
  }

  // 3. Vetting checks on 1,000 agencies, ≥200k messages in the stream, freshly restarted process.
  {
    const token = await system.token(['nea-officer'], { sub: 'bench-officer', name: 'Bench Officer' });
    const next = applicationBodies(12);
    say(
      `3/3 creating ${settings.targets} target agencies (+${settings.warmupTargets} for the warm-up) through the API`,
    );
    const t0 = performance.now();
    const targets = await createAgencies(system.url, token, settings.targets, next);
    const warmups = await createAgencies(system.url, token, settings.warmupTargets, next);
    const targetsSeconds = round((performance.now() - t0) / 1000, 1);
    const failures = [...targets.failures, ...warmups.failures];
    if (failures.length > 0)
      result.errors.push(`${failures.length} target creations failed, e.g. ${failures[0]}`);
    if (targets.ids.length === 0 || warmups.ids.length === 0)
      throw new Error(`no target agencies: ${failures[0]}`);

    say(`    filling the stream to ≥${settings.streamMessages} messages`);
    const fill = await fillStream(nc, namespace, settings.streamMessages);
    say(`    published ${fill.published} filler commits in ${fill.seconds} s; stream has ${fill.messages}`);
    say('    waiting for the projections to catch up (≤90 s)');
    const caughtUp = await waitForProjections(system.url, 90);
    say(`    projections: lag ${caughtUp.lag ?? 'not reported'} after ${caughtUp.seconds} s`);

    say('    restarting the system process (cold in-process cache)');
    const code = await system.stop();
    system = undefined;
    if (code !== 0) result.errors.push(`system process exited with ${code} on SIGTERM`);
    const t1 = performance.now();
    system = await startSystemProcess(namespace);
    const restartSeconds = round((performance.now() - t1) / 1000, 1);
    const pid = pidListeningOn(portOf(system.url));
    const fresh = await system.token(['nea-officer'], { sub: 'bench-officer', name: 'Bench Officer' });
    const before = await streamMessages(nc, namespace);
    const pick = (ids: string[]) => ids[randomInt(ids.length)];
    const meter = cpuMeter({ system: pid, ...pids() });
    const figures = await load({
      url: system.url,
      connections: settings.connections,
      durationSeconds: settings.durationSeconds,
      warmupSeconds: settings.warmupSeconds,
      headers: { authorization: `Bearer ${fresh}` },
      // The warm-up (JIT, connections) uses its own agencies, so the targets stay cold.
      warmupNext: () => ({ path: `/agencies/${pick(warmups.ids)}/vetting-checks`, body: vettingCheckBody() }),
      next: () => ({ path: `/agencies/${pick(targets.ids)}/vetting-checks`, body: vettingCheckBody() }),
    });
    const cpuSeconds = meter();
    const memory = pid ? memoryOf(pid) : undefined;
    result.memory = { ...result.memory, afterRunMb: memory?.rssMb, peakMb: memory?.peakMb };
    result.vetting = {
      ...figures,
      ratio: round(figures.rps / baselineRps),
      cpuSeconds,
      streamMessagesBefore: before,
      streamMessagesAfter: await streamMessages(nc, namespace),
      fill: { published: fill.published, seconds: fill.seconds },
      targetsCreated: targets.ids.length,
      targetsSeconds,
      projectionCatchUp: { seconds: caughtUp.seconds, lagAtRestart: caughtUp.lag },
      restartSeconds,
    };
    say(
      `    ${figures.rps} req/s, p99 ${figures.latencyMs.p99} ms, non-2xx ${figures.non2xx}, errors ${figures.errors}, ratio ${result.vetting.ratio}`,
    );
    if (figures.non2xx > 0) say(`    status codes: ${JSON.stringify(figures.statusCodes)}`);
  }
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  result.errors.push(message.length > 2000 ? `${message.slice(0, 2000)}…` : message);
  say(`stopped early: ${message.split('\n').slice(0, 30).join('\n')}`);
} finally {
  await cleanUp();
}
result.runtimeSeconds = round((performance.now() - startedAt) / 1000, 1);

// Report.
const mb = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '—' : `${Math.round(x)} MB`);
const verdict = (ok: boolean | undefined) => (ok === undefined ? '—' : ok ? 'met' : 'MISSED');
const rows: string[][] = [
  ['figure', 'req/s', 'p50 ms', 'p99 ms', '2xx', 'non-2xx', 'errors', 'ratio', 'goal', 'goal met'],
];
const row = (label: string, f: LoadFigures | undefined, ratio?: number, goal = '', ok?: boolean) =>
  rows.push(
    f
      ? [
          label,
          String(f.rps),
          String(f.latencyMs.p50),
          String(f.latencyMs.p99),
          String(f.ok),
          String(f.non2xx),
          String(f.errors + f.timeouts),
          ratio === undefined ? '' : String(ratio),
          goal,
          verdict(ok),
        ]
      : [label, 'not measured', '', '', '', '', '', '', goal, '—'],
  );
row('1 baseline POST /agencies', result.baseline);
row(
  '2 system POST /agencies',
  result.create,
  result.create?.ratio,
  `≥ ${GOALS.createRatio}, 0 errors`,
  result.create
    ? result.create.ratio >= GOALS.createRatio &&
        result.create.errors + result.create.timeouts + result.create.non2xx === 0
    : undefined,
);
row(
  '3 system POST …/vetting-checks',
  result.vetting,
  result.vetting?.ratio,
  `≥ ${GOALS.vettingRatio}`,
  result.vetting ? result.vetting.ratio >= GOALS.vettingRatio : undefined,
);
row('1b baseline POST /complaints', result.baselineLodge);
row(
  '2b system POST /complaints',
  result.lodge,
  result.lodge?.ratio,
  `≥ ${GOALS.lodgeRatio}, 0 errors`,
  result.lodge
    ? result.lodge.ratio >= GOALS.lodgeRatio &&
        result.lodge.errors + result.lodge.timeouts + result.lodge.non2xx === 0
    : undefined,
);
const rss = result.memory?.afterRunMb;
rows.push([
  '4 system RSS after the run',
  mb(rss),
  '',
  '',
  '',
  '',
  '',
  '',
  `≤ ${GOALS.rssMb} MB`,
  verdict(rss === undefined ? undefined : rss <= GOALS.rssMb),
]);
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
const line = (r: string[]) =>
  r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');

const m = result.machine;
const out: string[] = [
  '',
  `Kazi Salama benchmark, ${result.date} (namespace ${namespace})`,
  m
    ? `machine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGb} GB, node ${m.node}, nats-server ${m.natsServer}, linux ${m.kernel}; load average ${m.loadAverage} at start, ${round(loadavg()[0] ?? 0)} at end`
    : 'machine: unknown',
  `load: autocannon, ${settings.connections} connections, ${settings.durationSeconds} s measured after ${settings.warmupSeconds} s warm-up; body schema: ${result.bodySchema}`,
  '',
  line(rows[0]!),
  line(widths.map((w) => '-'.repeat(w))),
  ...rows.slice(1).map(line),
  '',
];
if (result.vetting) {
  const v = result.vetting;
  out.push(
    `3: ${v.targetsCreated} targets created in ${v.targetsSeconds} s; ${v.fill.published} filler commits published in ${v.fill.seconds} s; ` +
      `stream ${v.streamMessagesBefore} → ${v.streamMessagesAfter} messages; projections caught up in ${v.projectionCatchUp.seconds} s ` +
      `(lag at restart ${v.projectionCatchUp.lagAtRestart ?? 'not reported'}); restart to ready ${v.restartSeconds} s`,
  );
}
if (result.pinHashMs !== undefined)
  out.push(`2b: each lodging hashes its tracking PIN (scrypt, default cost): ${result.pinHashMs} ms CPU per hash, measured alone`);
if (result.memory)
  out.push(
    `memory: RSS after phase 2 ${mb(result.memory.afterCreateMb)}, after the run ${mb(rss)}, peak ${mb(result.memory.peakMb)}`,
  );
const cpu = (label: string, c: Record<string, number> | undefined) =>
  c &&
  out.push(
    `cpu s during ${label}: ${Object.entries(c)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
cpu('1', result.baseline?.cpuSeconds);
cpu('1b', result.baselineLodge?.cpuSeconds);
cpu('2', result.create?.cpuSeconds);
cpu('2b', result.lodge?.cpuSeconds);
cpu('3', result.vetting?.cpuSeconds);
for (const [label, f] of [
  ['2', result.create],
  ['2b', result.lodge],
  ['3', result.vetting],
] as const) {
  if (f && f.non2xx > 0) out.push(`${label}: status codes ${JSON.stringify(f.statusCodes)}`);
}
for (const e of result.errors) {
  const lines = e.split('\n').filter((l) => l.trim() !== '');
  const cause = lines.find((l, i) => i > 0 && /error/i.test(l));
  out.push(`problem: ${lines[0] ?? ''}${cause ? ` ${cause.trim()}` : ''}`);
}
out.push(`total runtime ${result.runtimeSeconds} s`, '');
process.stdout.write(`${out.join('\n')}\n`);
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(result.errors.length > 0 && !result.vetting ? 1 : 0);
