import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { HttpProblemError } from './problem.ts';

export interface IdempotentResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type IdempotencyEntry =
  | { state: 'pending'; requestHash: string; claimedAt: number }
  | { state: 'done'; requestHash: string; response: IdempotentResponse; completedAt: number };

/** Port: an atomic key-value store with per-key revisions (JetStream KV in production, a Map in tests). */
export interface IdempotencyStore {
  /** Stores the entry only if the key is absent; its revision, or undefined when the key exists. */
  create(key: string, entry: IdempotencyEntry): Promise<number | undefined>;
  get(key: string): Promise<{ entry: IdempotencyEntry; revision: number } | undefined>;
  /** Compare-and-set on the revision; the new revision, or undefined when someone else changed it. */
  replace(key: string, entry: IdempotencyEntry, revision: number): Promise<number | undefined>;
  /** Deletes the entry if it is still at `revision`, so a retry may claim the key again. */
  release(key: string, revision: number): Promise<void>;
}

export class IdempotencyKeyReusedError extends HttpProblemError {
  constructor() {
    super(
      422,
      'idempotency-key-reused',
      'this Idempotency-Key was already used with a different request body',
    );
  }
}

export class IdempotencyInProgressError extends HttpProblemError {
  constructor() {
    super(
      409,
      'idempotency-in-progress',
      'a request with this Idempotency-Key is still being processed; retry later',
    );
  }
}

export interface IdempotencyRequest {
  /** The client's Idempotency-Key. */
  key: string;
  /** Whose key it is: route and caller, so two callers' keys never collide. */
  scope: string;
  requestHash: string;
}

export interface IdempotencyOptions {
  /** How long a duplicate waits for the first attempt to finish before a 409 (default 10 s). */
  waitMs?: number;
  /** A pending claim older than this is taken to be from a crashed process and may be taken over. */
  leaseMs?: number;
  now?: () => number;
}

/** JSON with object keys sorted at every level: the same body always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const hashRequestBody = (body: unknown): string =>
  createHash('sha256')
    .update(canonicalJson(body ?? null))
    .digest('hex');

/** Store keys are hashes: client keys may hold any characters, KV keys may not. */
const storeKeyOf = (scope: string, key: string): string =>
  createHash('sha256').update(`${scope}\n${key}`).digest('hex');

/**
 * Runs `run` at most once per (scope, key). The first claim wins atomically; a repeat with the same body
 * gets the stored first response (`replayed: true`), waiting if the first is still running; a repeat with
 * a different body is a 422. If `run` throws, the claim is released so a retry can proceed.
 */
export async function withIdempotency(
  store: IdempotencyStore,
  request: IdempotencyRequest,
  run: () => Promise<IdempotentResponse>,
  options: IdempotencyOptions = {},
): Promise<IdempotentResponse & { replayed: boolean }> {
  const { waitMs = 10_000, leaseMs = 30_000, now = Date.now } = options;
  const storeKey = storeKeyOf(request.scope, request.key);
  const pending = (): IdempotencyEntry => ({
    state: 'pending',
    requestHash: request.requestHash,
    claimedAt: now(),
  });
  const started = now();
  let backoff = 5;

  for (;;) {
    let revision = await store.create(storeKey, pending());
    if (revision === undefined) {
      const current = await store.get(storeKey);
      if (current === undefined) continue; // released between our create and get: claim again
      if (current.entry.requestHash !== request.requestHash) throw new IdempotencyKeyReusedError();
      if (current.entry.state === 'done') return { ...current.entry.response, replayed: true };
      if (now() - current.entry.claimedAt > leaseMs) {
        revision = await store.replace(storeKey, pending(), current.revision);
      }
      if (revision === undefined) {
        if (now() - started > waitMs) throw new IdempotencyInProgressError();
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 200);
        continue;
      }
    }
    return runClaimed(store, storeKey, revision, request.requestHash, run, now);
  }
}

async function runClaimed(
  store: IdempotencyStore,
  storeKey: string,
  revision: number,
  requestHash: string,
  run: () => Promise<IdempotentResponse>,
  now: () => number,
): Promise<IdempotentResponse & { replayed: boolean }> {
  let response: IdempotentResponse;
  try {
    response = await run();
  } catch (err) {
    await store.release(storeKey, revision).catch(() => {
      // If the release fails too, the lease expiry lets a retry take the claim over later.
    });
    throw err;
  }
  await store.replace(storeKey, { state: 'done', requestHash, response, completedAt: now() }, revision);
  return { ...response, replayed: false };
}

/** In-process store for unit tests and single-process development. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly #entries = new Map<string, { entry: IdempotencyEntry; revision: number }>();
  #revision = 0;

  async create(key: string, entry: IdempotencyEntry): Promise<number | undefined> {
    if (this.#entries.has(key)) return undefined;
    return this.#set(key, entry);
  }

  async get(key: string) {
    const found = this.#entries.get(key);
    return found === undefined ? undefined : structuredClone(found);
  }

  async replace(key: string, entry: IdempotencyEntry, revision: number): Promise<number | undefined> {
    if (this.#entries.get(key)?.revision !== revision) return undefined;
    return this.#set(key, entry);
  }

  async release(key: string, revision: number): Promise<void> {
    if (this.#entries.get(key)?.revision === revision) this.#entries.delete(key);
  }

  #set(key: string, entry: IdempotencyEntry): number {
    this.#revision += 1;
    this.#entries.set(key, { entry: structuredClone(entry), revision: this.#revision });
    return this.#revision;
  }
}
