/** Requests the benchmark makes to prepare a load (not measured): many at once, through the HTTP API. */
import { setTimeout as sleep } from 'node:timers/promises';
import { round } from './report.ts';

export interface Sent {
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

/** How often one preparing request is sent again after the system shed it (503/429 with Retry-After). */
const SHED_RETRIES = 30;

/** Seconds a shed answer asks the client to wait (at most 5 here), or undefined when it is no shedding. */
export function retryAfterOf(response: Response): number | undefined {
  if (response.status !== 503 && response.status !== 429) return undefined;
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 5) : undefined;
}

/**
 * Sends `count` POSTs, `concurrency` at a time, as a well-behaved client: a request the system shed is
 * sent again after its Retry-After. The parsed body of each 2xx answer, and the failures (status and
 * the start of the body). Nothing here is timed: it only prepares targets.
 */
export async function postMany<T>(
  url: string,
  token: string,
  count: number,
  next: (i: number) => Sent,
  concurrency = 20,
): Promise<{ ok: T[]; failures: string[] }> {
  const ok: T[] = [];
  const failures: string[] = [];
  let sent = 0;
  const worker = async () => {
    while (sent < count) {
      const request = next(sent);
      sent += 1;
      const send = () =>
        fetch(`${url}${request.path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            ...request.headers,
          },
          body: request.body ?? '{}',
        });
      let response = await send();
      for (let retry = 0; retry < SHED_RETRIES; retry++) {
        const wait = retryAfterOf(response);
        if (wait === undefined) break;
        await response.text();
        await sleep(wait * 1000 + 50);
        response = await send();
      }
      const text = await response.text();
      if (response.ok) ok.push(JSON.parse(text) as T);
      else failures.push(`${response.status} ${request.path} ${text.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { ok, failures };
}

/** Sum of `<name>{…} value` lines of a Prometheus text page, and whether any was there. */
function sumOf(metrics: string, name: RegExp): number | null {
  const values = [
    ...metrics.matchAll(new RegExp(`^(\\S*${name.source})(?:\\{([^}]*)\\})?\\s+(\\S+)$`, 'gm')),
  ];
  return values.length === 0 ? null : values.reduce((sum, m) => sum + Number(m[3]), 0);
}

/**
 * Waits until every projection of the system reports no lag on /metrics (or `maxSeconds` pass); with
 * `relayAtLeast`, also until the registry's integration relay has published every commit up to that
 * stream sequence (read models of other services are fed by what it publishes).
 */
export async function waitForProjections(
  url: string,
  maxSeconds: number,
  relayAtLeast = 0,
): Promise<{ seconds: number; lag: number | null }> {
  const started = performance.now();
  const elapsed = () => round((performance.now() - started) / 1000, 1);
  let lag: number | null = null;
  while (elapsed() < maxSeconds) {
    const text = await fetch(`${url}/metrics`).then(
      (r) => r.text(),
      () => '',
    );
    lag = sumOf(text, /_projection_lag_messages/);
    const relayed = [...text.matchAll(/^\S*agency\S*_relay_position(?:\{[^}]*\})?\s+(\S+)$/gm)].map((m) =>
      Number(m[1]),
    );
    const relayDone = relayAtLeast === 0 || relayed.some((p) => p >= relayAtLeast);
    if (lag === null && relayDone) return { seconds: elapsed(), lag };
    if (lag === 0 && relayDone) return { seconds: elapsed(), lag };
    await sleep(500);
  }
  return { seconds: elapsed(), lag };
}

/** One normal request answered 2xx: the process serves after whatever came before. */
export async function answersNormally(url: string, token: string): Promise<string | undefined> {
  const response = await fetch(`${url}/agencies?limit=1`, {
    headers: { authorization: `Bearer ${token}` },
  }).catch((e: unknown) => e as Error);
  if (response instanceof Error) return `GET /agencies failed: ${response.message}`;
  if (response.status !== 200)
    return `GET /agencies answered ${response.status}: ${(await response.text()).slice(0, 200)}`;
  await response.text();
  return undefined;
}

/**
 * One request as the load will send it, before the load: a route that refuses it (a wrong body, a rate
 * limit, a read model not caught up) is then reported with its answer instead of only counted.
 */
export async function tryOnce(
  url: string,
  request: { method?: string; path: string; body?: string; headers?: Record<string, string> },
): Promise<string | undefined> {
  const response = await fetch(`${url}${request.path}`, {
    method: request.method ?? 'POST',
    headers: {
      ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...request.headers,
    },
    ...(request.body === undefined ? {} : { body: request.body }),
  }).catch((e: unknown) => e as Error);
  if (response instanceof Error) return `${request.path}: ${response.message}`;
  const text = await response.text();
  return response.ok ? undefined : `${request.path} answered ${response.status}: ${text.slice(0, 300)}`;
}
