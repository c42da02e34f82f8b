import { EmployerVetted, type IntegrationMessage, integrationMessage as message } from '@kazi/contracts';
import { EmployerEventType as E, type EmployerEvent, isEmployerEventType } from './events.ts';

/**
 * What other services hear of a stored employer event: each vetting, with the employer's name and country
 * (complaints naming the employer show a flag or blacklisting). The reason and who vetted stay here.
 */
export function employerIntegrationEvents(
  stored: { type: string; data: unknown },
  employerId: string,
): IntegrationMessage[] {
  if (!isEmployerEventType(stored.type)) return [];
  const e = stored as EmployerEvent;
  switch (e.type) {
    case E.Vetted: {
      const { outcome, name, country, at } = e.data;
      return [message(EmployerVetted, { employerId, at, name, country, outcome })];
    }
    case E.Registered:
      return [];
    default: {
      const unhandled: never = e;
      void unhandled;
      return [];
    }
  }
}
