#!/usr/bin/env node
// The one entry point behind `npm start`, `npm test`, `npm run bench` and `npm run token`.
// Plain JavaScript on purpose: it must run on a fresh clone before anything is installed.
// Everything it says goes to stderr, so `npm run -s token` prints only the token on stdout.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM = ['-y', 'pnpm@10.34.8'];
const [command = 'start', ...args] = process.argv.slice(2);
const say = (line) => process.stderr.write(`[kazi] ${line}\n`);

function run(cmd, cmdArgs, options = {}) {
  const result = spawnSync(cmd, cmdArgs, { cwd: root, stdio: ['ignore', 2, 2], ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function install() {
  // pnpm is bootstrapped through npm (corepack's signature check fails on this kind of machine).
  const status = run('npx', [...PNPM, 'install', '--frozen-lockfile', '--prefer-offline', '--reporter=silent']);
  if (status !== 0) {
    say('pnpm install failed (see above).');
    process.exit(status);
  }
}

function endpoint(url, defaultPort) {
  const u = new URL(url);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || defaultPort) };
}

function answers({ host, port }, probe, expect) {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    let data = '';
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => probe && socket.write(probe));
    socket.on('data', (chunk) => {
      data += chunk.toString();
      if (expect.test(data)) done(true);
    });
  });
}

const isLocal = (host) => ['127.0.0.1', 'localhost', '::1'].includes(host);

function findBinary(name) {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/local/sbin', '/usr/bin'])) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

async function waitFor(check, what) {
  for (let i = 0; i < 50; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  say(`${what} did not come up; see .data/*.log`);
  process.exit(1);
}

async function ensureNats() {
  const url = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  const at = endpoint(url, 4222);
  const check = () => answers(at, null, /^INFO .*"jetstream":true/m);
  if (await check()) return;
  if (await answers(at, null, /^INFO /m)) {
    say(`NATS at ${url} answers but JetStream is off: restart it with -js.`);
    process.exit(1);
  }
  const bin = isLocal(at.host) ? findBinary('nats-server') : undefined;
  if (!bin) {
    say(`NATS with JetStream does not answer at ${url}. Install it (Debian: apt-get install nats-server) or set NATS_URL.`);
    process.exit(1);
  }
  const dir = join(root, '.data', 'nats');
  mkdirSync(dir, { recursive: true });
  say(`starting ${bin} on ${at.host}:${at.port} (data in .data/nats)`);
  spawn(bin, ['-a', at.host, '-p', String(at.port), '-js', '-sd', dir, '-l', join(root, '.data', 'nats.log')], {
    detached: true,
    stdio: 'ignore',
  }).unref();
  await waitFor(check, 'nats-server');
}

async function ensureRedis() {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const at = endpoint(url, 6379);
  const check = () => answers(at, 'PING\r\n', /\+PONG|-NOAUTH/);
  if (await check()) return;
  const bin = isLocal(at.host) ? findBinary('redis-server') : undefined;
  if (!bin) {
    say(`Redis does not answer at ${url}. Install it (Debian: apt-get install redis-server) or set REDIS_URL.`);
    process.exit(1);
  }
  const dir = join(root, '.data', 'redis');
  mkdirSync(dir, { recursive: true });
  say(`starting ${bin} on ${at.host}:${at.port}`);
  run(bin, ['--daemonize', 'yes', '--bind', at.host, '--port', String(at.port), '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', join(root, '.data', 'redis.log')]);
  await waitFor(check, 'redis-server');
}

/** Debian puts initdb and pg_ctl beside each other under /usr/lib/postgresql/<version>/bin. */
function findPostgresBin(name) {
  const onPath = findBinary(name);
  if (onPath) return onPath;
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(base, v, 'bin', name))) return join(base, v, 'bin', name);
  return undefined;
}

/**
 * PostgreSQL for the oversight reporting store (DATABASE_URL, default a `kazi` database on the local
 * server; the service creates the database if it is missing). When nothing answers on a local address and
 * PostgreSQL is installed, a server of our own runs under .data/postgres (trust auth, loopback only).
 */
