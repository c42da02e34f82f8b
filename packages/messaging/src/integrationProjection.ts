import type {
  IntegrationEventCatalog,
  IntegrationEventData,
  IntegrationEventDefinition,
} from '@kazi/contracts';
import {
  messageSource,
  names,
  type Projection,
  type ProjectionKeys,
  type ProjectionSource,
  type RedisCommand,
} from '@kazi/eventsourcing';
import { storeDeadLetter } from './consumer.ts';
import { CE, decodeEnvelope, type Envelope, InvalidEnvelopeError } from './envelope.ts';

/** An integration event as a projection receives it: its validated envelope and its stream position. */
export interface ReceivedIntegrationEvent<T = unknown> {
  envelope: Envelope<T>;
  /** Stream sequence of the message: the runner applies positions in order, each once per generation. */
  position: number;
}

/**
 * One context's integration events (or, without `context`, every context's), for `startProjection`: each
 * message is decoded and validated with the catalogue (decodeEnvelope). A message that is not a valid event
 * of the catalogue can never become one, so, as a consumer does, it goes to the dead letters of
 * `deadLetterAs` and the projection moves on; a message that could not be dead-lettered (NATS unreachable)
 * stops the runner, which retries it. A rebuild meets such a message again: the dead letter's msg id stores
 * it once within the stream's duplicate window. With `passOverUnknownTypes`, a type the catalogue does not
 * know (another service's newer event) is passed over instead: the version that adds its handler rebuilds
 * from the start and meets it then.
 */
export function integrationEventSource(options: {
  namespace: string;
  /** The publishing context, e.g. `agency-registry`: its events' subjects are the filter. Omitted: every context. */
  context?: string;
  catalog: IntegrationEventCatalog;
  /** Whose dead letters the invalid messages join (`names.deadLetterSubject`), e.g. the projection's name. */
  deadLetterAs: string;
  passOverUnknownTypes?: boolean;
}): ProjectionSource<ReceivedIntegrationEvent> {
  const { namespace, catalog, deadLetterAs } = options;
  return messageSource({
    stream: names.integrationStream(namespace),
    // One filter subject: nats-server 2.9 has no multi-filter consumers.
    filterSubject:
      options.context === undefined
        ? names.integrationSubjects(namespace)
        : names.integrationContextSubjects(namespace, options.context),
    async decode(msg, { nc, logger }) {
      const type = msg.headers?.get(CE.type);
      if (options.passOverUnknownTypes && type && !catalog.get(type)) return [];
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

/** What a handler gets besides the event's data: the model's keys and the message it came in. */
export interface IntegrationHandlerContext<T> {
  keys: ProjectionKeys;
  event: ReceivedIntegrationEvent<T>;
}

/** The writes for one type of integration event, its data typed by the definition's schema. */
export interface IntegrationHandler<D extends IntegrationEventDefinition = IntegrationEventDefinition> {
  definition: D;
  apply(
    data: IntegrationEventData<D>,
    context: IntegrationHandlerContext<IntegrationEventData<D>>,
  ): RedisCommand[];
}

/** Pairs a definition with its handler, so `data` has the schema's type: `onIntegrationEvent(AgencyRevoked, (data, { keys }) => […])`. */
export function onIntegrationEvent<D extends IntegrationEventDefinition>(
  definition: D,
  apply: IntegrationHandler<D>['apply'],
): IntegrationHandler<D> {
  return { definition, apply };
}

/**
 * A projection of integration events from typed handlers, one per event type it uses. Any other type, e.g.
 * one a newer publisher added, writes nothing: it is passed over (the checkpoint moves on), never retried.
 */
export function integrationProjection(options: {
  name: string;
  version: number;
  // biome-ignore lint/suspicious/noExplicitAny: each handler is typed by its own definition (see `onIntegrationEvent`)
  handlers: readonly IntegrationHandler<any>[];
}): Projection<ReceivedIntegrationEvent> {
  const byType = new Map<string, IntegrationHandler>();
  for (const handler of options.handlers) {
    if (byType.has(handler.definition.type))
      throw new Error(`${options.name}: two handlers for ${handler.definition.type}`);
    byType.set(handler.definition.type, handler);
  }
  return {
    name: options.name,
    version: options.version,
    apply(event, keys) {
      const handler = byType.get(event.envelope.type);
      return handler ? handler.apply(event.envelope.data, { keys, event }) : [];
    },
  };
}
