import type {
  IntegrationEventCatalog,
  IntegrationEventData,
  IntegrationEventDefinition,
} from '@kazi/contracts';
import { messageSource, names, type ProjectionSource } from '@kazi/eventsourcing';
import {
  CE,
  decodeEnvelope,
  InvalidEnvelopeError,
  type ReceivedIntegrationEvent,
  storeDeadLetter,
} from '@kazi/messaging';
import type { PgProjection, SqlStatement } from './pgProjection.ts';

/**
 * Every context's integration events, in the order the integration stream holds them: one ordered
 * consumer on `<ns>.integration.>` (nats-server 2.9 has no multi-filter consumers, and the reporting
 * store joins facts of all four services). Only the types in `catalog` are decoded: another type (one
 * this code has no handler for, e.g. a service's newer event) is passed over and the checkpoint moves on;
 * the version that adds its handler rebuilds from the start and meets it then. A message of a known type
 * that is not a valid event goes to the dead letters of `deadLetterAs`, as a consumer's would.
 */
export function allIntegrationEventsSource(options: {
  namespace: string;
  catalog: IntegrationEventCatalog;
  deadLetterAs: string;
}): ProjectionSource<ReceivedIntegrationEvent> {
  const { namespace, catalog, deadLetterAs } = options;
  return messageSource({
    stream: names.integrationStream(namespace),
    filterSubject: names.integrationSubjects(namespace),
    async decode(msg, { nc, logger }) {
      const type = msg.headers?.get(CE.type);
      if (type && !catalog.get(type)) return [];
      try {
        return [{ envelope: decodeEnvelope(msg, catalog), position: msg.seq }];
      } catch (error) {
        if (!(error instanceof InvalidEnvelopeError)) throw error;
        await storeDeadLetter(nc, namespace, deadLetterAs, msg, `${error.name}: ${error.message}`);
        logger.warn({ consumer: deadLetterAs, seq: msg.seq, error: error.message }, 'message dead-lettered');
        return [];
      }
    },
  });
}

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
