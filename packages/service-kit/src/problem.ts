import { type FailureKind, KaziError } from '@kazi/core';
import type { FastifyReply } from 'fastify';

/** Every problem `type` is a URI under this base; the slug after it is the stable, rule-naming part. */
export const PROBLEM_TYPE_BASE = 'https://kazi-salama.nea.go.ke/problems/';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export interface FieldError {
  /** Dotted path of the offending field, e.g. `directors.0.nationalId`, or `query.limit`. */
  path: string;
  message: string;
}

/** RFC 9457 problem details, plus extension members (e.g. `errors`, `currentVersion`). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const problemType = (slug: string): string => `${PROBLEM_TYPE_BASE}${slug}`;

/** The title is derived from the slug so it is the same for every occurrence of a type, as RFC 9457 asks. */
export const problemTitle = (slug: string): string => {
  const words = slug.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export function problem(
  status: number,
  slug: string,
  detail: string,
  extra: Record<string, unknown> = {},
): Problem {
  // Extensions go first so they can never overwrite the standard members.
  return { ...extra, type: problemType(slug), title: problemTitle(slug), status, detail };
}

/**
 * Sends a problem as a pre-serialized string: a route's response schema for the same status code must not
 * reshape (or reject) an error body.
 */
export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  const withInstance = body.instance === undefined ? { ...body, instance: reply.request.url } : body;
  return reply
    .code(body.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(withInstance));
}

/** The HTTP status of each kind of failure the domain and the adapters raise (@kazi/core errors.ts). */
export const STATUS_OF_KIND: Record<FailureKind, number> = {
  'not-found': 404,
  conflict: 409,
  invalid: 422,
  'bad-request': 400,
  'rate-limited': 429,
  overloaded: 503,
};

/** The HTTP status of any error of the hierarchy: the kit's own carry theirs, the rest by kind. */
export const statusOf = (error: KaziError): number =>
  error instanceof HttpProblemError ? error.status : STATUS_OF_KIND[error.kind];

/** A KaziError with any HTTP status: the kit's own refusals (401, 403, 428, 422 for idempotency keys…). */
export class HttpProblemError extends KaziError {
  readonly kind: FailureKind;
  constructor(
    readonly status: number,
    type: string,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(type, message, extra);
    this.kind =
      (Object.entries(STATUS_OF_KIND).find(([, s]) => s === status)?.[0] as FailureKind | undefined) ??
      'bad-request';
  }
}

export class UnauthorizedError extends HttpProblemError {
  constructor(message = 'a valid bearer token is required', type = 'unauthorized') {
    super(401, type, message);
  }
}

export class ForbiddenError extends HttpProblemError {
  constructor(
    message = 'your roles do not allow this',
    type = 'forbidden',
    extra: Record<string, unknown> = {},
  ) {
    super(403, type, message, extra);
  }
}

/** An update that two people could make in conflict came without `expectedVersion` or `If-Match`. */
export class PreconditionRequiredError extends HttpProblemError {
  constructor(message = 'this change requires expectedVersion in the body or an If-Match header') {
    super(428, 'version-required', message);
  }
}

/** Client input the route's schema could not express (a bad header, a malformed cursor…). */
export class BadRequestError extends HttpProblemError {
  constructor(message: string, errors: FieldError[] = [], type = 'validation-failed') {
    super(400, type, message, errors.length > 0 ? { errors } : {});
  }
}
