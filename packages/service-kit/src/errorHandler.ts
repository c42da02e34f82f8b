import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { KaziError, OverloadedError } from '@kazi/core';
import type { FastifyBaseLogger, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  type FieldError,
  PROBLEM_CONTENT_TYPE,
  type Problem,
  problem,
  sendProblem,
  statusOf,
} from './problem.ts';

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Body fields are named as the client sent them; other parts carry their location (`query.limit`). */
const LOCATION: Record<string, string> = {
  body: '',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

function joinPath(location: string, segments: readonly PropertyKey[]): string {
  const parts = [location, ...segments.map(String)].filter((p) => p !== '');
  return parts.length > 0 ? parts.join('.') : 'body';
}

function issuesToFieldErrors(location: string, issues: ValidationIssue[]): FieldError[] {
  return issues.flatMap((issue) => {
    const segments = (issue.instancePath ?? '').split('/').filter((s) => s !== '');
    const keys = issue.params?.keys;
    // `.strict()` objects report unknown fields once for the object; name each field instead.
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
      return keys.map((key) => ({
        path: joinPath(location, [...segments, String(key)]),
        message: 'unknown field',
      }));
    }
    return [{ path: joinPath(location, segments), message: issue.message ?? 'invalid value' }];
  });
}

export function validationProblem(location: string, issues: ValidationIssue[]): Problem {
  const errors = issuesToFieldErrors(location, issues);
  const detail = `invalid request: ${errors.map((e) => `${e.path} (${e.message})`).join('; ')}`;
  return problem(400, 'validation-failed', detail, { errors });
}

/** Fastify's own client errors, by code. Anything unlisted with a 4xx status keeps that status. */
const FASTIFY_CLIENT_ERRORS: Record<string, { status: number; slug: string; detail: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    slug: 'payload-too-large',
    detail: 'the request body is too large',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    slug: 'malformed-json',
    detail: 'the request body is not valid JSON',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    slug: 'missing-body',
    detail: 'a JSON request body is required',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    slug: 'unsupported-media-type',
    detail: 'request bodies must be application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    slug: 'invalid-content-length',
    detail: 'the request body does not match its Content-Length',
  },
  // Raised by the router before any route runs; they reach us through `frameworkErrors`.
  FST_ERR_BAD_URL: {
    status: 400,
    slug: 'malformed-url',
    detail: 'the URL is not validly percent-encoded',
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    slug: 'uri-too-long',
    detail: 'a path segment of the URL is too long',
  },
};

/** Maps any error to a problem. Pure, so it can be tested without a server. */
export function toProblem(error: unknown): Problem {
  if (error instanceof KaziError) return problem(statusOf(error), error.type, error.message, error.extra);

  const fastifyError = error as Partial<FastifyError> & { validationContext?: string };
  if (Array.isArray(fastifyError.validation)) {
    return validationProblem(
      LOCATION[fastifyError.validationContext ?? 'body'] ?? '',
      fastifyError.validation,
    );
  }
  // A ZodError escaping a handler comes from parsing something the client sent (a header, a cursor).
  if (error instanceof z.core.$ZodError) {
    return validationProblem(
      '',
      error.issues.map((i) => ({
        instancePath: `/${i.path.map(String).join('/')}`,
        keyword: i.code,
        message: i.message,
        params: { ...i },
      })),
    );
  }
  const known = fastifyError.code ? FASTIFY_CLIENT_ERRORS[fastifyError.code] : undefined;
  if (known) return problem(known.status, known.slug, known.detail);

  const status = fastifyError.statusCode;
  if (status === 429) return problem(429, 'rate-limited', 'too many requests; retry later');
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Fastify's 4xx messages describe the request, never the server, so they are safe to return.
    return problem(status, 'bad-request', fastifyError.message ?? 'bad request');
  }
  return problem(500, 'internal', 'an unexpected error occurred; it has been logged');
}

/** When a client may try again after a 503 other than load shedding (which says its own). */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

export function problemErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const body = toProblem(error);
  // Shedding load is the plan under overload, not a fault: no error log (and stack) per refusal.
  const overloaded = error instanceof OverloadedError;
  if (body.status >= 500 && !overloaded) request.log.error({ err: error }, 'request failed');
  else request.log.info({ problemType: body.type, status: body.status }, 'request refused');
  if (body.status === 401) reply.header('www-authenticate', 'Bearer');
  if (overloaded) reply.header('retry-after', String(error.retryAfterSeconds));
  // Any other 503 (a read model or store not ready yet) is as temporary: say when to try again.
  else if (body.status === 503) reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
  return sendProblem(reply, body);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0];
  return sendProblem(reply, problem(404, 'route-not-found', `no route ${request.method} ${path}`));
}

/** Node's HTTP parser errors, by code: requests too broken to reach the router. */
const HTTP_PARSER_ERRORS: Record<string, { status: number; slug: string; detail: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    slug: 'request-timeout',
    detail: 'the request took too long to arrive',
  },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    slug: 'headers-too-large',
    detail: 'the request headers are larger than the server accepts',
  },
};

/**
 * Fastify's `clientErrorHandler`: a request the HTTP parser refused (malformed, headers too large) is
 * answered with a problem document, as every other error is, and the connection closed.
 */
export function problemClientErrorHandler(
  this: { log: FastifyBaseLogger },
  error: Error & { code?: string },
  socket: Socket,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = (error.code && HTTP_PARSER_ERRORS[error.code]) || {
    status: 400,
    slug: 'malformed-request',
    detail: 'the request is not valid HTTP/1.1',
  };
  this.log.info(
    { problemType: known.slug, status: known.status, code: error.code },
    'request refused by the HTTP parser',
  );
  if (socket.writable) {
    const body = JSON.stringify(problem(known.status, known.slug, known.detail));
    socket.write(
      `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
