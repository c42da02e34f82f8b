import { Readable } from 'node:stream';
import {
  expectedVersionOf,
  HttpProblemError,
  requestContextOf,
  requireUser,
  type ServiceApp,
  setVersionHeader,
} from '@kazi/service-kit';
import type { AgreementsApp } from '../application/agreementsApp.ts';
import { DocumentTooLargeError } from '../application/documentStore.ts';
import { documentInputSchema } from '../domain/index.ts';
import { READERS, WRITER } from './access.ts';
import { agreementIdParams, documentParams, documentQuery, documentResponse } from './schemas.ts';

const TAGS = ['blmas'];

class UnsupportedMediaTypeError extends HttpProblemError {
  constructor(allowed: readonly string[]) {
    super(415, 'unsupported-media-type', `a document must be sent as one of: ${allowed.join(', ')}`, {
      allowed,
      errors: [{ path: 'headers.content-type', message: `must be one of: ${allowed.join(', ')}` }],
    });
  }
}

/** `attachment; filename=…` safe for any name: an ASCII fallback and the exact name in UTF-8 (RFC 6266). */
const contentDisposition = (fileName: string): string =>
  `attachment; filename="${fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

/**
 * Documents: the upload takes the file's bytes as the body (its Content-Type is the document's media
 * type, its kind and name in the query string) and streams them to the object store through a byte
 * counter; the download streams them back. Only this scope reads bodies that are not JSON.
 */
export function documentRoutes(
  app: ServiceApp,
  agreements: AgreementsApp,
  options: { maxBytes: number; mediaTypes: readonly string[] },
): void {
  const { maxBytes, mediaTypes } = options;

  app.register(async (scope) => {
    const uploads = scope as unknown as ServiceApp;
    // The body stays the request stream: the route counts and stores it, never holding it whole.
    uploads.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

    uploads.post(
      '/blmas/:id/documents',
      {
        config: WRITER,
        schema: {
          summary: 'Attach a document: the signed text, meeting minutes or another paper',
          description: `The body is the file (Content-Type one of ${mediaTypes.join(', ')}; at most ${maxBytes} bytes: more is a 413 and nothing is kept). \`kind\`, \`fileName\` and, for minutes, \`meetingId\` go in the query string; \`If-Match\` is taken when given. The answer holds the SHA-256 and size of what was stored.`,
          tags: TAGS,
          params: agreementIdParams,
          querystring: documentQuery,
          response: { 201: documentResponse },
        },
      },
      async (request, reply) => {
        const declared = Number(request.headers['content-length']);
        if (declared > maxBytes) {
          reply.header('connection', 'close');
          throw new DocumentTooLargeError(maxBytes);
        }
        const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
        if (!(request.body instanceof Readable) || !mediaTypes.includes(mediaType))
          throw new UnsupportedMediaTypeError(mediaTypes);
        const input = documentInputSchema.parse({ ...request.query, mediaType });
        try {
          const attached = await agreements.attachDocument(
            request.params.id,
            input,
            request.body,
            requestContextOf(request),
            expectedVersionOf(request, { required: false }),
          );
          setVersionHeader(reply, attached.version);
          return reply.code(201).send(attached);
        } catch (error) {
          // The rest of a refused upload is not read: the connection cannot carry another request.
          if (!request.body.readableEnded) reply.header('connection', 'close');
          throw error;
        }
      },
    );
  });

  app.get(
    '/blmas/:id/documents/:documentId',
    {
      config: READERS,
      schema: {
        summary: 'The bytes of a document, with its media type',
        description: 'The ETag names its SHA-256, as recorded when it was attached.',
        tags: TAGS,
        params: documentParams,
      },
    },
    async (request, reply) => {
      const { document, bytes } = await agreements.document(
        request.params.id,
        request.params.documentId,
        requireUser(request),
      );
      return reply
        .header('content-type', document.mediaType)
        .header('content-length', document.size)
        .header('content-disposition', contentDisposition(document.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('etag', `"sha256-${document.sha256}"`)
        .send(bytes);
    },
  );
}
