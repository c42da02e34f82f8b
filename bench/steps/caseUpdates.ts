/**
 * Step `cases` (issue 11): case updates with `expectedVersion` on 1,000 attaché cases with ≥ 200k messages
 * in the attaché-cases stream, on a freshly restarted (cold) process, against the same-writes baseline
 * (lib/sameWrites.ts: the commit, the integration event and every 8th commit a snapshot, raw). Goal: ≥ 0.6
 * of the baseline's requests/s with zero errors and zero non-2xx.
 *
 * Each update is a note (the commonest change from a phone, and the one whose text is sealed) carrying the
 * version the answer to the case's previous update gave. A case is never sent twice at once: the load takes
 * an idle case at random and gives it back with the version its answer names, so a 409 here would be the
 * system's, not the benchmark's. The baseline gets the same requests, the same way.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { CaseEventType } from '@kazi/attache-cases/domain';
import { caseUpdateBody, openCaseBody } from '@kazi/attache-cases/testing';
import { encodeCommit, names, VERSION_HEADER } from '@kazi/eventsourcing';
import { headers } from '@nats-io/transport-node';
import { postMany, waitForProjections } from '../lib/api.ts';
import { AsyncPublisher } from '../lib/asyncPublisher.ts';
import type { BenchContext, StartedSystem } from '../lib/context.ts';
import { streamMessages } from '../lib/fill.ts';
import { type LoadFigures, load, type NextRequest } from '../lib/load.ts';
import { cpuMeter, memoryOf } from '../lib/proc.ts';
import { failuresOf, round } from '../lib/report.ts';

export const CASES_GOAL = 0.6;
export const CASES_CONTEXT = 'attache-cases';
/** The mission every benchmark case is opened in, and its attaché. */
export const MISSION = 'SA';

/** A case the benchmark opened, and the version its last answer gave. */
export interface BenchCase {
  id: string;
  version: number;
}

/** CPU seconds by process as the notes print them: `system 4.5, nats 2.0, …`. */
export const cpuText = (c: Record<string, number>): string =>
  Object.entries(c)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

/** The cases this run opened through the API (the feed step reads them), by context. */
const openedCases = new WeakMap<BenchContext, { targets: BenchCase[]; since: string }>();

/** The cases the `cases` step opened in this run, and a time just before the first was opened. */
export const seededCasesOf = (ctx: BenchContext) => openedCases.get(ctx);

export const attacheToken = (system: StartedSystem) =>
  system.token(['labour-attache'], { sub: 'bench-attache', name: 'Bench Attaché', mission: MISSION });

/** Opens `count` cases in the mission through POST /cases, as an attaché would. */
export async function openCases(system: StartedSystem, count: number) {
  const token = await attacheToken(system);
  return postMany<BenchCase>(system.url, token, count, () => ({
    path: '/cases',
    body: JSON.stringify(openCaseBody({ country: MISSION })),
  }));
}

/**
 * Idle cases, one request in flight per case at most: `next` takes one at random, the answer gives it
 * back with the version it names (a 409's `current` too). A case whose answer names none is set aside.
 */
export class CasePool {
  private readonly idle: BenchCase[];
  setAside = 0;

  constructor(cases: BenchCase[]) {
    this.idle = cases.map((c) => ({ ...c }));
  }

  take(): BenchCase | undefined {
    if (this.idle.length === 0) return undefined;
    const i = randomInt(this.idle.length);
    const taken = this.idle[i]!;
    this.idle[i] = this.idle[this.idle.length - 1]!;
    this.idle.pop();
    return taken;
  }

  giveBack(body: string): void {
    let answer: { id?: unknown; version?: unknown; current?: { id?: unknown; version?: unknown } };
    try {
      answer = JSON.parse(body) as typeof answer;
    } catch {
      this.setAside += 1;
      return;
    }
    const id = answer.id ?? answer.current?.id;
    const version = answer.version ?? answer.current?.version;
    if (typeof id === 'string' && typeof version === 'number') this.idle.push({ id, version });
    else this.setAside += 1;
  }
}

/**
 * The warm-up's requests: the warm-up cases in turn, each version counted up as it is sent (the warm-up
 * reads no answers). With more warm-up cases than connections, a case comes round again long after its
 * previous update was answered.
 */
function inTurn(cases: BenchCase[], pathOf: (id: string) => string): () => NextRequest {
  const versions = cases.map((c) => ({ ...c }));
  let turn = 0;
  return () => {
    const c = versions[turn++ % versions.length]!;
    const body = JSON.stringify(caseUpdateBody(c.version));
    c.version += 1;
    return { path: pathOf(c.id), body };
  };
}

