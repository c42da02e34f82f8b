import { text } from '@kazi/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BadRequestError, PreconditionRequiredError } from './problem.ts';

/** Body field of every update route: the version the caller's decision was based on. */
export const expectedVersionField = z.number().int().min(0).optional();

/**
 * Body field of every decision that must say why (a rejection, a suspension, an erasure…): free text a
 * person typed, so trimmed, bounded and free of control characters. Optional where a route allows none.
 */
export const reasonField = text(3, 2000);

const IF_MATCH = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/;

/**
 * The version an update was based on: `expectedVersion` in the body or `If-Match: "<version>"`.
 * Decisions two people could make in conflict pass `required: true` (428 without it). When both are
 * given they must agree.
 */
export function expectedVersionOf(
  request: FastifyRequest,
  options: { required: boolean },
): number | undefined {
  const body = request.body as { expectedVersion?: number } | undefined;
  const fromBody = body?.expectedVersion;
  const header = request.headers['if-match'];
  let fromHeader: number | undefined;
  if (header !== undefined) {
    const match = typeof header === 'string' ? IF_MATCH.exec(header) : null;
    if (!match?.[1]) {
      throw new BadRequestError('If-Match must be a version in quotes, e.g. "3"', [
        { path: 'headers.if-match', message: 'must be a version in quotes, e.g. "3"' },
      ]);
    }
    fromHeader = Number(match[1]);
  }
  if (fromBody !== undefined && fromHeader !== undefined && fromBody !== fromHeader) {
    throw new BadRequestError('expectedVersion and If-Match disagree', [
      { path: 'body.expectedVersion', message: `is ${fromBody} but If-Match says ${fromHeader}` },
    ]);
  }
  const version = fromBody ?? fromHeader;
  if (version === undefined && options.required) throw new PreconditionRequiredError();
  return version;
}

/** Responses carry the new version as an ETag, so the next update can send it back in If-Match. */
export function setVersionHeader(reply: FastifyReply, version: number): void {
  reply.header('etag', `"${version}"`);
}
