import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { baseConfigSchema, loadConfig, signDevToken } from '@kazi/service-kit';
import pg from 'pg';

const here = join(fileURLToPath(import.meta.url), '..');
/** The repository: the child runs from it, as `npm start` does. */
const root = join(here, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface SystemResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are asserted field by field in the tests.
  body: any;
  headers: Headers;
}

export interface RunningSystem {
  url: string;
  namespace: string;
  /** The system's process id (benchmarks read its resident memory). */
  pid: number | undefined;
  /** Everything the process wrote to stdout and stderr (its pino logs). */
  output(): string;
  token(roles: string[], extra?: { sub?: string; name?: string; mission?: string }): Promise<string>;
  /** One HTTP request over the network, as a client would make it; a JSON body is sent and parsed. */
  call(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<SystemResponse>;
  /** SIGTERM, then the exit code (a graceful shutdown exits 0). */
  stop(): Promise<number | null>;
}

/**
 * Starts the system exactly as `npm start` does (system/src/embedded.ts in its own Node process) on a free
 * port, in its own namespace, and waits until /health/ready answers 200. `nodeArgs` go before the script
 * (e.g. `--cpu-prof`, which NODE_OPTIONS refuses).
 */
export async function startSystemProcess(
  namespace: string,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<RunningSystem> {
  const port = await freePort();
  // A database of its own for the reporting store (the system creates it; stop() drops it), so runs never
  // share projection checkpoints or reporting schemas.
  const database = env.DATABASE_URL ? undefined : testDatabaseUrl(namespace);
  // KAZI_DEV explicitly: the system refuses its development secrets without it, and tokens are minted for them.
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    KAZI_NAMESPACE: namespace,
    NODE_ENV: 'test',
    KAZI_DEV: '1',
    // A busy test machine must not turn a test's request into a 503 (shedding has its own tests); the
    // in-flight bound stays. Pass them in `env` to measure with them.
    MAX_EVENT_LOOP_DELAY_MS: '0',
    MAX_HEAP_USED_MB: '0',
    ...(database ? { DATABASE_URL: database } : {}),
    ...env,
  };
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    // The heap budget `npm start` gives the system (scripts/run.mjs), unless the caller sets one.
    [
      ...(nodeArgs.some((a) => a.startsWith('--max-old-space-size')) ? [] : ['--max-old-space-size=192']),
      ...nodeArgs,
      '--import',
      'tsx',
      join(here, 'embedded.ts'),
    ],
    {
      cwd: root,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`system exited early (${child.exitCode}):\n${output}`);
    const ready = await fetch(`${url}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`system not ready after 60 s:\n${output}`);
    }
    await sleep(200);
  }
  // The child's own settings (secret, issuer, audience), so its tokens are the ones it accepts.
  const config = loadConfig(baseConfigSchema, childEnv);
  return {
    url,
    namespace,
    pid: child.pid,
    output: () => output,
    token: (roles, extra = {}) => signDevToken({ roles, ...extra }, config),
    async call(method, path, token, body, headers = {}) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      const parsed = text ? JSON.parse(text) : undefined;
      return { status: response.status, body: parsed, headers: response.headers };
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      if (database) await dropDatabase(database);
      return code;
    },
  };
}

/** The machine's PostgreSQL (DATABASE_URL's server, default the local one) with a database per namespace. */
export function testDatabaseUrl(namespace: string): string {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kazi');
  url.pathname = `/kazi_${namespace}`;
  return url.toString();
}

/** Drops the database of `databaseUrl`, ending the connections still open to it. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  try {
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await client.end().catch(() => {});
  }
}
