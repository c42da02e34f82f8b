import {
  type IdempotencyStore,
  type IdempotentResponse,
  idempotencyKeyHeaders,
  NEA_ROLES,
  replyIdempotently,
  requestContextOf,
  requireUser,
  type ServiceApp,
  setVersionHeader,
} from '@kazi/service-kit';
import type { EmployersApp } from '../application/employersApp.ts';
import {
  employerIdParams,
  employerRecordResponse,
  employerRegisteredResponse,
  employerSearchQuery,
  employerSearchResponse,
  registerEmployerBody,
  vettedResponse,
  vettingBody,
} from './schemas.ts';

const TAGS = ['employers abroad'];
const READERS = [...NEA_ROLES, 'labour-attache', 'analyst'] as const;

/** Every employer route of the attaché section of docs/design/api.md, and the name look-up. */
export function employerRoutes(
  app: ServiceApp,
  employers: EmployersApp,
  idempotency: IdempotencyStore,
): void {
  app.post(
    '/employers',
    {
      config: { auth: { roles: ['labour-attache'] } },
      schema: {
        summary: 'Register an employer abroad',
        description:
          'A company (or a household under its business name): name, country, registration or commercial-registry number where known, contact. A repeat with the same Idempotency-Key and body returns the first response.',
        tags: TAGS,
        headers: idempotencyKeyHeaders,
        body: registerEmployerBody,
        response: { 201: employerRegisteredResponse },
      },
    },
    async (request, reply) => {
      await replyIdempotently(request, reply, idempotency, async (): Promise<IdempotentResponse> => {
        const registered = await employers.register(request.body, requestContextOf(request));
        return {
          status: 201,
          body: registered,
          headers: { etag: `"${registered.version}"`, location: `/employers/${registered.id}` },
        };
      });
    },
  );

  app.post(
    '/employers/:id/vetting',
    {
      config: { auth: { roles: ['labour-attache', 'nea-director'] } },
      schema: {
        summary: 'Clear, flag or blacklist an employer, with the reason',
        description:
          'Recorded with you and your mission. Lifting a blacklisting takes an attaché who did not blacklist it, or an NEA director (409 `four-eyes-rule`). New cases naming a flagged or blacklisted employer show it. Send an Idempotency-Key to retry safely: a repeat with the same key and body returns the first response.',
        tags: TAGS,
        headers: idempotencyKeyHeaders,
        params: employerIdParams,
        body: vettingBody,
        response: { 200: vettedResponse },
      },
    },
    async (request, reply) => {
      await replyIdempotently(request, reply, idempotency, async (): Promise<IdempotentResponse> => {
        const vetted = await employers.vet(request.params.id, request.body, requestContextOf(request));
        return { status: 200, body: vetted, headers: { etag: `"${vetted.version}"` } };
      });
    },
  );

  app.get(
    '/employers/:id',
    {
      config: { auth: { roles: READERS } },
      schema: {
        summary: 'An employer: its vetting history and the cases naming it',
        description:
          "The newest cases naming it (an attaché sees their own mission's) and how many there are; `GET /cases?employerId=` pages through them all.",
        tags: TAGS,
        params: employerIdParams,
        response: { 200: employerRecordResponse },
      },
    },
    async (request, reply) => {
      const record = await employers.get(request.params.id, requireUser(request));
      setVersionHeader(reply, record.version);
      return record;
    },
  );

  app.get(
    '/employers',
    {
      config: { auth: { roles: READERS } },
      schema: {
        summary: 'Employers by name or registration number, best match first',
        description:
          'A registration number finds the employers registered under it; otherwise the name is matched on its distinctive words, ranked by similarity, reading a bounded number of employers however many share a word (docs/bounded-work.md). `country` narrows the matches.',
        tags: TAGS,
        querystring: employerSearchQuery,
        response: { 200: employerSearchResponse },
      },
    },
    async (request) => ({
      items: await employers.search(request.query.q, {
        country: request.query.country,
        limit: request.query.limit,
      }),
    }),
  );
}
