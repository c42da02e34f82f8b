/** What Linux's /proc tells about the processes under load (the benchmark only runs on Linux). */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

const CLOCK_TICKS = 100; // USER_HZ on Linux

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Inodes of the sockets listening on `port` (IPv4 and IPv6). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (read(file) ?? '').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is cols[1] ("0100007F:1F90"), st is cols[3] (0A = LISTEN), inode is cols[9].
      if (cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A' && cols[9]) inodes.add(cols[9]);
    }
  }
  return inodes;
}

/**
 * Pid of the process listening on `port` (the system process, whose starter does not expose its
 * pid): the socket inode from /proc/net/tcp, then whose /proc/<pid>/fd links to it.
 */
export function pidListeningOn(port: number): number | undefined {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(link);
      if (m?.[1] && inodes.has(m[1])) return Number(entry);
    }
  }
  return undefined;
}

/** First pid whose command name is `comm` (e.g. nats-server), if any. */
export function pidByName(comm: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (/^\d+$/.test(entry) && read(`/proc/${entry}/comm`)?.trim() === comm) return Number(entry);
  }
  return undefined;
}

/** Resident memory now and at its peak, in MB (VmRSS / VmHWM of /proc/<pid>/status). */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } | undefined {
  const status = read(`/proc/${pid}/status`);
  if (!status) return undefined;
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSecondsOf(pid: number): number | undefined {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // Fields after the command name (which may contain spaces): utime and stime are fields 14 and 15.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) / CLOCK_TICKS;
}

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  natsServer: string;
  kernel: string;
  /** 1-minute load average when the run started: anything else busy on the machine moves the figures. */
  loadAverage: number;
}

export function machine(natsServer: string): Machine {
  const list = cpus();
  return {
    cores: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    natsServer,
    kernel: read('/proc/sys/kernel/osrelease')?.trim() ?? 'unknown',
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

/**
 * CPU seconds used by a set of processes between start() and the returned stop(): shows where the
 * two cores went during a load (load generator, system, NATS, Redis).
 */
export function cpuMeter(pids: Record<string, number | undefined>): () => Record<string, number> {
  const self = process.cpuUsage();
  const before = Object.fromEntries(
    Object.entries(pids).map(([k, pid]) => [k, pid ? cpuSecondsOf(pid) : undefined]),
  );
  const started = process.hrtime.bigint();
  return () => {
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(self);
    const out: Record<string, number> = {
      wallSeconds: round(wall),
      bench: round((used.user + used.system) / 1e6),
    };
    for (const [k, pid] of Object.entries(pids)) {
      const a = before[k];
      const b = pid ? cpuSecondsOf(pid) : undefined;
      if (a !== undefined && b !== undefined) out[k] = round(b - a);
    }
    return out;
  };
}

const round = (x: number) => Math.round(x * 100) / 100;
