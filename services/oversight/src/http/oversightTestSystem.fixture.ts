import { randomUUID } from 'node:crypto';
import type { IntegrationEventData, IntegrationEventDefinition } from '@kazi/contracts';
import { AgencyApplicationRecorded, AgencyLicensed, ComplaintLodged } from '@kazi/contracts';
import { publishIntegrationEvent } from '@kazi/messaging';
import { NATS_URL } from '@kazi/test-servers';
import { type HttpTestSystem, type Response, startHttpTestSystem } from '@kazi/testing';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { Test } from 'tap';
import { oversightModule } from '../main.ts';
import { databaseFixture } from '../reporting/postgres.fixture.ts';

export type OversightTestSystem = HttpTestSystem<{ oversight: typeof oversightModule }> & {
  /** Publishes an integration event into the test's namespace, as the publishing service's relay does. */
  publish<D extends IntegrationEventDefinition>(
    definition: D,
    data: IntegrationEventData<D>,
  ): Promise<number>;
  /** An agency applied on 2025-01-02 and licensed on 2025-01-10 (a year to 2026-01-09… renewed by tests). */
  licensedAgency(agencyId?: string): Promise<string>;
  /** A complaint lodged against `agencyId` (SA, female, 25-34, withheld wages, high) with overrides. */
  lodge(overrides?: Partial<IntegrationEventData<typeof ComplaintLodged>>): Promise<string>;
  get(url: string, token?: string): Promise<Response>;
};

/**
 * A host running the oversight module alone on a database of its own (dropped on teardown), fed by
 * integration events the test publishes into its namespace; `caughtUp()` waits for the reporting store.
 * The harness' clock stands at 2026-03-01T08:00Z.
 */
export async function startOversightTestSystem(
  t: Test,
  options: { env?: Record<string, string> } = {},
): Promise<OversightTestSystem> {
  // Dropped after the host has stopped: tap runs teardowns last-added first.
  const { url } = await databaseFixture(t, 'ovs');
  const system = await startHttpTestSystem(t, {
    modules: { oversight: oversightModule },
    label: 'ovs',
    env: { DATABASE_URL: url, ...options.env },
  });
  const nc = await connect({ servers: NATS_URL });
  t.teardown(() => nc.close());
  const js = jetstream(nc);
  const publish: OversightTestSystem['publish'] = async (definition, data) => {
    const fields = data as Record<string, unknown>;
    const envelope = {
      id: randomUUID(),
      source: `/kazi/${definition.context}`,
      type: definition.type,
      subject: String(fields.agencyId ?? fields.complaintId ?? fields.caseId ?? fields.agreementId ?? 'x'),
      time: String(fields.at ?? new Date().toISOString()),
      correlationId: randomUUID(),
      actor: 'test',
      data,
    };
    return (await publishIntegrationEvent(js, system.namespace, definition, envelope)).seq;
  };
  const licensedAgency = async (agencyId = randomUUID()) => {
    await publish(AgencyApplicationRecorded, {
      agencyId,
      at: '2025-01-02T09:00:00.000Z',
      name: 'Test Agency Ltd',
      registrationNumber: `PVT-${agencyId.slice(0, 8)}`,
      county: 'Nairobi',
    });
    await publish(AgencyLicensed, {
      agencyId,
      at: '2025-01-10T09:00:00.000Z',
      name: 'Test Agency Ltd',
      registrationNumber: `PVT-${agencyId.slice(0, 8)}`,
      licenceNumber: 'NEA/PRA/2025/0001',
      validFrom: '2025-01-10',
      validUntil: '2027-01-09',
    });
    return agencyId;
  };
  const lodge: OversightTestSystem['lodge'] = async (overrides = {}) => {
    const complaintId = overrides.complaintId ?? randomUUID();
    await publish(ComplaintLodged, {
      complaintId,
      at: '2026-02-02T09:00:00.000Z',
      reference: 'NEA-2026-000001',
      channel: 'hotline',
      sex: 'female',
      ageBand: '25-34',
      country: 'SA',
      categories: ['withheld-wages'],
      indicators: [],
      severity: 'high',
      respondBy: '2026-02-09T09:00:00.000Z',
      ...overrides,
    });
    return complaintId;
  };
  const get = (url: string, token = system.tokens.director) => system.call('GET', url, { token });
  return { ...system, publish, licensedAgency, lodge, get };
}