async function ensurePostgres() {
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/kazi';
  const url = process.env.DATABASE_URL;
  const at = endpoint(url, 5432);
  // An SSLRequest: a PostgreSQL server answers one byte, S or N, before anything else.
  const probe = Buffer.from([0, 0, 0, 8, 4, 210, 22, 47]);
  const check = () => answers(at, probe, /^[SN]/);
  if (await check()) return;
  const initdb = isLocal(at.host) ? findPostgresBin('initdb') : undefined;
  const pgCtl = isLocal(at.host) ? findPostgresBin('pg_ctl') : undefined;
  if (!initdb || !pgCtl) {
    say(`PostgreSQL does not answer at ${at.host}:${at.port}. Install it (Debian: apt-get install postgresql) or set DATABASE_URL.`);
    process.exit(1);
  }
  const dir = join(root, '.data', 'postgres');
  const log = join(root, '.data', 'postgres.log');
  // PostgreSQL refuses to run as root: as root, its files belong to the system's postgres user, who runs it.
  const asRoot = process.getuid?.() === 0;
  const pg = (bin, binArgs) => (asRoot ? run('runuser', ['-u', 'postgres', '--', bin, ...binArgs]) : run(bin, binArgs));
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    mkdirSync(dir, { recursive: true });
    if (asRoot) run('chown', ['-R', 'postgres:postgres', dir]);
    const user = new URL(url).username || 'postgres';
    if (pg(initdb, ['-D', dir, '-U', user, '--auth=trust', '--no-instructions']) !== 0) {
      say('initdb failed (see above)');
      process.exit(1);
    }
  }
  if (asRoot) run('sh', ['-c', `touch '${log}' && chown postgres '${log}'`]);
  say(`starting PostgreSQL on ${at.host}:${at.port} (data in .data/postgres)`);
  const options = `-c listen_addresses=${at.host} -c port=${at.port} -c unix_socket_directories=${dir}`;
  pg(pgCtl, ['-D', dir, '-l', log, '-o', options, 'start']);
  await waitFor(check, 'PostgreSQL');
}

const tsx = (file, extra = []) => ['exec', 'tsx', file, ...extra];

/**
 * The system's V8 heap budget (docs/performance.md, soak): without one V8 lets garbage grow towards
 * gigabytes on a large machine before collecting (measured: 669 MB resident after 5 minutes of writes,
 * 297 MB with a 200 MB budget). An operator's own --max-old-space-size in NODE_OPTIONS wins.
 */
const HEAP_BUDGET_FLAG = '--max-old-space-size=192';
function withHeapBudget(env = process.env) {
  const options = env.NODE_OPTIONS ?? '';
  if (options.includes('--max-old-space-size')) return env;
  return { ...env, NODE_OPTIONS: `${options} ${HEAP_BUDGET_FLAG}`.trim() };
}

// The development secrets (JWT, master keys) are used only when asked for: these commands ask, visibly.
// KAZI_DEV=0 in the environment turns them off (then every secret must be set).
function developmentDefaults() {
  process.env.KAZI_DEV ??= '1';
  if (process.env.KAZI_DEV === '1' && command === 'start')
    say('KAZI_DEV=1: the built-in development secrets, on a loopback HOST only');
}

async function main() {
  switch (command) {
    case 'token':
      install();
      developmentDefaults();
      process.exit(run('npx', [...PNPM, ...tsx('scripts/token.ts', args)], { stdio: ['ignore', 1, 2] }));
      break;
    case 'start':
      install();
      developmentDefaults();
      await ensureNats();
      await ensureRedis();
      await ensurePostgres();
      process.exit(run('npx', [...PNPM, ...tsx('system/src/embedded.ts', args)], { stdio: 'inherit', env: withHeapBudget() }));
      break;
    case 'test':
      install();
      developmentDefaults();
      await ensureNats();
      await ensureRedis();
      await ensurePostgres();
      process.exit(run('node', ['scripts/test.mjs', ...args], { stdio: 'inherit' }));
      break;
    case 'demo':
      // A realistic data set (agencies, complaints, cases, Kenya's agreements…), through the API of a running
      // system (npm start); idempotent.
      install();
      developmentDefaults();
      process.exit(run('npx', [...PNPM, ...tsx('system/src/demo/main.ts', args)], { stdio: 'inherit' }));
      break;
    case 'dead-letters':
      install();
      process.exit(run('npx', [...PNPM, ...tsx('scripts/dead-letters.ts', args)], { stdio: ['ignore', 1, 2] }));
      break;
    case 'bench':
      install();
      developmentDefaults();
      await ensureNats();
      await ensureRedis();
      await ensurePostgres();
      process.exit(run('npx', [...PNPM, ...tsx('bench/run.ts', args)], { stdio: 'inherit' }));
      break;
    default:
      say(`unknown command ${command}: use start, test, bench, demo, token or dead-letters`);
      process.exit(2);
  }
}

await main();
