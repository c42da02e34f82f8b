import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

export const REQUEST_ID_HEADER = 'x-request-id';
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/** Ids from clients are echoed into logs and headers, so only short, plain tokens are accepted. */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function headerId(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && SAFE_ID.test(value) ? value : undefined;
}

/** fastify `genReqId`: the caller's `x-request-id` when it is a safe token, else a new UUID. */
export const generateRequestId = (req: IncomingMessage): string =>
  headerId(req, REQUEST_ID_HEADER) ?? randomUUID();

/** The caller's `x-correlation-id` when safe, else the request id: one id follows a whole flow. */
export const correlationIdOf = (req: IncomingMessage, requestId: string): string =>
  headerId(req, CORRELATION_ID_HEADER) ?? requestId;

/** Decorates `request.correlationId` and echoes both ids on every response. */
export function registerRequestIds(app: FastifyInstance): void {
  app.decorateRequest('correlationId', '');
  app.addHook('onRequest', async (request, reply) => {
    request.correlationId = correlationIdOf(request.raw, request.id);
    reply.header(REQUEST_ID_HEADER, request.id);
    reply.header(CORRELATION_ID_HEADER, request.correlationId);
  });
}
