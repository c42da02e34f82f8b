import type { FastifyReply, FastifyRequest } from 'fastify';
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
 * For creating POSTs: runs `run` once per `Idempotency-Key` (scoped to route and caller) and sends its
 * response; without the header it simply runs. The response must be JSON-serializable: repeats are
 * served from the store.
 */
export async function replyIdempotently(
  request: FastifyRequest,
  reply: FastifyReply,
  store: IdempotencyStore,
  run: () => Promise<IdempotentResponse>,
  options?: IdempotencyOptions,
): Promise<FastifyReply> {
  const key = request.headers[IDEMPOTENCY_KEY_HEADER];
  if (key === undefined) return send(reply, await run());
  if (typeof key !== 'string' || !VALID_KEY.test(key)) {
    throw new BadRequestError('Idempotency-Key must be 1 to 255 visible ASCII characters', [
      { path: 'headers.idempotency-key', message: 'must be 1 to 255 visible ASCII characters' },
    ]);
  }
  const scope = `${request.method} ${request.routeOptions.url ?? request.url} ${request.user?.sub ?? 'anonymous'}`;
  const result = await withIdempotency(
    store,
    { key, scope, requestHash: hashRequestBody(request.body) },
    run,
    options,
  );
  if (result.replayed) reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
  return send(reply, result);
}

function send(reply: FastifyReply, response: IdempotentResponse): FastifyReply {
  for (const [name, value] of Object.entries(response.headers ?? {})) reply.header(name, value);
  return reply.code(response.status).send(response.body);
}
