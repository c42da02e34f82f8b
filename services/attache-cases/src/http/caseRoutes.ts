import {
  expectedVersionOf,
  IDEMPOTENT_REPLAYED_HEADER,
  type IdempotencyStore,
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
import type { z } from 'zod';
import type { ChangeAnswer } from '../application/caseChanges.ts';
import type { CasesApp } from '../application/casesApp.ts';
import {
  caseIdParams,
  caseRecord,
  caseUpdateBody,
  changedResponse,
  closureBody,
  erasedResponse,
  erasureBody,
  feedQuery,
  feedResponse,
  openCaseBody,
  openedResponse,
  repatriationBody,
  workerDetailsBody,
} from './schemas.ts';

const TAGS = ['attaché cases'];
const READERS = [...NEA_ROLES, 'labour-attache', 'analyst'] as const;

const CHANGE_DESCRIPTION =
  "Requires `expectedVersion` (or If-Match; 428 without) and a client-made `updateId`. Sent again with the same updateId it answers as the first time did (header `Idempotent-Replayed: true`), never applying it twice, even with the version it was first based on. Based on an older version it is refused (409 `stale-version`) with the case as it is now in `current`: merge and send it again. Another change under a used updateId is a 409 `update-id-reused`. A `date` left out is today at the mission. Another mission's case is a 404.";

/** Every case route of the attaché section of docs/design/api.md, and the worker's erasure. */
export function caseRoutes(app: ServiceApp, cases: CasesApp, idempotency: IdempotencyStore): void {
  app.post(
    '/cases',
    {
      config: { auth: { roles: ['labour-attache'] } },
      schema: {
        summary: 'Open a case in your mission',
        description:
          "`country` must be your mission (403 `mission-mismatch` otherwise). The worker's name, passport number, phone, date of birth and whereabouts, and the summary, are sealed under the worker's own key. A registered employer (`employerId`) that was flagged or blacklisted shows in `flags`; for an employer typed in, `employerMatches` lists registered employers of that name. A repeat with the same Idempotency-Key and body returns the first response.",
        tags: TAGS,
        headers: idempotencyKeyHeaders,
        body: openCaseBody,
        response: { 201: openedResponse },
      },
    },
    async (request, reply) => {
      await replyIdempotently(request, reply, idempotency, async (): Promise<IdempotentResponse> => {
        const opened = await cases.open(request.body, requestContextOf(request));
        return {
          status: 201,
          body: opened,
          headers: { etag: `"${opened.version}"`, location: `/cases/${opened.id}` },
        };
      });
    },
  );

  app.get(
    '/cases/:id',
    {
      config: { auth: { roles: READERS } },
      schema: {
        summary: 'One case, as your role sees it',
        description:
          'NEA officers and directors, and the attachés of the case\'s mission, get the whole case (`view: "full"`); an analyst gets it without personal data or texts (`view: "analyst"`). Another mission\'s case is a 404 for an attaché.',
        tags: TAGS,
        params: caseIdParams,
        response: { 200: caseRecord },
      },
    },
    async (request, reply) => {
      const view = await cases.get(request.params.id, requireUser(request));
      setVersionHeader(reply, view.version);
      return view;
    },
  );

  app.get(
    '/cases',
    {
      config: { auth: { roles: READERS } },
      schema: {
        summary: 'The delta feed: cases in the order of their last change',
        description:
          "For an app that syncs after being offline: oldest change first, each case once at its latest change (a case changed again moves to the end). Filters: `mission` (an attaché's is theirs: another is a 403), `status`, `complaintId` (the case a referred complaint opened), `employerId`, `updatedSince`. No personal data. Each request examines a bounded number of entries (docs/bounded-work.md): a page may hold fewer than `limit` items, even none, and still have a `nextCursor`; only `nextCursor: null` is the end. `syncCursor` resumes later with what changed after this page.",
        tags: TAGS,
        querystring: feedQuery,
        response: { 200: feedResponse },
      },
      // A page is built field by field from the read model as a typed CaseSummary (caseFeedQueries.ts)
      // and holds no personal data: checking its hundred summaries against the schema again (the kit's
      // zod serializer, ~5% of a page's CPU in `bench/profile.ts feed`) adds nothing, so it is written out
      // as it is. The schema still documents it.
      serializerCompiler: () => (page) => JSON.stringify(page),
    },
    async (request) => cases.feed(request.query, requireUser(request)),
  );

  const change = <S extends z.ZodType>(
    path: string,
    summary: string,
    body: S,
    run: (
      id: string,
      body: z.output<S>,
      context: RequestContext,
      expectedVersion: number,
    ) => Promise<ChangeAnswer>,
  ) =>
    app.post(
      `/cases/:id/${path}`,
      {
        config: { auth: { roles: ['labour-attache'] } },
        schema: {
          summary,
          description: CHANGE_DESCRIPTION,
          tags: TAGS,
          params: caseIdParams,
          body,
          response: { 200: changedResponse },
        },
      },
      async (request, reply) => {
        const expectedVersion = expectedVersionOf(request, { required: true }) as number;
        const { id } = request.params as { id: string };
        const { replayed, ...answer } = await run(
          id,
          request.body as z.output<S>,
          requestContextOf(request),
          expectedVersion,
        );
        setVersionHeader(reply, answer.version);
        if (replayed) reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
        return reply.code(200).send(answer);
      },
    );

  change(
    'updates',
    'Record an action: a note, the employer contacted, a hearing, a shelter stay, wages recovered, a lawyer, the remains',
    caseUpdateBody,
    (id, body, context, v) => cases.changes.update(id, body, context, v),
  );
  change(
    'repatriation',
    'A repatriation stage: planned, documents-ready, departed, arrived (safe and dignified?) or abandoned (why)',
    repatriationBody,
    (id, body, context, v) => cases.changes.repatriation(id, body, context, v),
  );
  change('closure', 'Close the case with an outcome', closureBody, (id, body, context, v) =>
    cases.changes.closure(id, body, context, v),
  );
  change(
    'worker',
    "Record the worker's details (a case opened from a referred complaint has none) or correct them",
    workerDetailsBody,
    (id, body, context, v) => cases.changes.workerDetails(id, body, context, v),
  );

  app.post(
    '/cases/:id/erasure',
    {
      config: { auth: { roles: ['nea-director'] } },
      schema: {
        summary: "Erase the worker's personal data (crypto-shredding)",
        description:
          "Destroys the worker's key: their name, passport number, phone, date of birth, whereabouts and every text of the case read as erased from then on. Sex, age band, occupation, dates and outcomes stay for statistics. Once only.",
        tags: TAGS,
        params: caseIdParams,
        body: erasureBody,
        response: { 200: erasedResponse },
      },
    },
    async (request, reply) => {
      const expectedVersion = expectedVersionOf(request, { required: false });
      const erased = await cases.erase(
        request.params.id,
        request.body.reason,
        requestContextOf(request),
        expectedVersion,
      );
      setVersionHeader(reply, erased.version);
      return erased;
    },
  );
}
