import type { FastifyRequest } from 'fastify';
import { type KaziUser, requireUser } from './auth.ts';

/**
 * Who asks, and which request this is: what a use case needs from the HTTP layer. The user acts (their
 * `sub` and `name` are recorded as the actor); the ids tie what the request stores to its logs and to the
 * commands it causes (commit metadata: correlationId, causationId = requestId).
 */
export interface RequestContext {
  user: KaziUser;
  correlationId: string;
  requestId: string;
}

/** The context of an authenticated request (a public route has no user: 401, see requireUser). */
export function requestContextOf(request: FastifyRequest): RequestContext {
  return {
    user: requireUser(request),
    correlationId: request.correlationId,
    requestId: String(request.id),
  };
}