/** A full load of updates on `targets` (warm-up on `warmups`), each case one request at a time. */
function updateLoad(
  ctx: BenchContext,
  url: string,
  targets: BenchCase[],
  warmups: BenchCase[],
  pathOf: (id: string) => string,
  authorization?: string,
) {
  const pool = new CasePool(targets);
  const next = (): NextRequest => {
    // Only when every case is in flight or set aside (not with 1,000 cases and 20 connections).
    const c = pool.take() ?? targets[randomInt(targets.length)]!;
    return { path: pathOf(c.id), body: JSON.stringify(caseUpdateBody(c.version)) };
  };
  const { connections, durationSeconds, warmupSeconds } = ctx.settings;
  return load({
    url,
    connections,
    durationSeconds,
    warmupSeconds,
    ...(authorization ? { headers: { authorization } } : {}),
    warmupNext: inTurn(warmups, pathOf),
    next,
    onResponse: (_status, body) => pool.giveBack(body),
  }).then((figures) => ({ ...figures, setAside: pool.setAside }));
}

/**
 * Grows the attaché-cases stream to `atLeast` messages with commits of filler streams (`filler.<id>`, one
 * note each, shaped as a case's): outside the categories the read models follow (`case.>`, `employer.>`),
 * so they fill the stream the event store and the relay read without adding cases to the feed.
 */
async function fillCasesStream(ctx: BenchContext, atLeast: number) {
  const missing = Math.max(0, atLeast - (await streamMessages(ctx.nc, ctx.namespace, CASES_CONTEXT)));
  const publisher = new AsyncPublisher(ctx.nc);
  const h = headers();
  h.set(VERSION_HEADER, '1');
  const time = new Date().toISOString();
  for (let i = 0; i < missing; i++) {
    if (publisher.inFlight >= publisher.maxInFlight) await publisher.drained(publisher.maxInFlight / 2);
    const commandId = randomUUID();
    const body = encodeCommit({
      events: [
        {
          id: randomUUID(),
          type: CaseEventType.UpdateRecorded,
          data: {
            action: { kind: 'note', note: { sealed: `pd2.ZmlsbGVy.${randomUUID()}` } },
            updateId: `filler-${i}`,
            fingerprint: commandId,
            actor: { sub: 'bench-filler', name: 'Bench Filler' },
            at: time,
          },
        },
      ],
      metadata: { commandId, actor: 'bench-filler', correlationId: commandId, time },
    });
    publisher.publish(
      names.aggregateSubject(ctx.namespace, CASES_CONTEXT, `filler.${randomUUID()}`),
      body,
      h,
    );
  }
  const { seconds, lastSeq } = await publisher.finish();
  return { published: missing, seconds, lastSeq };
}

/** Waits until the attaché-cases relay has passed `position` (it reads every commit, filler too). */
async function waitForCasesRelay(url: string, position: number, maxSeconds: number) {
  const started = performance.now();
  const elapsed = () => round((performance.now() - started) / 1000, 1);
  let at = 0;
  while (elapsed() < maxSeconds) {
    const text = await fetch(`${url}/metrics`).then(
      (r) => r.text(),
      () => '',
    );
    const positions = [...text.matchAll(/^kazi_attache_cases_relay_position(?:\{[^}]*\})?\s+(\S+)$/gm)];
    at = Math.max(0, ...positions.map((m) => Number(m[1])));
    if (at >= position) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { seconds: elapsed(), position: at };
}

