import type { IntegrationEventData, IntegrationEventDefinition } from '@kazi/contracts';
import type { ReceivedIntegrationEvent } from '@kazi/messaging';
import { BatchPlan } from './batchPlan.ts';
import type { PgProjection, SqlStatement } from './pgProjection.ts';

type Received<D extends IntegrationEventDefinition> = ReceivedIntegrationEvent<IntegrationEventData<D>>;

/**
 * What one type of integration event writes, its data typed by the definition's schema: either its own
 * statements (`onEvent`: rare events, run in stream order between the set-based runs), or rows and
 * status changes added to the batch's plan (`inBatch`: the events that come by the hundred thousand).
 */
export type SqlHandler<D extends IntegrationEventDefinition = IntegrationEventDefinition> =
  | { definition: D; apply(data: IntegrationEventData<D>, event: Received<D>): SqlStatement[] }
  | { definition: D; plan(data: IntegrationEventData<D>, event: Received<D>, batch: BatchPlan): void };

/** Pairs a definition with its own statements, so `data` has the schema's type. */
export function onEvent<D extends IntegrationEventDefinition>(
  definition: D,
  apply: (data: IntegrationEventData<D>, event: Received<D>) => SqlStatement[],
): SqlHandler<D> {
  return { definition, apply };
}

/** Pairs a definition with what it adds to a batch's set-based statements (batchPlan.ts). */
export function inBatch<D extends IntegrationEventDefinition>(
  definition: D,
  plan: (data: IntegrationEventData<D>, event: Received<D>, batch: BatchPlan) => void,
): SqlHandler<D> {
  return { definition, plan };
}

/**
 * A reporting projection of integration events from typed handlers, one per event type it uses. A batch
 * becomes runs of `inBatch` events, each compiled to a fixed list of set-based statements, separated by
 * the statements of `onEvent` events where they stand: stream order holds between a run and an
 * `onEvent` event, and within a run by phases (records before what looks them up) and positions.
 */
export function integrationSqlProjection(options: {
  name: string;
  version: number;
  schemaSql: string;
  views?: { schema: string; sql: string };
  // biome-ignore lint/suspicious/noExplicitAny: each handler is typed by its own definition (see `onEvent`)
  handlers: readonly SqlHandler<any>[];
}): PgProjection<ReceivedIntegrationEvent> & { definitions: IntegrationEventDefinition[] } {
  // Several handlers may share a type (the agency's facts and its flags both read an application): they
  // run in the order given, as if each had its own event.
  const byType = new Map<string, SqlHandler[]>();
  for (const handler of options.handlers) {
    const same = byType.get(handler.definition.type);
    if (same?.includes(handler))
      throw new Error(`${options.name}: the same handler twice for ${handler.definition.type}`);
    if (same && same[0]?.definition !== handler.definition)
      throw new Error(`${options.name}: two definitions of ${handler.definition.type}`);
    byType.set(handler.definition.type, [...(same ?? []), handler]);
  }
  return {
    name: options.name,
    version: options.version,
    schemaSql: options.schemaSql,
    ...(options.views ? { views: options.views } : {}),
    definitions: [...byType.values()].flatMap(([handler]) => (handler ? [handler.definition] : [])),
    apply(events) {
      const statements: SqlStatement[] = [];
      const batch = new BatchPlan();
      for (const event of events) {
        for (const handler of byType.get(event.envelope.type) ?? []) {
          if ('plan' in handler) {
            handler.plan(event.envelope.data, event, batch);
          } else {
            if (!batch.empty) statements.push(...batch.take());
            statements.push(...handler.apply(event.envelope.data, event));
          }
        }
      }
      if (!batch.empty) statements.push(...batch.take());
      return statements;
    },
  };
}
