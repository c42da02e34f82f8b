import {
  expectedVersionOf,
  type IdempotentResponse,
  idempotencyKeyHeaders,
  NEA_ROLES,
  type RequestContext,
  replyIdempotently,
  requestContextOf,
  requireUser,
  type ServiceApp,
  setVersionHeader,
} from '@kazi/service-kit';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { ChangeResult, ComplaintsApp } from '../application/complaintsApp.ts';
import { TooManyWrongPinsError } from '../application/pinFailures.ts';
import { lodgingSchema } from '../domain/complaint/lodging.ts';
import {
  assignmentBody,
  changedResponse,
  complaintIdParams,
  complaintRecord,
  lodgedResponse,
  noteBody,
  queueQuery,
  queueResponse,
  reasonBody,
  referralBody,
  resolutionBody,
  statusQuery,
  statusResponse,
  triageBody,
  versionOnlyBody,
  withdrawalBody,
} from './schemas.ts';

const TAGS = ['complaints'];

function sendChange(reply: FastifyReply, result: ChangeResult) {
  setVersionHeader(reply, result.version);
  return reply.code(200).send(result);
}

/** Every route of the complaints section of docs/design/api.md. */
export function complaintRoutes(
  app: ServiceApp,
  complaints: ComplaintsApp,
  options: { statusRateLimitPerMinute: number },
): void {
  app.post(
    '/complaints',
    {
      config: { auth: { roles: ['hotline', 'nea-officer'] } },
      schema: {
        summary: 'Lodge a complaint (the hotline sends an Idempotency-Key)',
        description:
          'Returns the reference and the tracking PIN; the PIN is shown only here. A repeat with the same Idempotency-Key and body returns the first response; the same key with another body is a 422.',
        tags: TAGS,
        headers: idempotencyKeyHeaders,
        body: lodgingSchema,
        response: { 201: lodgedResponse },
      },
    },
    async (request, reply) => {
      await replyIdempotently(
        request,
        reply,
        complaints.idempotency,
        async (): Promise<IdempotentResponse> => {
          const lodged = await complaints.lodge(request.body, requestContextOf(request));
          return {
            status: 201,
            body: lodged,
            headers: { etag: `"${lodged.version}"`, location: `/complaints/${lodged.id}` },
          };
        },
        { atRest: complaints.tracking.lodgedResponseAtRest },
      );
    },
  );

  app.get(
    '/complaints/:id',
    {
      config: { auth: { roles: [...NEA_ROLES, 'hotline', 'labour-attache'] } },
      schema: {
        summary: 'One complaint, as your role sees it (hotline: its own; attaché: referred to its mission)',
        description:
          'NEA officers and directors get the full record (`view: "nea"`), with the labour attachés\' cases opened from it and, when the employer it names matches one attachés flagged or blacklisted in that country, `employerFlag`. The hotline account that lodged it gets what it sent, its own follow-ups, the status history and the outcome of each case an attaché closed (`view: "hotline"`); the attaché of a mission it was referred to gets what helping the worker there needs, its own referral, its mission\'s cases and the employer flag (`view: "attache"`). Internal notes, the assignee, other referrals and trafficking assessments are NEA\'s only.',
        tags: TAGS,
        params: complaintIdParams,
        response: { 200: complaintRecord },
      },
    },
    async (request, reply) => {
      const record = await complaints.get(request.params.id, requireUser(request));
      setVersionHeader(reply, record.version);
      return record;
    },
  );

  app.get(
    '/complaints',
    {
      config: { auth: { roles: [...NEA_ROLES, 'analyst'] } },
      schema: {
        summary: 'The queue: most severe first, then nearest deadline',
        description:
          'Without `status`, the open complaints (lodged, triaged, assigned, referred, reopened). No personal data. Each request examines a bounded number of entries (docs/bounded-work.md): a page may hold fewer than `limit` items, even none, and still have a `nextCursor`; only `nextCursor: null` means the end.',
        tags: TAGS,
        querystring: queueQuery,
        response: { 200: queueResponse },
      },
    },
    async (request) => complaints.queries.queue(request.query),
  );

  const change = <S extends z.ZodType>(
    path: string,
    summary: string,
    roles: readonly ('nea-officer' | 'nea-director' | 'hotline')[],
    body: S,
    versionRequired: boolean,
    run: (
      id: string,
      body: z.output<S>,
      context: RequestContext,
      expectedVersion: number | undefined,
    ) => Promise<ChangeResult>,
  ) =>
    app.post(
      `/complaints/:id/${path}`,
      {
        config: { auth: { roles } },
        // A change with nothing to say but its version may come with If-Match and no body at all.
        schema: {
          summary,
          tags: TAGS,
          params: complaintIdParams,
          body: (body as z.ZodType) === versionOnlyBody ? versionOnlyBody.nullish() : body,
          response: { 200: changedResponse },
        },
      },
      async (request, reply) => {
        const expectedVersion = expectedVersionOf(request, { required: versionRequired });
        const id = (request.params as { id: string }).id;
        return sendChange(
          reply,
          await run(id, (request.body ?? {}) as z.output<S>, requestContextOf(request), expectedVersion),
        );
      },
    );

  change(
    'triage',
    'Set categories, forced-labour indicators and severity (with a reason)',
    ['nea-officer'],
    triageBody,
    false,
    (id, b, context, v) => complaints.triage(id, b, context, v),
  );
  change('assignment', 'Assign to an officer', ['nea-officer'], assignmentBody, false, (id, b, context, v) =>
    complaints.assign(id, b.assignee, context, v),
  );
  change(
    'notes',
    'A follow-up from the caller (hotline) or an officer',
    ['nea-officer', 'hotline'],
    noteBody,
    false,
    (id, b, context, v) => complaints.addNote(id, b.text, context, v),
  );
  change(
    'referral',
    "Refer to the labour attaché of the worker's country, counter-trafficking or police",
    ['nea-officer'],
    referralBody,
    false,
    (id, b, context, v) => complaints.refer(id, b, context, v),
  );
  change(
    'resolution',
    'Resolve with an outcome and remedy',
    ['nea-officer'],
    resolutionBody,
    true,
    (id, b, context, v) => complaints.resolve(id, b, context, v as number),
  );
  change(
    'closure',
    'Close (only after resolution)',
    ['nea-officer'],
    versionOnlyBody,
    true,
    (id, _b, context, v) => complaints.close(id, context, v as number),
  );
  change(
    'reopening',
    'Reopen a resolved, closed or withdrawn complaint',
    ['nea-officer'],
    reasonBody,
    true,
    (id, b, context, v) => complaints.reopen(id, b.reason, context, v as number),
  );
  change(
    'withdrawal',
    'Withdraw at the complainant’s request',
    ['nea-officer', 'hotline'],
    withdrawalBody,
    false,
    (id, b, context, v) => complaints.withdraw(id, b.reason, context, v),
  );
  change(
    'erasure',
    "Erase the complainant's personal data (crypto-shredding)",
    ['nea-director'],
    reasonBody,
    false,
    (id, b, context, v) => complaints.erase(id, b.reason, context, v),
  );

  app.get(
    '/public/complaints/status',
    {
      config: { auth: 'public', rateLimit: { max: options.statusRateLimitPerMinute, timeWindow: 60_000 } },
      schema: {
        summary: 'Status of a complaint by reference and tracking PIN',
        description:
          'Status and the date of the last update only, and the outcome of each case a labour attaché closed for the complaint. A wrong PIN gets the same 404 as an unknown reference. Limited per client address, and per reference: after too many wrong PINs from anywhere the reference answers 429 (with Retry-After), even to the right PIN, until its window has passed.',
        tags: ['public'],
        querystring: statusQuery,
        response: { 200: statusResponse },
      },
    },
    async (request, reply) => {
      try {
        return await complaints.tracking.publicStatus(request.query.reference, request.query.pin);
      } catch (error) {
        if (error instanceof TooManyWrongPinsError)
          reply.header('retry-after', String(error.retryAfterSeconds));
        throw error;
      }
    },
  );
}
