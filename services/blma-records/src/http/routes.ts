import {
  expectedVersionOf,
  idempotencyKeyHeaders,
  replyIdempotently,
  requestContextOf,
  requireUser,
  type ServiceApp,
  setVersionHeader,
} from '@kazi/service-kit';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { AgreementsApp, ChangeResult, LifecycleChange } from '../application/agreementsApp.ts';
import { agreementAsOfViewSchema, agreementViewSchema } from '../application/agreementViews.ts';
import { READERS, WRITER } from './access.ts';
import { documentRoutes } from './documentRoutes.ts';
import {
  actionDoneBody,
  actionParams,
  agreementIdParams,
  amendmentBody,
  changedResponse,
  committeeMeetingBody,
  endingBody,
  entryIntoForceBody,
  getQuery,
  listQuery,
  listResponse,
  meetingResponse,
  recordBody,
  recordedResponse,
  reviewBody,
  signatureBody,
} from './schemas.ts';

const TAGS = ['blmas'];

function sendChange(reply: FastifyReply, result: ChangeResult & object, status = 200) {
  setVersionHeader(reply, result.version);
  return reply.code(status).send(result);
}

/** Every route of the BLMA section of docs/design/api.md, and those for committee actions and documents. */
export function agreementRoutes(
  app: ServiceApp,
  agreements: AgreementsApp,
  documents: { maxBytes: number; mediaTypes: readonly string[] },
): void {
  app.post(
    '/blmas',
    {
      config: WRITER,
      schema: {
        summary: 'Record an agreement under negotiation',
        description:
          'With its partner country, kind, sectors (ISCO-08) and the provisions as drafted. A repeat with the same Idempotency-Key and body returns the first response.',
        tags: TAGS,
        headers: idempotencyKeyHeaders,
        body: recordBody,
        response: { 201: recordedResponse },
      },
    },
    async (request, reply) => {
      await replyIdempotently(request, reply, agreements.idempotency, async () => {
        const recorded = await agreements.record(request.body, requestContextOf(request));
        return {
          status: 201,
          body: recorded,
          headers: { etag: `"${recorded.version}"`, location: `/blmas/${recorded.id}` },
        };
      });
    },
  );

  app.get(
    '/blmas',
    {
      config: READERS,
      schema: {
        summary: 'Agreements by partner country and title, filtered by country, status and kind',
        description:
          "An attaché gets their mission's country's. Each request reads a bounded number of agreements (docs/bounded-work.md): a page may hold fewer than `limit` items, even none, and still have a `nextCursor`; only `nextCursor: null` means the end.",
        tags: TAGS,
        querystring: listQuery,
        response: { 200: listResponse },
      },
    },
    async (request) => agreements.list(request.query, requireUser(request)),
  );

  app.get(
    '/blmas/:id',
    {
      config: READERS,
      schema: {
        summary: 'An agreement with its terms, lifecycle, reviews, committee meetings and documents',
        description:
          'Overdue committee actions and an awaited review show on it. With `asOf=YYYY-MM-DD`: the agreement as it stood that day (the terms then in effect, the status its last step by then left, each action as it was that day); 404 when nothing was known of it then.',
        tags: TAGS,
        params: agreementIdParams,
        querystring: getQuery,
        response: { 200: agreementViewSchema.or(agreementAsOfViewSchema) },
      },
    },
    async (request, reply) => {
      const view = await agreements.get(request.params.id, requireUser(request), request.query.asOf);
      if ('version' in view) setVersionHeader(reply, view.version);
      return view;
    },
  );

  /** A lifecycle step: `expectedVersion` (body or If-Match) is required, 428 without it. */
  const lifecycle = <S extends z.ZodType>(
    path: string,
    summary: string,
    body: S,
    toChange: (body: z.output<S>) => LifecycleChange,
  ) =>
    app.post(
      `/blmas/:id/${path}`,
      {
        config: WRITER,
        schema: { summary, tags: TAGS, params: agreementIdParams, body, response: { 200: changedResponse } },
      },
      async (request, reply) => {
        const expectedVersion = expectedVersionOf(request, { required: true });
        const { id } = request.params as { id: string };
        const { expectedVersion: _, ...fields } = request.body as z.output<S> & { expectedVersion?: number };
        return sendChange(
          reply,
          await agreements.change(
            id,
            toChange(fields as z.output<S>),
            requestContextOf(request),
            expectedVersion,
          ),
        );
      },
    );

  lifecycle('signature', 'Record the signature', signatureBody, (b) => ({ type: 'SignAgreement', ...b }));
  lifecycle(
    'entry-into-force',
    'Record the entry into force (needs the signature), with the review and expiry days it sets',
    entryIntoForceBody,
    (b) => ({ type: 'EnterIntoForce', ...b }),
  );
  lifecycle(
    'review',
    'Record a review: findings and a recommendation (renew, amend, terminate)',
    reviewBody,
    (b) => ({ type: 'RecordReview', ...b }),
  );
  lifecycle(
    'amendment',
    'Amend: every provision (and the sectors, when they change) in force from `date`; earlier terms are kept',
    amendmentBody,
    (b) => ({ type: 'AmendAgreement', ...b }),
  );
  lifecycle(
    'expiry',
    'Record that the agreement expired (the clock does it by itself after its last day in force)',
    endingBody,
    (b) => ({ type: 'RecordExpiry', ...b }),
  );
  lifecycle('termination', 'Terminate (final)', endingBody, (b) => ({ type: 'TerminateAgreement', ...b }));

  app.post(
    '/blmas/:id/committee-meetings',
    {
      config: WRITER,
      schema: {
        summary: 'Record a joint committee meeting: attendees by institution and decisions as actions',
        description:
          'Each decision becomes an action with an owner and a due day, open until marked done; the clock reports it overdue the day after its due day. `expectedVersion` is taken when given. An agreement has one meeting a day: a repeat of a meeting already recorded is a 409 `meeting-exists` naming its `meetingId`.',
        tags: TAGS,
        params: agreementIdParams,
        body: committeeMeetingBody,
        response: { 201: meetingResponse },
      },
    },
    async (request, reply) => {
      const { expectedVersion: _, ...meeting } = request.body;
      const held = await agreements.holdMeeting(
        request.params.id,
        meeting,
        requestContextOf(request),
        expectedVersionOf(request, { required: false }),
      );
      return sendChange(reply, held, 201);
    },
  );

  app.post(
    '/blmas/:id/committee-actions/:actionId/completion',
    {
      config: WRITER,
      schema: {
        summary: 'Mark a committee action done (also an overdue one, late)',
        tags: TAGS,
        params: actionParams,
        body: actionDoneBody,
        response: { 200: changedResponse },
      },
    },
    async (request, reply) =>
      sendChange(
        reply,
        await agreements.actionDone(
          request.params.id,
          request.params.actionId,
          request.body.date,
          requestContextOf(request),
          expectedVersionOf(request, { required: false }),
        ),
      ),
  );

  documentRoutes(app, agreements, documents);
}
