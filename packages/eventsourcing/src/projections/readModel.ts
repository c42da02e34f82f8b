import { KaziError } from '@kazi/core';
import type { Redis } from 'ioredis';
import { LuaScript } from './luaScript.ts';

/**
 * What the query side of every read model shares: bounded pages, opaque cursors and reads of many hashes
 * in one round trip. The services keep their own ordering and matching; only these mechanics live here.
 */

/** One page of a bounded read. A page may be short and still have a cursor: follow it (docs/bounded-work.md). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A page size a caller asked for, whole and within 0..max: what one request may return, whatever it asks. */
export function boundedLimit(requested: number, max: number): number {
  return Number.isFinite(requested) ? Math.max(0, Math.min(Math.floor(requested), max)) : max;
}

/**
 * The page of what a bounded read found, in order. Read up to `limit + 1` matches to know whether more
 * follow: then the page resumes after its last item. Otherwise it resumes at `stoppedAt`, the last entry
 * examined when the read stopped at its budget before the end of its index (undefined: the end).
 */
export function pageOf<T, P>(
  found: readonly T[],
  limit: number,
  positionOf: (item: T) => P,
  stoppedAt: P | undefined,
): { items: T[]; resumeAfter: P | undefined } {
  const items = found.slice(0, limit);
  const last = items.at(-1);
  if (found.length > limit && last !== undefined) return { items, resumeAfter: positionOf(last) };
  return { items, resumeAfter: stoppedAt };
}

/** A cursor this API did not issue (cut, edited or made up): a 400 naming the field, never a 500. */
export class InvalidCursorError extends KaziError {
  readonly kind = 'bad-request';
  constructor() {
    super('validation-failed', 'cursor is not one this API issued', {
      errors: [{ path: 'query.cursor', message: 'is not a cursor this API issued' }],
    });
  }
}

export interface CursorCodec<P> {
  /** The opaque cursor for a position: its text, base64url-encoded. */
  encode(position: P): string;
  /** The position in a cursor; throws InvalidCursorError for anything `encode` could not have made. */
  decode(cursor: string): P;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Cursors for positions written as text: `write` renders a position, `read` parses the text back and
 * returns undefined when it is not one `write` makes. Decoding is strict: base64url only, valid UTF-8, and
 * the cursor must be exactly what `encode` gives for its text (no padding, no trailing characters).
 */
export function cursorCodec<P>(format: {
  write(position: P): string;
  read(text: string): P | undefined;
}): CursorCodec<P> {
  const encodeText = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  return {
    encode: (position) => encodeText(format.write(position)),
    decode(cursor) {
      const text = BASE64URL.test(cursor) ? strictUtf8(cursor) : undefined;
      const position = text !== undefined && encodeText(text) === cursor ? format.read(text) : undefined;
      if (position === undefined) throw new InvalidCursorError();
      return position;
    },
  };
}

function strictUtf8(cursor: string): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(cursor, 'base64url'));
  } catch {
    return undefined;
  }
}

/** The values of a pipeline's replies, in order; the first failed reply is thrown. */
export function pipelineResults(replies: [Error | null, unknown][] | null): unknown[] {
  return (replies ?? []).map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

/**
 * HGETALL of every key, answered as one array of field-value arrays: one command for a page of rows
 * instead of one per row (measured: half the client CPU of a pipeline of 51 HGETALLs, which is most of
 * what a search or a queue page costs the service beyond Redis itself). Exported so a test's counting
 * client can tell the rows a read touched (its keys).
 */
export const readHashesScript = new LuaScript(`
local rows = {}
for i, key in ipairs(KEYS) do rows[i] = redis.call('HGETALL', key) end
return rows
`);

/** A hash's fields and values as an object, as ioredis builds HGETALL's (a field named like a built-in stays data). */
function hashOf(pairs: string[]): Record<string, string> {
  const hash: Record<string, string> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const field = pairs[i] as string;
    const value = pairs[i + 1] as string;
    if (field in hash)
      Object.defineProperty(hash, field, { value, configurable: true, enumerable: true, writable: true });
    else hash[field] = value;
  }
  return hash;
}

/** Every field of each hash (HGETALL), in one round trip, in the order of `keys`; a missing hash is {}. */
export async function readHashes(redis: Redis, keys: readonly string[]): Promise<Record<string, string>[]>;
/** …each parsed by `parse`, which returns undefined for a hash it does not accept (e.g. missing). */
export async function readHashes<T>(
  redis: Redis,
  keys: readonly string[],
  parse: (hash: Record<string, string>, index: number) => T | undefined,
): Promise<(T | undefined)[]>;
export async function readHashes<T>(
  redis: Redis,
  keys: readonly string[],
  parse?: (hash: Record<string, string>, index: number) => T | undefined,
): Promise<(T | Record<string, string> | undefined)[]> {
  if (keys.length === 0) return [];
  const hashes = ((await readHashesScript.run(redis, keys, [])) as string[][]).map(hashOf);
  return parse ? hashes.map((hash, i) => parse(hash, i)) : hashes;
}

/**
 * Some fields of each hash (HMGET), in one pipeline, in the order of `keys`: for reads that need a few
 * fields of many rows. A missing field is undefined.
 */
export async function readHashFields<F extends string>(
  redis: Redis,
  keys: readonly string[],
  fields: readonly F[],
): Promise<Record<F, string | undefined>[]> {
  if (keys.length === 0) return [];
  const reading = redis.pipeline();
  for (const key of keys) reading.hmget(key, ...fields);
  return (pipelineResults(await reading.exec()) as (string | null)[][]).map(
    (values) =>
      Object.fromEntries(fields.map((field, i) => [field, values[i] ?? undefined])) as Record<
        F,
        string | undefined
      >,
  );
}
