/**
 * CPU profile of the embedded system under one load, for finding where a request's time goes (not a
 * benchmark: the profiler slows it). `npx tsx bench/profile.ts lodge|create|vetting [seconds] [connections]` writes a
 * `.cpuprofile` (open it in Chrome DevTools) and prints the heaviest functions by self time.
 */
import { randomInt } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { applicationBodies, complaintRequests, vettingCheckBody } from './lib/bodies.ts';
import { load } from './lib/load.ts';

const which = (['create', 'vetting'] as const).find((w) => w === process.argv[2]) ?? 'lodge';
const seconds = Number(process.argv[3] ?? 8);
const connections = Number(process.argv[4] ?? 20);

const dir = await mkdtemp(join(tmpdir(), 'kazi-profile-'));
const namespace = uniqueNamespace('prof');
const system = await startSystemProcess(namespace, { KAZI_DEV: '1' }, [
  '--cpu-prof',
  `--cpu-prof-dir=${dir}`,
]);
const nc = await connect({ servers: NATS_URL });
const redis = new Redis(REDIS_URL);
try {
  const token = await system.token(which === 'lodge' ? ['hotline'] : ['nea-officer'], {
    sub: 'profiler',
    name: 'Profiler',
  });
  const nextApplication = applicationBodies();
  const nextComplaint = complaintRequests();
  // Vetting checks land on 500 agencies created first (a warm process and a short log, unlike the benchmark).
  const targets: string[] = [];
  while (which === 'vetting' && targets.length < 500) {
    const created = await system.call('POST', '/agencies', token, JSON.parse(nextApplication()));
    if (created.status !== 201) throw new Error(`creating a target: ${created.status}`);
    targets.push(created.body.id);
  }
  const figures = await load({
    url: system.url,
    connections,
    durationSeconds: seconds,
    warmupSeconds: 1,
    headers: { authorization: `Bearer ${token}` },
    next: () => {
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
  process.stdout.write(
    `${which}: ${connections} connections, ${figures.rps} req/s (p99 ${figures.latencyMs.p99} ms) under the profiler, non-2xx ${figures.non2xx}, errors ${figures.errors}\n`,
  );
} finally {
  await system.stop();
  await deleteNamespaceStreams(nc, namespace);
  await deleteNamespaceKeys(redis, namespace);
  await nc.close();
  redis.disconnect();
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
