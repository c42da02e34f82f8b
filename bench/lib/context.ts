/**
 * What every step of the benchmark shares: its namespace, NATS and Redis connections, settings, the
 * system process and the baseline process (each started on first use), the figures gathered so far, and
 * the clean-up that stops what was started and deletes the namespace however the run ends.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort, type RunningSystem, startSystemProcess } from '@kazi/system/process';
import {
  deleteNamespaceKeys,
  deleteNamespaceStreams,
  NATS_URL,
  REDIS_URL,
  uniqueNamespace,
} from '@kazi/test-servers';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { memoryOf, pidByName, pidListeningOn } from './proc.ts';
import type { ReportRow } from './report.ts';
import { type BenchSettings, settingsFromEnv } from './settings.ts';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The system process's environment beyond what `npm start` sets: development secrets allowed, and the
 * public rate limits raised far above any load here, so the public-read step measures reads, not refusals.
 */
const SYSTEM_ENV = {
  KAZI_DEV: '1',
  PUBLIC_RATE_LIMIT_PER_MINUTE: '100000000',
  STATUS_RATE_LIMIT_PER_MINUTE: '100000000',
  // Shedding as deployed (the test fixture turns these two off so a busy test machine sees no 503s).
  MAX_EVENT_LOOP_DELAY_MS: '500',
  MAX_HEAP_USED_MB: '200',
};

export interface StartedSystem extends RunningSystem {
  /** Pid of the process serving `url` (found from its listening port), when it could be found. */
  pid: number | undefined;
}

export class BenchContext {
  readonly namespace = uniqueNamespace('bench');
  readonly settings: BenchSettings = settingsFromEnv();
  /** Every figure, by step; printed as one JSON line at the end. */
  readonly figures: Record<string, unknown> = {};
  readonly rows: ReportRow[] = [];
  readonly notes: string[] = [];
  readonly errors: string[] = [];
  private running: StartedSystem | undefined;
  private baselineChild: ChildProcess | undefined;
  private baselineUrl: string | undefined;
  private cleaning: Promise<void> | undefined;

  private constructor(
    readonly nc: NatsConnection,
    readonly redis: Redis,
  ) {}

  static async open(): Promise<BenchContext> {
    const nc = await connect({ servers: NATS_URL, name: 'bench' });
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
    await redis.connect();
    return new BenchContext(nc, redis);
  }

  say(line: string): void {
    process.stderr.write(`[bench] ${line}\n`);
  }

  /** The system process, started as `npm start` starts it on first use. */
  async system(): Promise<StartedSystem> {
    if (this.running) return this.running;
    const started = await startSystemProcess(this.namespace, SYSTEM_ENV);
    this.running = { ...started, pid: pidListeningOn(Number(new URL(started.url).port)) };
    if (!this.running.pid) this.errors.push('could not find the system process pid from its port');
    return this.running;
  }

  /** Stops the system process (SIGTERM); a graceful stop exits 0, anything else is recorded. */
  async stopSystem(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    const code = await running.stop().catch(() => null);
    if (code !== 0) this.errors.push(`system process exited with ${code} on SIGTERM`);
  }

  /** Resident memory of the system process now, in MB. */
  systemRssMb(): number | undefined {
    return this.running?.pid ? memoryOf(this.running.pid)?.rssMb : undefined;
  }

  pids(): Record<string, number | undefined> {
    return { system: this.running?.pid, nats: pidByName('nats-server'), redis: pidByName('redis-server') };
  }

  /** The baseline process (bench/baseline.ts): its url and pid, started on first use. */
  async baseline(): Promise<{ url: string; pid: number | undefined }> {
    if (this.baselineUrl && this.baselineChild?.exitCode === null)
      return { url: this.baselineUrl, pid: this.baselineChild.pid };
    const port = await freePort();
    let output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', join(benchDir, 'baseline.ts')], {
      cwd: join(benchDir, '..'),
      env: { ...process.env, PORT: String(port), BENCH_NAMESPACE: this.namespace, NATS_URL, REDIS_URL },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.baselineChild = child;
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`baseline exited early (${child.exitCode}):\n${output}`);
      const ready = await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`baseline not ready after 30 s:\n${output}`);
      await sleep(100);
    }
    this.baselineUrl = url;
    return { url, pid: child.pid };
  }

  async stopBaseline(): Promise<void> {
    const child = this.baselineChild;
    this.baselineChild = undefined;
    this.baselineUrl = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(5000).then(() => child.kill('SIGKILL'))]);
  }

  /**
   * Stops both processes, deletes everything earlier steps stored in the namespace, and starts the system
   * again: a step that measures against record counts of its own starts from an empty register.
   */
  async freshSystem(): Promise<StartedSystem> {
    await this.stopBaseline();
    await this.stopSystem();
    await deleteNamespaceStreams(this.nc, this.namespace);
    await deleteNamespaceKeys(this.redis, this.namespace);
    return this.system();
  }

  /** Stops both processes and deletes the namespace's streams, KV buckets and Redis keys; once. */
  cleanUp(): Promise<void> {
    this.cleaning ??= (async () => {
      this.say('cleaning up: stopping processes, deleting namespace streams, KV buckets and Redis keys');
      await this.stopBaseline();
      await this.stopSystem();
      await deleteNamespaceStreams(this.nc, this.namespace).catch((e) =>
        this.say(`deleting streams failed: ${String(e)}`),
      );
      await deleteNamespaceKeys(this.redis, this.namespace).catch((e) =>
        this.say(`deleting Redis keys failed: ${String(e)}`),
      );
      await this.nc.close().catch(() => {});
      this.redis.disconnect();
    })();
    return this.cleaning;
  }
}
