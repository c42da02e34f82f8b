/**
 * CPU profile of the embedded system under one load, for finding where a request's time goes (not a
 * benchmark: the profiler slows it). `npx tsx bench/profile.ts lodge|create|vetting|case-update|feed [seconds]
 * [connections]` writes a `.cpuprofile` (open it in Chrome DevTools) and prints the heaviest functions by
 * self time, and the CPU milliseconds per answered request.
 *
 * `case-update`: 1,000 attaché cases opened by an unprofiled process, which is then stopped, so the
 * profiled one starts cold (as the benchmark's `cases` step: no case, worker key or snapshot in memory);
 * then notes with `expectedVersion` on idle cases (bench/steps/caseUpdates.ts). `feed`: 1,000 cases
 * opened, then the delta feed's pages of 100 of one sync (bench/steps/caseFeed.ts) in turn at full load.
 */
import { randomInt } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseUpdateBody } from '@kazi/attache-cases/testing';
import { startSystemProcess } from '@kazi/system/process';
import {
  deleteNamespaceKeys,
  deleteNamespaceStreams,
  NATS_URL,
  REDIS_URL,
  uniqueNamespace,
} from '@kazi/test-servers';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { waitForProjections } from './lib/api.ts';
import { applicationBodies, complaintRequests, vettingCheckBody } from './lib/bodies.ts';
import { load, type NextRequest } from './lib/load.ts';
import { cpuSecondsOf } from './lib/proc.ts';
import { type BenchCase, CasePool, MISSION, openCases } from './steps/caseUpdates.ts';

const which =
  (['create', 'vetting', 'case-update', 'feed'] as const).find((w) => w === process.argv[2]) ?? 'lodge';
const seconds = Number(process.argv[3] ?? 8);
const connections = Number(process.argv[4] ?? 20);
const CASES = 1000;
const FEED_PAGE = 100;

/** CPU milliseconds (user + system) the process has used so far (0 when it cannot be read). */
const cpuMsOf = (pid: number | undefined) => (pid === undefined ? 0 : (cpuSecondsOf(pid) ?? 0) * 1000);

const dir = await mkdtemp(join(tmpdir(), 'kazi-profile-'));
const namespace = uniqueNamespace('prof');
const profiled = ['--cpu-prof', `--cpu-prof-dir=${dir}`];
const attache = { sub: 'profiler', name: 'Profiler', mission: MISSION };
const casesToUpdate: BenchCase[] = [];
if (which === 'case-update') {
  // Opened by a process of their own, stopped before the profiled one starts: it finds them cold.
  const opener = await startSystemProcess(namespace, { KAZI_DEV: '1' });
  const opened = await openCases({ ...opener, pid: undefined }, CASES);
  if (opened.failures.length > 0) throw new Error(`opening cases: ${opened.failures[0]}`);
  casesToUpdate.push(...opened.ok);
  await waitForProjections(opener.url, 120);
  await opener.stop();
}
const system = await startSystemProcess(namespace, { KAZI_DEV: '1' }, profiled);
const nc = await connect({ servers: NATS_URL });
const redis = new Redis(REDIS_URL);
try {
  const roles =
    which === 'lodge'
      ? ['hotline']
      : which === 'case-update' || which === 'feed'
        ? ['labour-attache']
        : ['nea-officer'];
  const token = await system.token(roles, attache);
  const nextApplication = applicationBodies();
  const nextComplaint = complaintRequests();
  // Vetting checks land on 500 agencies created first (a warm process and a short log, unlike the benchmark).
  const targets: string[] = [];
  while (which === 'vetting' && targets.length < 500) {
    const created = await system.call('POST', '/agencies', token, JSON.parse(nextApplication()));
    if (created.status !== 201) throw new Error(`creating a target: ${created.status}`);
    targets.push(created.body.id);
  }
  const pool = new CasePool(casesToUpdate);
  const feedPages = which === 'feed' ? await feedPagesOf(token) : [];
  let turn = 0;
  const cpuBefore = cpuMsOf(system.pid);
  const figures = await load({
    url: system.url,
    connections,
    durationSeconds: seconds,
    warmupSeconds: which === 'case-update' ? 0 : 1,
    headers: { authorization: `Bearer ${token}` },
    ...(which === 'case-update'
      ? { onResponse: (_status: number, body: string) => pool.giveBack(body) }
      : {}),
    next: (): NextRequest => {
      if (which === 'case-update') {
        const c = pool.take() ?? casesToUpdate[randomInt(casesToUpdate.length)]!;
        return { path: `/cases/${c.id}/updates`, body: JSON.stringify(caseUpdateBody(c.version)) };
      }
      if (which === 'feed') return { method: 'GET', path: feedPages[turn++ % feedPages.length]! };
      if (which === 'create') return { path: '/agencies', body: nextApplication() };
      if (which === 'vetting')
        return {
          path: `/agencies/${targets[randomInt(targets.length)]}/vetting-checks`,
          body: vettingCheckBody(),
        };
      const { body, key } = nextComplaint();
      return { path: '/complaints', body, headers: { 'idempotency-key': key } };
    },
  });
  const cpuMs = cpuMsOf(system.pid) - cpuBefore;
  process.stdout.write(
    `${which}: ${connections} connections, ${figures.rps} req/s (p99 ${figures.latencyMs.p99} ms) under the profiler, non-2xx ${figures.non2xx}, errors ${figures.errors}` +
      `${figures.firstFailure ? ` (first: ${figures.firstFailure})` : ''}; system CPU ${(cpuMs / 1000).toFixed(1)} s, ` +
      `${(cpuMs / Math.max(1, figures.requests)).toFixed(2)} ms per request (profiler included)\n`,
  );
} finally {
  await system.stop();
  await deleteNamespaceStreams(nc, namespace);
  await deleteNamespaceKeys(redis, namespace);
  await nc.close();
  redis.disconnect();
}

/** The paths of one sync of mission SA from before its first case: pages of 100 followed by cursor. */
async function feedPagesOf(token: string): Promise<string[]> {
  const since = new Date(Date.now() - 1000).toISOString();
  const opened = await openCases({ ...system, pid: undefined }, CASES);
  if (opened.failures.length > 0) throw new Error(`opening cases: ${opened.failures[0]}`);
  await waitForProjections(system.url, 120);
  const paths: string[] = [];
  let cursor: string | null = null;
  do {
    const path: string = `/cases?mission=${MISSION}&updatedSince=${encodeURIComponent(since)}&limit=${FEED_PAGE}${
      cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
    }`;
    const page = await system.call('GET', path, token);
    if (page.status !== 200) throw new Error(`feed page: ${page.status} ${JSON.stringify(page.body)}`);
    paths.push(path);
    cursor = page.body.nextCursor;
  } while (cursor !== null && paths.length < 100);
  return paths;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile written in ${dir}`);
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const frame = byId.get(id)?.callFrame;
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  const where = frame
    ? `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(packages|services)\//, '$1/')}:${frame.lineNumber + 1}`
    : '?';
  self.set(where, (self.get(where) ?? 0) + dt);
});
process.stdout.write(`profile: ${join(dir, file)}\nself time, top 40 of ${(total / 1e6).toFixed(1)} s:\n`);
for (const [where, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40))
  process.stdout.write(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${where}\n`);
