/**
 * CPU seconds of the processes a reporting projection keeps busy: the PostgreSQL backends of one
 * database (found by their command line, `postgres: user db …`) with the server's own writers
 * (WAL writer, checkpointer, background writer, autovacuum), NATS and the system process. Backends come
 * and go: each is counted from when it was first seen (from 0 when it appeared after the start).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpuSecondsOf } from './proc.ts';

const SERVER_WORKERS = /^postgres: (walwriter|checkpointer|background writer|autovacuum|logical replication)/;

function postgresPids(database: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    } catch {
      continue;
    }
    if (!cmdline.startsWith('postgres')) continue;
    if (cmdline.includes(` ${database} `) || SERVER_WORKERS.test(cmdline)) pids.push(Number(entry));
  }
  return pids;
}

export class PostgresCpu {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();

  constructor(private readonly database: string) {
    for (const pid of postgresPids(database)) {
      const cpu = cpuSecondsOf(pid);
      if (cpu !== undefined) this.first.set(pid, cpu);
    }
  }

  /** Reads every backend now (call it often enough that a backend is seen before it exits). */
  sample(): void {
    for (const pid of postgresPids(this.database)) {
      const cpu = cpuSecondsOf(pid);
      if (cpu === undefined) continue;
      if (!this.first.has(pid)) this.first.set(pid, 0);
      this.last.set(pid, cpu);
    }
  }

  seconds(): number {
    this.sample();
    let total = 0;
    for (const [pid, cpu] of this.last) total += cpu - (this.first.get(pid) ?? 0);
    return Math.round(total * 100) / 100;
  }
}
