import type { z } from 'zod';

/**
 * An integration event: what one service publishes for others. `type` is the CloudEvents type and the
 * wire name, `ke.nea.<context>.<event>.v<N>`; it is data, separate from any TypeScript name.
 * A breaking change is a new definition with a new version; old versions are upcast by consumers.
 */
export interface IntegrationEventDefinition<
  Type extends string = string,
  Schema extends z.ZodType = z.ZodType,
> {
  type: Type;
  context: string;
  schema: Schema;
  description: string;
}

export function defineIntegrationEvent<Type extends string, Schema extends z.ZodType>(
  definition: IntegrationEventDefinition<Type, Schema>,
): IntegrationEventDefinition<Type, Schema> {
  if (!/^ke\.nea\.[a-z-]+\.[a-z-]+\.v\d+$/.test(definition.type)) {
    throw new Error(`integration event type ${definition.type} is not ke.nea.<context>.<event>.v<N>`);
  }
  return definition;
}

export type IntegrationEventData<D> =
  D extends IntegrationEventDefinition<string, infer S> ? z.infer<S> : never;

/** An integration event to publish: its definition and data its schema accepts. */
export interface IntegrationMessage<D extends IntegrationEventDefinition = IntegrationEventDefinition> {
  definition: D;
  data: IntegrationEventData<D>;
}

/** Typed pairing of a definition with data its schema accepts (a mapper's building block). */
export const integrationMessage = <D extends IntegrationEventDefinition>(
  definition: D,
  data: IntegrationEventData<D>,
): IntegrationMessage => ({ definition, data }) as IntegrationMessage;

/** Looks up definitions by wire name; a consumer parses every payload with the matching schema. */
export class IntegrationEventCatalog {
  private readonly byType = new Map<string, IntegrationEventDefinition>();
  constructor(definitions: readonly IntegrationEventDefinition[]) {
    for (const d of definitions) {
      if (this.byType.has(d.type)) throw new Error(`duplicate integration event ${d.type}`);
      this.byType.set(d.type, d);
    }
  }
  get(type: string): IntegrationEventDefinition | undefined {
    return this.byType.get(type);
  }
  all(): IntegrationEventDefinition[] {
    return [...this.byType.values()];
  }
}
