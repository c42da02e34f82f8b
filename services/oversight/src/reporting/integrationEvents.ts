import type { IntegrationEventData, IntegrationEventDefinition } from '@kazi/contracts';
import type { ReceivedIntegrationEvent } from '@kazi/messaging';
import type { PgProjection, SqlStatement } from './pgProjection.ts';

/** The statements for one type of integration event, its data typed by the definition's schema. */
export interface SqlHandler<D extends IntegrationEventDefinition = IntegrationEventDefinition> {
  definition: D;
  apply(
    data: IntegrationEventData<D>,
    event: ReceivedIntegrationEvent<IntegrationEventData<D>>,
  ): SqlStatement[];
}

/** Pairs a definition with its statements, so `data` has the schema's type. */
export function onEvent<D extends IntegrationEventDefinition>(
  definition: D,
  apply: SqlHandler<D>['apply'],
): SqlHandler<D> {
  return { definition, apply };
}

/** A reporting projection of integration events from typed handlers, one per event type it uses. */
export function integrationSqlProjection(options: {
  name: string;
  version: number;
  schemaSql: string;
  views?: { schema: string; sql: string };
  // biome-ignore lint/suspicious/noExplicitAny: each handler is typed by its own definition (see `onEvent`)
  handlers: readonly SqlHandler<any>[];
}): PgProjection<ReceivedIntegrationEvent> & { definitions: IntegrationEventDefinition[] } {
  const byType = new Map<string, SqlHandler>();
  for (const handler of options.handlers) {
    if (byType.has(handler.definition.type))
      throw new Error(`${options.name}: two handlers for ${handler.definition.type}`);
    byType.set(handler.definition.type, handler);
  }
  return {
    name: options.name,
    version: options.version,
    schemaSql: options.schemaSql,
    ...(options.views ? { views: options.views } : {}),
    definitions: options.handlers.map((handler) => handler.definition),
    apply(event) {
      const handler = byType.get(event.envelope.type);
      return handler ? handler.apply(event.envelope.data, event) : [];
    },
  };
}
