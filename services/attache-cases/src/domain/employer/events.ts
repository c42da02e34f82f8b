import { actorSchema, type EventsOf, eventParser, eventTypeGuard } from '@kazi/core';
import { z } from 'zod';
import { VETTING_OUTCOMES, VETTING_ROLES } from './vocabulary.ts';

/**
 * Domain events of an employer abroad, stored in its stream `employer.<id>`. An employer is a company (or
 * a household an attaché registered under its business name), not a data subject of this service: its
 * facts and the attachés' reasons are stored in the clear.
 */
const wire = <E extends string>(event: E) => `ke.nea.attache-cases.${event}.v1` as const;

export const EmployerEventType = {
  Registered: wire('employer-registered'),
  Vetted: wire('employer-vetted'),
} as const;

const isoTime = z.iso.datetime({ offset: true });

/** Who vetted: an attaché with their mission, or an NEA director. */
export const vettingActorSchema = actorSchema.extend({
  role: z.enum(VETTING_ROLES),
  /** The attaché's mission (ISO 3166-1 alpha-2); a director has none. */
  mission: z.string().length(2).optional(),
});

export const employerContactSchema = z.object({
  phone: z.string().optional(),
  email: z.string().optional(),
  address: z.string().optional(),
});

export const employerEventDataSchemas = {
  [EmployerEventType.Registered]: z.object({
    employerId: z.string().min(1),
    name: z.string().min(1),
    country: z.string().length(2),
    /** Its commercial-registry or registration number, where known. */
    registrationNumber: z.string().min(1).optional(),
    contact: employerContactSchema.optional(),
    registeredBy: actorSchema,
    at: isoTime,
  }),
  [EmployerEventType.Vetted]: z.object({
    outcome: z.enum(VETTING_OUTCOMES),
    reason: z.string().min(1),
    // Name and country travel with each vetting so the integration event needs no state.
    name: z.string().min(1),
    country: z.string().length(2),
    by: vettingActorSchema,
    at: isoTime,
  }),
} as const;

type Schemas = typeof employerEventDataSchemas;
export type EmployerEventTypeName = keyof Schemas;
export type EmployerEvent = EventsOf<Schemas>;
export type EmployerEventOf<K extends keyof typeof EmployerEventType> = Extract<
  EmployerEvent,
  { type: (typeof EmployerEventType)[K] }
>;
export type VettingActor = z.output<typeof vettingActorSchema>;
export type EmployerContact = z.output<typeof employerContactSchema>;

export const isEmployerEventType = eventTypeGuard(employerEventDataSchemas);
export const parseEmployerEvent = eventParser(employerEventDataSchemas, 'an employer');
