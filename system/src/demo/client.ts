import { setTimeout as sleep } from 'node:timers/promises';

/** The system did not answer at all (refused, reset, timed out): the demo stops with a clear message. */
export class SystemUnreachable extends Error {}

/** A refusal (4xx, or a 5xx that outlived its retries), with the problem type's slug. */
export class RefusedRequest extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly slug: string,
    // biome-ignore lint/suspicious/noExplicitAny: a problem document, read field by field.
    readonly body: any,
  ) {
    super(`${method} ${path}: ${status} ${slug} ${JSON.stringify(body)?.slice(0, 400)}`);
  }
}

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are read field by field by each step.
  body: any;
  replayed: boolean;
}

/** How often a request the system shed (503/429 with Retry-After) or lost (network) is sent again. */
const SHED_RETRIES = 60;
const NETWORK_RETRIES = 4;
/** The longest Retry-After honoured as given; longer ones are waited in slices, still retried. */
const MAX_WAIT_S = 10;

/**
 * The demo's HTTP client: at most `concurrency` requests in flight over the whole run, a shed request sent
 * again after its Retry-After, a lost one after a short pause, counts of what was sent for the summary.
 */
export class DemoClient {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  requests = 0;
  retries = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly concurrency = 8,
  ) {}

  private async slot(): Promise<() => void> {
    if (this.inFlight >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight++;
    return () => {
      this.inFlight--;
      this.waiting.shift()?.();
    };
  }

  /** Any answer but a shed or lost one; `key` is sent as Idempotency-Key. */
  async send(
    method: 'GET' | 'POST',
    path: string,
    token: string,
    options: { body?: unknown; key?: string } = {},
  ): Promise<Answer> {
    const { body, key } = options;
    const init: RequestInit = {
      method,
      headers: {
        ...(token === '' ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(key === undefined ? {} : { 'idempotency-key': key }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    };
    const url = new URL(path, this.baseUrl);
    let lost = 0;
    for (let attempt = 0; ; attempt++) {
      const release = await this.slot();
      let response: Response;
      let text: string;
      try {
        this.requests++;
        response = await fetch(url, { ...init, signal: AbortSignal.timeout(60_000) });
        text = await response.text();
      } catch (error) {
        release();
        if (++lost > NETWORK_RETRIES) {
          throw new SystemUnreachable(
            `no answer from ${this.baseUrl} (${method} ${path}: ${causeOf(error)}): is the system running (npm start)?`,
          );
        }
        this.retries++;
        await sleep(500 * lost);
        continue;
      }
      release();
      const wait = retryAfterOf(response);
      if (wait !== undefined && attempt < SHED_RETRIES) {
        this.retries++;
        await sleep(wait * 1000 + 100);
        continue;
      }
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = text;
      }
      return {
        status: response.status,
        body: parsed,
        replayed: response.headers.get('idempotent-replayed') === 'true',
      };
    }
  }

  /** A 2xx answer, or a RefusedRequest naming the rule. */
  async ok(
    method: 'GET' | 'POST',
    path: string,
    token: string,
    options: { body?: unknown; key?: string } = {},
  ): Promise<Answer> {
    const answer = await this.send(method, path, token, options);
    if (answer.status >= 200 && answer.status < 300) return answer;
    const type = typeof answer.body?.type === 'string' ? answer.body.type : '';
    throw new RefusedRequest(method, path, answer.status, type.split('/').at(-1) ?? '', answer.body);
  }

  get = (path: string, token: string) => this.ok('GET', path, token).then((a) => a.body);

  /** Every item of a list route, page after page (a page may be short and still have a next one). */
  async all<T>(path: string, token: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    const separator = path.includes('?') ? '&' : '?';
    do {
      const page: { items: T[]; nextCursor: string | null } = await this.get(
        `${path}${separator}limit=200${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
        token,
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return items;
  }
}

/** Seconds a shed answer (503 or 429) asks to wait, at most MAX_WAIT_S; undefined for any other answer. */
export function retryAfterOf(response: Response): number | undefined {
  if (response.status !== 503 && response.status !== 429) return undefined;
  const seconds = Number(response.headers.get('retry-after') ?? 1);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, MAX_WAIT_S) : 1;
}

function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}