export async function caseUpdatesStep(ctx: BenchContext): Promise<void> {
  const { settings } = ctx;
  const fresh = (count: number) => Array.from({ length: count }, () => ({ id: randomUUID(), version: 1 }));
  const pids = (pid: number | undefined) => ({ baseline: pid, nats: ctx.pids().nats });

  ctx.say('cases: same-writes baseline POST /same-writes/cases/:id/updates');
  const baseline = await ctx.baseline();
  const baselineMeter = cpuMeter(pids(baseline.pid));
  const floor = await updateLoad(
    ctx,
    baseline.url,
    fresh(settings.targets),
    fresh(settings.warmupTargets),
    (id) => `/same-writes/cases/${id}/updates`,
  );
  const baselineCpu = baselineMeter();
  ctx.say(`    ${floor.rps} req/s, p99 ${floor.latencyMs.p99} ms, non-2xx ${floor.non2xx}`);
  await ctx.stopBaseline();

  let system = await ctx.system();
  ctx.say(`cases: opening ${settings.targets} cases (+${settings.warmupTargets} for the warm-up)`);
  const since = new Date(Date.now() - 1000).toISOString();
  const t0 = performance.now();
  const targets = await openCases(system, settings.targets);
  const warmups = await openCases(system, settings.warmupTargets);
  const openSeconds = round((performance.now() - t0) / 1000, 1);
  const failures = [...targets.failures, ...warmups.failures];
  if (failures.length > 0) ctx.errors.push(`cases: ${failures.length} openings failed, e.g. ${failures[0]}`);
  if (targets.ok.length === 0 || warmups.ok.length === 0) throw new Error(`no cases opened: ${failures[0]}`);
  openedCases.set(ctx, { targets: targets.ok, since });

  ctx.say(`    filling the attaché-cases stream to ≥${settings.streamMessages} messages`);
  const fill = await fillCasesStream(ctx, settings.streamMessages);
  ctx.say(`    published ${fill.published} filler commits in ${fill.seconds} s`);
  const caughtUp = await waitForProjections(system.url, 120);
  const relayed = await waitForCasesRelay(system.url, fill.lastSeq, 300);
  ctx.say(
    `    projections: lag ${caughtUp.lag ?? 'not reported'} after ${caughtUp.seconds} s; relay at ${relayed.position} of ${fill.lastSeq} after ${relayed.seconds} s more`,
  );

  ctx.say('    restarting the system process (cold in-process caches)');
  await ctx.stopSystem();
  const t1 = performance.now();
  system = await ctx.system();
  const restartSeconds = round((performance.now() - t1) / 1000, 1);
  const token = await attacheToken(system);
  const before = await streamMessages(ctx.nc, ctx.namespace, CASES_CONTEXT);
  const meter = cpuMeter(ctx.pids());
  ctx.say('cases: system POST /cases/:id/updates (notes, expectedVersion, a new updateId each)');
  const figures = await updateLoad(
    ctx,
    system.url,
    targets.ok,
    warmups.ok,
    (id) => `/cases/${id}/updates`,
    `Bearer ${token}`,
  );
  const cpuSeconds = meter();
  const memory = system.pid ? memoryOf(system.pid) : undefined;
  const after = await streamMessages(ctx.nc, ctx.namespace, CASES_CONTEXT);
  const ratio = round(figures.rps / floor.rps);
  ctx.say(
    `    ${figures.rps} req/s, p99 ${figures.latencyMs.p99} ms, non-2xx ${figures.non2xx}, errors ${figures.errors}, ratio ${ratio}`,
  );
  if (figures.firstFailure) ctx.say(`    first failure: ${figures.firstFailure}`);

  const met = (f: LoadFigures) => ratio >= CASES_GOAL && failuresOf(f) === 0;
  ctx.figures.cases = {
    baseline: { ...floor, cpuSeconds: baselineCpu },
    updates: { ...figures, ratio, cpuSeconds },
    goal: CASES_GOAL,
    casesOpened: targets.ok.length,
    openSeconds,
    streamMessagesBefore: before,
    streamMessagesAfter: after,
    fill: { published: fill.published, seconds: fill.seconds },
    projectionCatchUp: { seconds: caughtUp.seconds, lag: caughtUp.lag },
    relayCatchUp: relayed,
    restartSeconds,
    memory: { afterRunMb: memory?.rssMb, peakMb: memory?.peakMb },
  };
  ctx.rows.push(
    { label: 'C same-writes baseline POST …/updates', figures: floor },
    {
      label: 'C system POST /cases/:id/updates ÷ same-writes',
      figures,
      ratio,
      goal: `≥ ${CASES_GOAL}, 0 errors`,
      met: met(figures),
    },
  );
  const cpu = cpuText;
  // Every update (warm-up included) is one commit: the stream's growth counts what the CPU was spent on.
  const updates = Math.max(1, after - before);
  const perUpdateMs = (seconds: number | undefined) => round(((seconds ?? 0) * 1000) / updates, 3);
  const baselineRequests = Math.max(1, floor.requests + floor.rps * settings.warmupSeconds);
  const cpuMsPerUpdate = {
    system: perUpdateMs(cpuSeconds.system),
    nats: perUpdateMs(cpuSeconds.nats),
    redis: perUpdateMs(cpuSeconds.redis),
    baseline: round(((baselineCpu.baseline ?? 0) * 1000) / baselineRequests, 3),
    baselineNats: round(((baselineCpu.nats ?? 0) * 1000) / baselineRequests, 3),
  };
  (ctx.figures.cases as Record<string, unknown>).cpuMsPerUpdate = cpuMsPerUpdate;
  ctx.notes.push(
    `C: CPU ms per update (${updates} commits): system ${cpuMsPerUpdate.system}, nats-server ${cpuMsPerUpdate.nats}, redis ${cpuMsPerUpdate.redis}; ` +
      `per baseline request (~${Math.round(baselineRequests)}): baseline ${cpuMsPerUpdate.baseline}, nats-server ${cpuMsPerUpdate.baselineNats}`,
  );
  ctx.notes.push(
    `C: ${targets.ok.length} cases opened in ${openSeconds} s; ${fill.published} filler commits in ${fill.seconds} s; ` +
      `stream ${before} → ${after} messages; projections caught up in ${caughtUp.seconds} s, the relay ${relayed.seconds} s later; ` +
      `restart to ready ${restartSeconds} s; RSS after ${memory ? Math.round(memory.rssMb) : '—'} MB; ` +
      `cases set aside (answer without a version): baseline ${floor.setAside}, system ${figures.setAside}`,
    `cpu s during the C baseline: ${cpu(baselineCpu)}; during the system's updates: ${cpu(cpuSeconds)}`,
  );
}
