/** One autocannon load: a warm-up, then the measured run; bodies and paths made per request. */
import autocannon, { type Request, type Result } from 'autocannon';

export interface LoadSpec {
  url: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  headers?: Record<string, string>;
  /** Makes each measured request: its path, JSON body and any headers of its own. */
  next: () => NextRequest;
  /** Makes each warm-up request (default: `next`). */
  warmupNext?: () => NextRequest;
}

export interface NextRequest {
  path: string;
  body: string;
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
}

function requestsOf(next: () => NextRequest, headers: Record<string, string>): Request[] {
  return [
    {
      method: 'POST',
      headers,
      setupRequest: (request) => {
        const { path, body, headers: own } = next();
        return { ...request, path, body, ...(own ? { headers: { ...headers, ...own } } : {}) };
      },
    },
  ];
}

export async function load(spec: LoadSpec): Promise<LoadFigures> {
  const headers = { 'content-type': 'application/json', ...spec.headers };
  const result: Result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSeconds,
    requests: requestsOf(spec.next, headers),
    ...(spec.warmupSeconds > 0
      ? {
          warmup: {
            connections: spec.connections,
            duration: spec.warmupSeconds,
            requests: requestsOf(spec.warmupNext ?? spec.next, headers),
          },
        }
      : {}),
  });
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

const round = (x: number) => Math.round(x * 10) / 10;
