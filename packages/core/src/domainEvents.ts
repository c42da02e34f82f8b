import { z } from 'zod';

/** An aggregate's events: each wire name with the schema of its data. */
export type EventSchemas = Readonly<Record<string, z.ZodType>>;

/** The union of an aggregate's events, `{ type, data }`, each data typed by its schema. */
export type EventsOf<Schemas extends EventSchemas> = {
  [Type in keyof Schemas & string]: { type: Type; data: z.output<Schemas[Type]> };
}[keyof Schemas & string];

/** Whether a stored or received type is one of the aggregate's events (a projection skips the others). */
export function eventTypeGuard<Schemas extends EventSchemas>(
  schemas: Schemas,
): (type: string) => type is keyof Schemas & string {
  return (type): type is keyof Schemas & string => Object.hasOwn(schemas, type);
}

/** Parses a stored or received event with its schema: a reader never trusts data it has not parsed. */
export function eventParser<Schemas extends EventSchemas>(
  schemas: Schemas,
  aggregate: string,
): (event: { type: string; data: unknown }) => EventsOf<Schemas> {
  const known = eventTypeGuard(schemas);
  return (event) => {
    if (!known(event.type)) throw new Error(`${event.type} is not ${aggregate} event`);
    return { type: event.type, data: schemas[event.type]?.parse(event.data) } as EventsOf<Schemas>;
  };
}

/** Who acted, as events record it: the token's subject and the name shown to readers of the record. */
export const actorSchema = z.object({ sub: z.string().min(1), name: z.string() });
export type Actor = z.output<typeof actorSchema>;
