import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { RouteAuth } from './auth.ts';

export interface DocsOptions {
  title: string;
  version: string;
  /** The service a route belongs to, used as its OpenAPI tag. */
  serviceOf: (route: RouteOptions) => string | undefined;
}

/** What the docs say about who may call a route: a sentence for people, `x-roles` for tools. */
function accessDoc(auth: RouteAuth | undefined): Record<string, unknown> {
  if (auth === undefined || auth === 'public') {
    return { 'x-roles': [], security: [], access: 'Public: no token needed.' };
  }
  return {
    'x-roles': [...auth.roles],
    security: [{ bearerAuth: [] }],
    access: `Requires a bearer token with one of the roles: ${auth.roles.join(', ')}.`,
  };
}

/**
 * OpenAPI 3.1 from the routes' zod schemas, at `/docs` (UI) and `/docs/json`. Call on the root instance
 * before any route is added: the swagger plugin collects routes as they are registered.
 */
export function registerDocs(app: FastifyInstance, options: DocsOptions): void {
  app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: options.title,
        version: options.version,
        description: 'Errors are RFC 9457 application/problem+json. Unknown body fields are rejected.',
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    transform: (document) => {
      const base = jsonSchemaTransform(document);
      if ((base.schema as { hide?: boolean } | undefined)?.hide) return base;
      const { access, ...extensions } = accessDoc(document.route.config?.auth);
      const own = (base.schema ?? {}) as FastifySchema & { description?: string; tags?: string[] };
      const service = options.serviceOf(document.route);
      const schema = {
        ...own,
        ...extensions,
        description: own.description ? `${own.description}\n\n${String(access)}` : String(access),
        ...(own.tags === undefined && service !== undefined ? { tags: [service] } : {}),
      };
      return { schema, url: base.url };
    },
  });
  app.register(swaggerUi, { routePrefix: '/docs' });
}
