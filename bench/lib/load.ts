/**
 * One autocannon load: an optional warm-up, then the measured run; paths, bodies and headers made per
 * request. As fast as the connections go by default; at a steady rate with `overallRate` (autocannon then
 * corrects latencies for coordinated omission: a request that had to wait for a slow one counts from when
 * it should have been sent).
 */
import autocannon, { type Request, type Result } from 'autocannon';

export interface LoadSpec {
  url: string;
  connections: number;
  /** Measured seconds (ignored when `amount` is given). */
  durationSeconds?: number;
  warmupSeconds: number;
  /** Requests per second from all connections together; none: as fast as they go. */
  overallRate?: number;
  /** Stop after this many measured requests (e.g. one per prepared target). */
  amount?: number;
  headers?: Record<string, string>;
  /** Makes each measured request: its path, JSON body (none for a GET) and any headers of its own. */
  next: () => NextRequest;
  /** Makes each warm-up request (default: `next`). */
  warmupNext?: () => NextRequest;
  /** Sees every measured response (e.g. to keep the version a change returned). */
  onResponse?: (status: number, body: string, headers: Record<string, string | string[]>) => void;
}

export interface NextRequest {
  /** POST unless said otherwise. */
  method?: 'GET' | 'POST';
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface LoadFigures {
  rps: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  seconds: number;
  /** The first non-2xx answer of the measured run (status and the start of its body), to say why. */
  firstFailure?: string;
}

function requestsOf(
  next: () => NextRequest,
  headers: Record<string, string>,
  onResponse?: LoadSpec['onResponse'],
): Request[] {
  return [
    {
      method: 'POST',
      headers,
      setupRequest: (request) => {
        const { method = 'POST', path, body, headers: own } = next();
        const all = { ...headers, ...own };
        // A GET carries no body, so no content type either.
        if (method === 'GET') delete all['content-type'];
        return { ...request, method, path, body: body ?? '', headers: all };
      },
      ...(onResponse
        ? {
            onResponse: (status: number, body: string, _c: unknown, h: Record<string, string | string[]>) =>
              onResponse(status, body, h),
          }
        : {}),
    },
  ];
}

export async function load(spec: LoadSpec): Promise<LoadFigures> {
  const headers = { 'content-type': 'application/json', ...spec.headers };
  let firstFailure: string | undefined;
  // Reading responses costs the load generator CPU (autocannon then keeps each body), which at full
  // load is taken from the system on the same cores: only steady loads and loads that read anyway do.
  const watch = spec.onResponse !== undefined || spec.overallRate !== undefined;
  const onResponse: LoadSpec['onResponse'] = watch
    ? (status, body, h) => {
        if ((status < 200 || status >= 300) && firstFailure === undefined)
          firstFailure = `${status} ${body.slice(0, 300)}`;
        spec.onResponse?.(status, body, h);
      }
    : undefined;
  const result: Result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    ...(spec.amount !== undefined ? { amount: spec.amount } : { duration: spec.durationSeconds ?? 10 }),
    ...(spec.overallRate !== undefined ? { overallRate: spec.overallRate } : {}),
    requests: requestsOf(spec.next, headers, onResponse),
    ...(spec.warmupSeconds > 0
      ? {
          warmup: {
            connections: spec.connections,
            duration: spec.warmupSeconds,
            ...(spec.overallRate !== undefined ? { overallRate: spec.overallRate } : {}),
            requests: requestsOf(spec.warmupNext ?? spec.next, headers),
          },
        }
      : {}),
  });
  return { ...figuresOf(result), ...(firstFailure ? { firstFailure } : {}) };
}

/** The figures the benchmark keeps of one autocannon result. */
export function figuresOf(result: Result): LoadFigures {
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = count;
  return {
    rps: round(result.requests.average),
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: round(result.latency.mean),
    },
    requests: result.requests.total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    seconds: result.duration,
  };
}

/** A header of an autocannon response, by name in any case. */
export function headerOf(headers: Record<string, string | string[]>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

const round = (x: number) => Math.round(x * 10) / 10;
