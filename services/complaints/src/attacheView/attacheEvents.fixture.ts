/**
 * The attaché-cases service's integration events as its relay publishes them, for the complaints service's
 * tests: envelopes to apply to the views without NATS (applyMessages), or to publish into a test's
 * namespace (attachePublisher) as if the attaché-cases service ran beside complaints.
 */
import { randomUUID } from 'node:crypto';
import {
  CaseClosed,
  CaseOpened,
  CaseUpdated,
  EmployerVetted,
  type IntegrationEventData,
  type IntegrationEventDefinition,
} from '@kazi/contracts';
import type { Envelope } from '@kazi/messaging';
import { publishIntegrationEvent } from '@kazi/messaging';
import { NATS_URL } from '@kazi/test-servers';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

/** An event with its definition: what publishing needs; applying needs only the envelope. */
export interface AttacheEvent<D extends IntegrationEventDefinition = IntegrationEventDefinition> {
  definition: D;
  envelope: Envelope<IntegrationEventData<D>>;
}

export const at = (day: number) => `2026-03-${String(day).padStart(2, '0')}T09:00:00.000Z`;

function event<D extends IntegrationEventDefinition>(
  definition: D,
  subject: string,
  data: IntegrationEventData<D> & { at: string },
): AttacheEvent<D> {
  return {
    definition,
    envelope: {
      id: randomUUID(),
      source: '/kazi/attache-cases',
      type: definition.type,
      subject,
      time: data.at,
      correlationId: randomUUID(),
      actor: 'attache-1',
      data,
    },
  };
}

/** A case opened in `country`: from complaint `complaintId` when given (as a referral opens one). */
export const caseOpened = (
  caseId: string,
  options: {
    complaintId?: string;
    country?: string;
    caseType?: IntegrationEventData<typeof CaseOpened>['caseType'];
    day?: number;
  } = {},
) =>
  event(CaseOpened, caseId, {
    caseId,
    at: at(options.day ?? 2),
    caseType: options.caseType ?? 'labour-dispute',
    country: options.country ?? 'SA',
    ...(options.complaintId ? { complaintId: options.complaintId } : {}),
    sex: 'female',
    ageBand: '25-34',
    occupation: '9111',
  });

export const caseUpdated = (caseId: string, day = 3) =>
  event(CaseUpdated, caseId, { caseId, at: at(day), action: 'employer-contacted' });

export const caseClosed = (
  caseId: string,
  outcome: IntegrationEventData<typeof CaseClosed>['outcome'],
  options: { complaintId?: string; day?: number } = {},
) =>
  event(CaseClosed, caseId, {
    caseId,
    at: at(options.day ?? 9),
    outcome,
    ...(options.complaintId ? { complaintId: options.complaintId } : {}),
  });

export const employerVetted = (
  employerId: string,
  name: string,
  outcome: IntegrationEventData<typeof EmployerVetted>['outcome'],
  options: { country?: string; day?: number } = {},
) =>
  event(EmployerVetted, employerId, {
    employerId,
    at: at(options.day ?? 4),
    name,
    country: options.country ?? 'SA',
    outcome,
  });

/**
 * Publishes attaché events into `namespace`'s integration stream (which the running host created), as the
 * attaché-cases service's relay does. Its own connection, closed when the test ends.
 */
export async function attachePublisher(
  t: { teardown(fn: () => unknown): void },
  namespace: string,
): Promise<(...events: AttacheEvent[]) => Promise<void>> {
  const nc = await connect({ servers: NATS_URL, name: `test-attache-events-${namespace}` });
  t.teardown(() => nc.close());
  const js = jetstream(nc);
  return async (...events) => {
    for (const { definition, envelope } of events)
      await publishIntegrationEvent(js, namespace, definition, envelope);
  };
}
