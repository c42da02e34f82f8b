/** The benchmark's knobs: environment variables, each with the default a full run uses (docs/performance.md). */

type Env = Record<string, string | undefined>;

/** A positive whole number from the environment; anything else (unset, empty, 0, "ten") is the default. */
const intFrom =
  (env: Env) =>
  (name: string, fallback: number): number => {
    const value = Number(env[name]);
    return Number.isInteger(value) && value > 0 ? value : fallback;
  };

export function settingsFromEnv(env: Env = process.env) {
  const envInt = intFrom(env);
  const scaleAgencies = envInt('BENCH_SCALE_AGENCIES', 200_000);
  return {
    /** Concurrent connections of every full-load run. */
    connections: envInt('BENCH_CONNECTIONS', 20),
    durationSeconds: envInt('BENCH_DURATION', 10),
    warmupSeconds: envInt('BENCH_WARMUP', 2),
    /** Vetting step: agencies that receive the checks, and the stream length before it. */
    targets: envInt('BENCH_TARGETS', 1000),
    warmupTargets: 100,
    streamMessages: envInt('BENCH_STREAM_MESSAGES', 200_000),
    /** Write-latency step: the steady rate and how long each route is held at it. */
    latencyRate: envInt('BENCH_LATENCY_RATE', 100),
    latencySeconds: envInt('BENCH_LATENCY_SECONDS', 10),
    /** Scale step: the small and the large register, how many share the common word, the queue sizes. */
    scaleBaseAgencies: envInt('BENCH_SCALE_BASE_AGENCIES', 1000),
    scaleAgencies,
    /** A quarter of the register by default: 50,000 of 200,000. */
    scaleCommonAgencies: envInt('BENCH_SCALE_COMMON', Math.round(scaleAgencies / 4)),
    scaleBaseComplaints: envInt('BENCH_SCALE_BASE_COMPLAINTS', 1000),
    scaleComplaints: envInt('BENCH_SCALE_COMPLAINTS', 100_000),
    scaleRate: envInt('BENCH_SCALE_RATE', 50),
    scaleSeconds: envInt('BENCH_SCALE_SECONDS', 10),
    /** Soak step: seconds of full load on every write route at once. */
    soakSeconds: envInt('SOAK_SECONDS', 300),
    /** Public-read step: agencies in the register it searches (a quarter licensed). */
    publicAgencies: envInt('BENCH_PUBLIC_AGENCIES', 10_000),
    /** Oversight step: integration events seeded (1,000,000 facts' worth) and agencies among them. */
    oversightEvents: envInt('BENCH_OVERSIGHT_EVENTS', 1_000_000),
    oversightAgencies: envInt('BENCH_OVERSIGHT_AGENCIES', 5000),
    /** Oversight step: the steady rate of indicator and watchlist reads, and how long each is held. */
    oversightRate: envInt('BENCH_OVERSIGHT_RATE', 20),
    oversightSeconds: envInt('BENCH_OVERSIGHT_SECONDS', 10),
  };
}

export type BenchSettings = ReturnType<typeof settingsFromEnv>;
