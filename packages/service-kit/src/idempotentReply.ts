import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  hashRequestBody,
  type IdempotencyOptions,
  type IdempotencyStore,
  type IdempotentResponse,
  withIdempotency,
} from './idempotency.ts';
import { BadRequestError } from './problem.ts';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Set on a response that repeats a stored first response. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

const VALID_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The `headers` schema of a route answered by replyIdempotently: documents the header (OpenAPI) and lets
 * every other header through. The key itself is checked by replyIdempotently (a 400 names the header).
 */
export const idempotencyKeyHeaders = z
  .looseObject({ [IDEMPOTENCY_KEY_HEADER]: z.string().optional() })
  .describe('Idempotency-Key: a repeat with the same key and body returns the first response');

/**
 * How a stored first response is kept at rest, when it holds something that must not lie in the store in
 * the clear (e.g. a tracking PIN): `seal` before storing, `open` when a repeat is answered from the store.
 */
export interface ResponseAtRest {
  seal(response: IdempotentResponse): Promise<IdempotentResponse>;
  open(response: IdempotentResponse): Promise<IdempotentResponse>;
}

/**
 * For creating POSTs: runs `run` once per `Idempotency-Key` (scoped to the URL and the caller) and sends its
 * response; without the header it simply runs. The response must be JSON-serializable: repeats are
 * served from the store.
 */
export async function replyIdempotently(
  request: FastifyRequest,
  reply: FastifyReply,
  store: IdempotencyStore,
  run: () => Promise<IdempotentResponse>,
  options?: IdempotencyOptions & { atRest?: ResponseAtRest },
): Promise<FastifyReply> {
  const key = request.headers[IDEMPOTENCY_KEY_HEADER];
  if (key === undefined) return send(reply, await run());
  if (typeof key !== 'string' || !VALID_KEY.test(key)) {
    throw new BadRequestError('Idempotency-Key must be 1 to 255 visible ASCII characters', [
      { path: 'headers.idempotency-key', message: 'must be 1 to 255 visible ASCII characters' },
    ]);
  }
  // The URL as sent (path and query), not the route's pattern: one key on two resources is two requests.
  const scope = `${request.method} ${request.url} ${request.user?.sub ?? 'anonymous'}`;
  const atRest = options?.atRest;
  let fresh: IdempotentResponse | undefined;
  const result = await withIdempotency(
    store,
    { key, scope, requestHash: hashRequestBody(request.body) },
    async () => {
      fresh = await run();
      return atRest ? atRest.seal(fresh) : fresh;
    },
    options,
  );
  if (!result.replayed && fresh) return send(reply, fresh);
  reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
  return send(reply, atRest ? await atRest.open(result) : result);
}

function send(reply: FastifyReply, response: IdempotentResponse): FastifyReply {
  for (const [name, value] of Object.entries(response.headers ?? {})) reply.header(name, value);
  return reply.code(response.status).send(response.body);
}
