/**
 * Step `feed` (issue 11): the attaché's delta feed, `GET /cases?mission=&updatedSince=&cursor=&limit=100`,
 * over the cases the `cases` step opened (or 1,000 opened here when it did not run). First one app's sync
 * from before the first case: pages followed by `nextCursor` until it is null, each case expected once.
 * Then those same page requests, in turn, at a steady BENCH_LATENCY_RATE (100/s) for BENCH_LATENCY_SECONDS
 * (10) over 10 connections (latencies corrected for coordinated omission, as in the latency step). Goal:
 * p99 ≤ 30 ms with zero errors and zero non-2xx. A full load of the same requests follows, for information.
 */
import { tryOnce, waitForProjections } from '../lib/api.ts';
import type { BenchContext } from '../lib/context.ts';
import { type LoadFigures, load, type NextRequest } from '../lib/load.ts';
import { cpuMeter } from '../lib/proc.ts';
import { failuresOf, round } from '../lib/report.ts';
import { attacheToken, cpuText, MISSION, openCases, seededCasesOf } from './caseUpdates.ts';

export const FEED_P99_GOAL_MS = 30;
const PAGE = 100;
/** A sync that needs more pages than this is reported as not ending. */
const MAX_PAGES = 1000;

interface FeedPage {
  items: { id: string }[];
  nextCursor: string | null;
}

export async function caseFeedStep(ctx: BenchContext): Promise<void> {
  const { settings } = ctx;
  const system = await ctx.system();
  let seeded = seededCasesOf(ctx);
  if (!seeded) {
    ctx.say(`feed: opening ${settings.targets} cases (the cases step did not run)`);
    const since = new Date(Date.now() - 1000).toISOString();
    const opened = await openCases(system, settings.targets);
    if (opened.failures.length > 0)
      ctx.errors.push(`feed: ${opened.failures.length} openings failed, e.g. ${opened.failures[0]}`);
    seeded = { targets: opened.ok, since };
  }
  const caughtUp = await waitForProjections(system.url, 120);
  const token = await attacheToken(system);
  const authorization = `Bearer ${token}`;
  const pathOf = (cursor: string | null) =>
    `/cases?mission=${MISSION}&updatedSince=${encodeURIComponent(seeded.since)}&limit=${PAGE}${
      cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
    }`;

  ctx.say(`feed: one sync from ${seeded.since}, pages of ${PAGE} followed by cursor`);
  const paths: string[] = [];
  const seen = new Set<string>();
  let listed = 0;
  let cursor: string | null = null;
  const t0 = performance.now();
  do {
    const path = pathOf(cursor);
    const response = await fetch(`${system.url}${path}`, { headers: { authorization } });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`feed page ${paths.length + 1} answered ${response.status}: ${text.slice(0, 300)}`);
    const page = JSON.parse(text) as FeedPage;
    paths.push(path);
    listed += page.items.length;
    for (const item of page.items) seen.add(item.id);
    cursor = page.nextCursor;
  } while (cursor !== null && paths.length < MAX_PAGES);
  const syncMs = round(performance.now() - t0, 0);
  const missing = seeded.targets.filter((c) => !seen.has(c.id)).length;
  const sync = { pages: paths.length, listed, distinct: seen.size, missing, ended: cursor === null, syncMs };
  ctx.say(`    ${JSON.stringify(sync)}`);
  if (missing > 0 || !sync.ended || listed !== seen.size)
    ctx.errors.push(
      `feed: the sync listed ${listed} entries, ${seen.size} cases, missed ${missing}, ended ${sync.ended}`,
    );

  let turn = 0;
  const next = (): NextRequest => ({ method: 'GET', path: paths[turn++ % paths.length]! });
  const refused = await tryOnce(system.url, { ...next(), headers: { authorization } });
  if (refused) ctx.errors.push(`feed: ${refused}`);
  ctx.say(`feed: GET /cases pages at ${settings.latencyRate}/s for ${settings.latencySeconds} s`);
  const steadyMeter = cpuMeter(ctx.pids());
  const steady = await load({
    url: system.url,
    connections: 10,
    durationSeconds: settings.latencySeconds,
    warmupSeconds: 1,
    overallRate: settings.latencyRate,
    headers: { authorization },
    next,
  });
  const steadyCpu = steadyMeter();
  ctx.say(`    p99 ${steady.latencyMs.p99} ms, status codes ${JSON.stringify(steady.statusCodes)}`);
  ctx.say('feed: the same pages at full load (information)');
  const fullMeter = cpuMeter(ctx.pids());
  const full = await load({
    url: system.url,
    connections: settings.connections,
    durationSeconds: settings.durationSeconds,
    warmupSeconds: settings.warmupSeconds,
    headers: { authorization },
    next,
  });
  const fullCpu = fullMeter();
  ctx.say(`    ${full.rps} req/s, p99 ${full.latencyMs.p99} ms`);
  // Both loads include their warm-up (1 s steady, the full load's own): pages answered then count too.
  const perPage = (cpu: Record<string, number>, figures: LoadFigures, warmupSeconds: number) =>
    round(((cpu.system ?? 0) * 1000) / Math.max(1, figures.requests + figures.rps * warmupSeconds), 2);
  const cpuMsPerPage = {
    steady: perPage(steadyCpu, steady, 1),
    full: perPage(fullCpu, full, settings.warmupSeconds),
  };
  ctx.say(
    `    system CPU per page: ${cpuMsPerPage.steady} ms at 100/s, ${cpuMsPerPage.full} ms at full load`,
  );

  const met = (f: LoadFigures) => f.latencyMs.p99 <= FEED_P99_GOAL_MS && failuresOf(f) === 0;
  ctx.figures.feed = {
    steady: { ...steady, rate: settings.latencyRate, cpuSeconds: steadyCpu },
    full: { ...full, cpuSeconds: fullCpu },
    cpuMsPerPage,
    sync,
    cases: seeded.targets.length,
    page: PAGE,
    projectionCatchUp: caughtUp,
    goalP99Ms: FEED_P99_GOAL_MS,
  };
  ctx.rows.push(
    {
      label: `F GET /cases?mission&updatedSince&cursor, ${PAGE}/page at ${settings.latencyRate}/s`,
      figures: steady,
      goal: `p99 ≤ ${FEED_P99_GOAL_MS} ms, 0 errors`,
      met: met(steady),
    },
    { label: 'F the same pages at full load (information)', figures: full },
  );
  ctx.notes.push(
    `F: one sync of mission ${MISSION} from before its first case: ${sync.pages} pages of ≤ ${PAGE} by cursor, ` +
      `${listed} entries, ${seen.size} cases (all ${seeded.targets.length} targets among them unless said missed), ${missing} missed, in ${syncMs} ms`,
    `F: system CPU per page ${cpuMsPerPage.steady} ms at ${settings.latencyRate}/s, ${cpuMsPerPage.full} ms at full load; ` +
      `cpu s at ${settings.latencyRate}/s: ${cpuText(steadyCpu)}; at full load: ${cpuText(fullCpu)}`,
  );
}
