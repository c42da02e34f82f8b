/**
 * Step `oversight` (issue 13): the reporting store in PostgreSQL, in a namespace and database of its own.
 * BENCH_OVERSIGHT_EVENTS (1,000,000) integration events of BENCH_OVERSIGHT_AGENCIES (5,000) agencies,
 * their complaints, attaché cases and a few BLMAs (lib/oversightEvents.ts) are published straight to the
 * integration stream; then a system process starts on the filled stream and the figures are:
 * - catch-up: events/s of the reporting projection from position 0 to the head (goal ≥ 20,000/s), with
 *   the CPU seconds of PostgreSQL, NATS and the system process per 1,000 events;
 * - rebuild: `POST /oversight/projections/reporting/rebuild` until the new generation is live (goal
 *   ≤ 120 s for 1,000,000 events);
 * - `GET /oversight/indicators` by three dimensions over the whole history, without and with `asOf`, and
 *   `GET /oversight/watchlist`, each at BENCH_OVERSIGHT_RATE (20/s) for BENCH_OVERSIGHT_SECONDS (10)
 *   (goals: p99 ≤ 100 ms and ≤ 50 ms, zero errors).
 * The system process, the namespace's streams and keys and its database are gone at the end.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { names } from '@kazi/eventsourcing';
import { ensureIntegrationStreams } from '@kazi/messaging';
import { createPool } from '@kazi/oversight';
import { type RunningSystem, startSystemProcess, testDatabaseUrl } from '@kazi/system/process';
import { deleteNamespaceKeys, deleteNamespaceStreams, uniqueNamespace } from '@kazi/test-servers';
import { AsyncPublisher } from '../lib/asyncPublisher.ts';
import type { BenchContext } from '../lib/context.ts';
import { type LoadFigures, load } from '../lib/load.ts';
import { PostgresCpu } from '../lib/oversightCpu.ts';
import { encodeOversightEvent, oversightHistory } from '../lib/oversightEvents.ts';
import { cpuSecondsOf, pidByName, pidListeningOn } from '../lib/proc.ts';
import { failuresOf, round } from '../lib/report.ts';

export const CATCH_UP_GOAL_PER_SECOND = 20_000;
export const REBUILD_GOAL_SECONDS = 120;
export const INDICATORS_P99_GOAL_MS = 100;
export const WATCHLIST_P99_GOAL_MS = 50;
const PROJECTION = 'reporting';
const BY = 'sex,country,quarter';

interface ProjectionStatus {
  generation: number;
  position: number;
  headPosition: number;
  lag: number;
  state: string;
  rebuild?: { generation: number; position: number };
  lastError?: string;
}

export async function oversightStep(ctx: BenchContext): Promise<void> {
  const { settings } = ctx;
  // The other steps' system would share the cores: stopped (the next step that needs it starts it again).
  await ctx.stopSystem();
  const ns = uniqueNamespace('bench-ovs');
  let system: RunningSystem | undefined;
  try {
    await ensureIntegrationStreams(ctx.nc, ns);
    ctx.say(
      `oversight: publishing ${settings.oversightEvents} integration events of ${settings.oversightAgencies} agencies (namespace ${ns})`,
    );
    const publisher = new AsyncPublisher(ctx.nc);
    const counts: Record<string, number> = {};
    for (const event of oversightHistory({
      events: settings.oversightEvents,
      agencies: settings.oversightAgencies,
    })) {
      if (publisher.inFlight >= publisher.maxInFlight) await publisher.drained(publisher.maxInFlight / 2);
      const { headers, data } = encodeOversightEvent(event);
      publisher.publish(names.integrationSubject(ns, event.definition.type), data, headers);
      const context = event.definition.context;
      counts[context] = (counts[context] ?? 0) + 1;
    }
    const seeded = await publisher.finish();
    ctx.say(`    ${seeded.published} events in ${seeded.seconds} s: ${JSON.stringify(counts)}`);
    const head = seeded.lastSeq;

    ctx.say('oversight: starting the system on the filled stream; the reporting projection catches up');
    const natsPid = pidByName('nats-server');
    const natsBefore = natsPid ? cpuSecondsOf(natsPid) : undefined;
    const postgres = new PostgresCpu(`kazi_${ns}`);
    const started = performance.now();
    // BENCH_OVERSIGHT_CPU_PROF=<dir>: the system process writes a CPU profile there when it stops.
    const profile = process.env.BENCH_OVERSIGHT_CPU_PROF;
    system = await startSystemProcess(
      ns,
      { KAZI_DEV: '1' },
      profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [],
    );
    const systemPid = pidListeningOn(Number(new URL(system.url).port));
    const ready = performance.now();
    // From here: the process's own start (every module's) is not the projection's work.
    const systemAtReady = systemPid ? cpuSecondsOf(systemPid) : undefined;
    const director = await system.token(['nea-director'], { sub: 'bench-director', name: 'Bench Director' });
    const analyst = await system.token(['analyst'], { sub: 'bench-analyst', name: 'Bench Analyst' });
    const statusOf = async (): Promise<ProjectionStatus> => {
      const response = await system!.call('GET', '/oversight/projections', director);
      if (response.status !== 200) throw new Error(`GET /oversight/projections answered ${response.status}`);
      const item = (response.body as { items: (ProjectionStatus & { name: string })[] }).items.find(
        (i) => i.name === PROJECTION,
      );
      if (!item) throw new Error('GET /oversight/projections lists no reporting projection');
      return item;
    };
    const maxSeconds = Math.max(120, settings.oversightEvents / 1000);
    let first: { at: number; position: number } | undefined;
    let status = await statusOf();
    while (status.position < head) {
      if (status.lastError) ctx.say(`    projection error: ${status.lastError}`);
      if ((performance.now() - ready) / 1000 > maxSeconds)
        throw new Error(`catch-up: at ${status.position} of ${head} after ${maxSeconds} s`);
      if (!first && status.position > 0) first = { at: performance.now(), position: status.position };
      postgres.sample();
      await sleep(250);
      status = await statusOf();
    }
    const done = performance.now();
    const systemCpu = systemPid ? cpuSecondsOf(systemPid) : undefined;
    const natsAfter = natsPid ? cpuSecondsOf(natsPid) : undefined;
    const fromStart = (done - ready) / 1000;
    // From the first position seen: the rate of the projection itself, without the process's start.
    const steadyRate = first ? (head - first.position) / ((done - first.at) / 1000) : head / fromStart;
    const perThousand = (seconds: number | undefined) =>
      seconds === undefined ? undefined : round((seconds / head) * 1000, 3);
    const cpu = {
      postgres: postgres.seconds(),
      nats: natsBefore !== undefined && natsAfter !== undefined ? round(natsAfter - natsBefore) : undefined,
      // The system process once ready: its other modules have nothing to do here.
      system:
        systemCpu !== undefined && systemAtReady !== undefined ? round(systemCpu - systemAtReady) : undefined,
    };
    const catchUp = {
      events: head,
      secondsFromReady: round(fromStart, 1),
      startSeconds: round((ready - started) / 1000, 1),
      eventsPerSecond: round(head / fromStart, 0),
      steadyEventsPerSecond: round(steadyRate, 0),
      cpuSeconds: cpu,
      cpuSecondsPer1000: {
        postgres: perThousand(cpu.postgres),
        nats: perThousand(cpu.nats),
        system: perThousand(cpu.system),
      },
    };
    ctx.say(`    ${JSON.stringify(catchUp)}`);

    ctx.say(`oversight: rebuild of ${head} events into a new generation`);
    // CPU during the rebuild too: the other modules that read the integration stream have mostly done so
    // by now, so this is closer to the reporting projection's own cost than the catch-up's.
    const rebuildPostgres = new PostgresCpu(`kazi_${ns}`);
    const rebuildNats = natsPid ? cpuSecondsOf(natsPid) : undefined;
    const rebuildSystem = systemPid ? cpuSecondsOf(systemPid) : undefined;
    const rebuildStarted = performance.now();
    const answer = await system.call('POST', `/oversight/projections/${PROJECTION}/rebuild`, director);
    if (answer.status !== 202)
      throw new Error(`rebuild answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const target = (answer.body as { generation: number }).generation;
    const rebuildLimit = Math.max(300, settings.oversightEvents / 500);
    for (status = await statusOf(); status.generation < target; status = await statusOf()) {
      if ((performance.now() - rebuildStarted) / 1000 > rebuildLimit)
        throw new Error(`rebuild: at ${status.rebuild?.position} of ${head} after ${rebuildLimit} s`);
      rebuildPostgres.sample();
      await sleep(250);
    }
    const delta = (pid: number | undefined, before: number | undefined) => {
      const after = pid ? cpuSecondsOf(pid) : undefined;
      return after !== undefined && before !== undefined ? round(after - before) : undefined;
    };
    const rebuildCpu = {
      postgres: rebuildPostgres.seconds(),
      nats: delta(natsPid, rebuildNats),
      system: delta(systemPid, rebuildSystem),
    };
    const rebuildSeconds = round((performance.now() - rebuildStarted) / 1000, 1);
    const rebuild = {
      events: head,
      seconds: rebuildSeconds,
      eventsPerSecond: round(head / rebuildSeconds, 0),
      cpuSeconds: rebuildCpu,
      cpuSecondsPer1000: {
        postgres: perThousand(rebuildCpu.postgres),
        nats: perThousand(rebuildCpu.nats),
        system: perThousand(rebuildCpu.system),
      },
    };
    ctx.say(`    ${JSON.stringify(rebuild)}`);

    // The switch makes the ranking job rescore every agency (riskRanking.ts, "sweep"): the reads are
    // measured once it has, as they would be between rebuilds; how long the sweep took is a figure too.
    const rankingStarted = performance.now();
    const ranking = createPool(testDatabaseUrl(ns), { max: 1 });
    try {
      for (;;) {
        const { rows } = await ranking.query<{ sweeping: boolean; generation: number }>(
          'SELECT sweep_after IS NOT NULL AS sweeping, generation FROM oversight.risk_ranking_state WHERE projection = $1',
          [PROJECTION],
        );
        if (rows[0] && !rows[0].sweeping && rows[0].generation === target) break;
        if ((performance.now() - rankingStarted) / 1000 > 600)
          throw new Error('ranking: no full sweep in 600 s');
        await sleep(250);
      }
    } finally {
      await ranking.end();
    }
    const sweepSeconds = round((performance.now() - rankingStarted) / 1000, 1);
    ctx.say(
      `    the ranking's sweep of ${settings.oversightAgencies} agencies after the switch: ${sweepSeconds} s`,
    );

    const authorization = `Bearer ${analyst}`;
    const steady = async (label: string, path: string): Promise<LoadFigures> => {
      const once = await system!.call('GET', path, analyst);
      if (once.status !== 200)
        throw new Error(
          `${label}: ${path} answered ${once.status}: ${JSON.stringify(once.body).slice(0, 300)}`,
        );
      ctx.say(`oversight: ${label} at ${settings.oversightRate}/s for ${settings.oversightSeconds} s`);
      const figures = await load({
        url: system!.url,
        connections: 10,
        durationSeconds: settings.oversightSeconds,
        warmupSeconds: 1,
        overallRate: settings.oversightRate,
        headers: { authorization },
        next: () => ({ method: 'GET', path }),
      });
      ctx.say(`    p99 ${figures.latencyMs.p99} ms, status codes ${JSON.stringify(figures.statusCodes)}`);
      return figures;
    };
    const period = 'from=2021-01-01&to=2026-09-30';
    const indicators = await steady('indicators', `/oversight/indicators?${period}&by=${BY}`);
    const indicatorsAsOf = await steady(
      'indicators as of',
      `/oversight/indicators?${period}&by=${BY}&asOf=2025-06-30`,
    );
    const watchlist = await steady('watchlist', '/oversight/watchlist?limit=20');

    const met = (f: LoadFigures, goal: number) => f.latencyMs.p99 <= goal && failuresOf(f) === 0;
    ctx.figures.oversight = {
      namespace: ns,
      seeded: { ...seeded, counts, agencies: settings.oversightAgencies },
      catchUp,
      rebuild,
      rankingSweepSeconds: sweepSeconds,
      indicators: { ...indicators, rate: settings.oversightRate, by: BY },
      indicatorsAsOf: { ...indicatorsAsOf, rate: settings.oversightRate, by: BY, asOf: '2025-06-30' },
      watchlist: { ...watchlist, rate: settings.oversightRate },
    };
    ctx.rows.push(
      {
        label: `O reporting catch-up from 0, ${head} events (events/s)`,
        value: String(catchUp.eventsPerSecond),
        goal: `≥ ${CATCH_UP_GOAL_PER_SECOND}/s`,
        met: catchUp.eventsPerSecond >= CATCH_UP_GOAL_PER_SECOND,
      },
      {
        label: `O rebuild of ${head} events (s)`,
        value: String(rebuildSeconds),
        goal: `≤ ${REBUILD_GOAL_SECONDS} s for 1,000,000`,
        met: rebuildSeconds <= (REBUILD_GOAL_SECONDS * head) / 1_000_000,
      },
      {
        label: `O GET /oversight/indicators by ${BY} at ${settings.oversightRate}/s`,
        figures: indicators,
        goal: `p99 ≤ ${INDICATORS_P99_GOAL_MS} ms, 0 errors`,
        met: met(indicators, INDICATORS_P99_GOAL_MS),
      },
      {
        label: `O the same with asOf at ${settings.oversightRate}/s`,
        figures: indicatorsAsOf,
        goal: `p99 ≤ ${INDICATORS_P99_GOAL_MS} ms, 0 errors`,
        met: met(indicatorsAsOf, INDICATORS_P99_GOAL_MS),
      },
      {
        label: `O GET /oversight/watchlist, ${settings.oversightAgencies} agencies, at ${settings.oversightRate}/s`,
        figures: watchlist,
        goal: `p99 ≤ ${WATCHLIST_P99_GOAL_MS} ms, 0 errors`,
        met: met(watchlist, WATCHLIST_P99_GOAL_MS),
      },
    );
    ctx.notes.push(
      `O: ${head} integration events (${JSON.stringify(counts)}) published in ${seeded.seconds} s; ` +
        `catch-up ${catchUp.secondsFromReady} s after the process was ready (${catchUp.steadyEventsPerSecond}/s from the first batch seen), ` +
        `CPU s per 1,000 events: postgres ${catchUp.cpuSecondsPer1000.postgres}, nats ${catchUp.cpuSecondsPer1000.nats}, ` +
        `system ${catchUp.cpuSecondsPer1000.system}; rebuild ${rebuildSeconds} s (${rebuild.eventsPerSecond}/s), ` +
        `CPU s per 1,000 events: postgres ${rebuild.cpuSecondsPer1000.postgres}, nats ${rebuild.cpuSecondsPer1000.nats}, ` +
        `system ${rebuild.cpuSecondsPer1000.system}; the ranking's sweep after the switch ${sweepSeconds} s`,
    );
  } finally {
    ctx.say('oversight: stopping its system (its database is dropped), deleting its streams and keys');
    if (system) {
      const code = await system.stop().catch(() => null);
      if (code !== 0) ctx.errors.push(`oversight: system process exited with ${code} on SIGTERM`);
    }
    await deleteNamespaceStreams(ctx.nc, ns).catch((e) => ctx.say(`deleting streams failed: ${String(e)}`));
    await deleteNamespaceKeys(ctx.redis, ns).catch((e) => ctx.say(`deleting keys failed: ${String(e)}`));
  }
}
