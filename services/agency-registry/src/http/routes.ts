import {
  expectedVersionOf,
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
import type { AgencyRegistryApp, ChangeResult } from '../application/agencyRegistryApp.ts';
import { agencyViewFor } from '../application/agencyViews.ts';
import { agencyViewResponse } from './agencyViewResponses.ts';
import {
  agencyIdParams,
  approvalResponse,
  changedResponse,
  createdResponse,
  directorErasureBody,
  directorErasureResponse,
  directorParams,
  licenceApplicationBody,
  publicQuery,
  publicResponse,
  reasonBody,
  searchQuery,
  searchResponse,
  suspensionBody,
  versionOnlyBody,
  vettingCheckBody,
} from './schemas.ts';

const OFFICER = { auth: { roles: ['nea-officer'] } } as const;
const DIRECTOR = { auth: { roles: ['nea-director'] } } as const;
const READERS = { auth: { roles: [...NEA_ROLES, 'analyst'] } } as const;

function sendChange(reply: FastifyReply, result: ChangeResult) {
  setVersionHeader(reply, result.version);
  return reply.code(200).send(result);
}

/** Every route of the agency section of docs/design/api.md. */
export function agencyRoutes(app: ServiceApp, registry: AgencyRegistryApp): void {
  app.post(
    '/agencies',
    {
      config: OFFICER,
      schema: {
        summary: 'Record a PRA application',
        tags: ['agencies'],
        headers: idempotencyKeyHeaders,
        body: licenceApplicationBody,
        response: { 201: createdResponse },
      },
    },
    async (request, reply) => {
      await replyIdempotently(request, reply, registry.idempotency, async () => {
        const created = await registry.recordApplication(request.body, requestContextOf(request));
        return {
          status: 201,
          body: created,
          headers: { etag: `"${created.version}"`, location: `/agencies/${created.id}` },
        };
      });
    },
  );

  app.get(
    '/agencies/:id',
    {
      config: READERS,
      schema: {
        summary: 'An agency with its vetting checks and licence history',
        description:
          'Shaped by the reader: NEA officers and directors read the full record; analysts a view with no personal data.',
        tags: ['agencies'],
        params: agencyIdParams,
        response: { 200: agencyViewResponse },
      },
    },
    async (request, reply) => {
      const agency = await registry.getAgency(request.params.id, agencyViewFor(requireUser(request).roles));
      setVersionHeader(reply, agency.version);
      return agency;
    },
  );

  app.get(
    '/agencies',
    {
      config: READERS,
      schema: {
        summary: 'Search agencies by status and name',
        description:
          '`q` matches whole words of the name (the last word also as a prefix), or an exact registration or licence number. Each request reads a bounded number of agencies (docs/bounded-work.md): a page may hold fewer than `limit` items, even none, and still have a `nextCursor`; only `nextCursor: null` means the end.',
        tags: ['agencies'],
        querystring: searchQuery,
        response: { 200: searchResponse },
      },
    },
    async (request) => registry.queries.search(request.query),
  );

  app.post(
    '/agencies/:id/vetting-checks',
    {
      config: OFFICER,
      schema: {
        summary: 'Record a vetting check',
        tags: ['agencies'],
        params: agencyIdParams,
        body: vettingCheckBody,
        response: { 200: changedResponse },
      },
    },
    async (request, reply) =>
      sendChange(
        reply,
        await registry.recordVettingCheck(
          request.params.id,
          request.body,
          requestContextOf(request),
          expectedVersionOf(request, { required: false }),
        ),
      ),
  );

  const decision = <B extends typeof versionOnlyBody | typeof reasonBody | typeof suspensionBody>(
    path: string,
    summary: string,
    body: B,
    run: (id: string, body: never, context: RequestContext, expectedVersion: number) => Promise<ChangeResult>,
    response = changedResponse,
  ) =>
    app.post(
      `/agencies/:id/${path}`,
      {
        config: DIRECTOR,
        // A decision with nothing to say but its version may come with If-Match and no body at all.
        schema: {
          summary,
          tags: ['agencies'],
          params: agencyIdParams,
          body: body === versionOnlyBody ? body.nullish() : body,
          response: { 200: response },
        },
      },
      async (request, reply) => {
        const expectedVersion = expectedVersionOf(request, { required: true }) as number;
        return sendChange(
          reply,
          await run(
            (request.params as { id: string }).id,
            request.body as never,
            requestContextOf(request),
            expectedVersion,
          ),
        );
      },
    );

  decision(
    'approval',
    'Issue the licence (every required check passed; approver did not vet)',
    versionOnlyBody,
    (id, _b, context, v) => registry.approve(id, context, v),
    approvalResponse,
  );
  decision('rejection', 'Reject the application', reasonBody, (id, b: { reason: string }, context, v) =>
    registry.reject(id, b.reason, context, v),
  );
  decision(
    'renewal',
    'Renew the licence',
    versionOnlyBody,
    (id, _b, context, v) => registry.renew(id, context, v),
    approvalResponse,
  );
  decision(
    'suspension',
    'Suspend the licence',
    suspensionBody,
    (id, b: { reason: string; until?: string }, context, v) => registry.suspend(id, b, context, v),
  );
  decision('reinstatement', 'Lift a suspension', versionOnlyBody, (id, _b, context, v) =>
    registry.reinstate(id, context, v),
  );
  decision('revocation', 'Revoke the licence (final)', reasonBody, (id, b: { reason: string }, context, v) =>
    registry.revoke(id, b.reason, context, v),
  );

  app.post(
    '/agencies/:id/directors/:directorIndex/erasure',
    {
      config: DIRECTOR,
      schema: {
        summary: "Erase a director's personal data (crypto-shredding)",
        description:
          "Destroys the director's key: their name and ids read as erased in every agency they direct. `reason` is a code; `note` is optional free text. Erasing an erased director again answers 200 with the first erasure (`alreadyErased: true`). ADR 0007 says which fingerprints are kept.",
        tags: ['agencies'],
        params: directorParams,
        body: directorErasureBody,
        response: { 200: directorErasureResponse },
      },
    },
    async (request, reply) => {
      const { id, directorIndex } = request.params;
      const { reason, note } = request.body;
      const result = await registry.eraseDirector(
        id,
        directorIndex,
        { reason, ...(note ? { note } : {}) },
        requestContextOf(request),
        expectedVersionOf(request, { required: false }),
      );
      return sendChange(reply, result);
    },
  );

  app.get(
    '/public/agencies',
    {
      config: { auth: 'public' },
      schema: {
        summary: 'Public register: is this agency licensed?',
        description:
          'Name, licence number, status and valid-until of agencies that have held a licence; nothing else.',
        tags: ['public'],
        querystring: publicQuery,
        response: { 200: publicResponse },
      },
    },
    async (request) => ({
      items: await registry.queries.publicRegister(request.query.q, request.query.limit),
    }),
  );
}
