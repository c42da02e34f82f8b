import {
  AgencyApplicationRecorded,
  AgencyApplicationRejected,
  AgencyLicenceExpired,
  AgencyLicenceRenewed,
  AgencyLicensed,
  AgencyReinstated,
  AgencyRevoked,
  AgencySuspended,
  agencyRegistryEvents,
  IntegrationEventCatalog,
} from '@kazi/contracts';
import {
  indexName,
  type ProjectionKeys,
  type ProjectionSource,
  type RedisCommand,
} from '@kazi/eventsourcing';
import {
  integrationEventSource,
  integrationProjection,
  onIntegrationEvent,
  type ReceivedIntegrationEvent,
} from '@kazi/messaging';
import { normaliseAgencyName } from './agencyName.ts';
import { agencyViewKeys } from './agencyViewKeys.ts';

/** What complaint handlers need to know of an agency's standing; the registry's own states are finer. */
export type AgencyStatus = 'applied' | 'licensed' | 'rejected' | 'suspended' | 'revoked' | 'expired';

/** The projection's name: its keys, checkpoint and dead letters (`names.deadLetterSubject`) are named by it. */
export const AGENCY_VIEW = 'complaints-agency-view';

/** What one event says of an agency: every event its status; some its name or its licence. */
interface AgencyFacts {
  agencyId: string;
  status: AgencyStatus;
  /** When it happened in the registry (the event's `at`). */
  at: string;
  name?: string;
  licence?: { licenceNumber: string; validUntil: string };
}

/**
 * The writes for one event. The runner applies the registry's events in stream order, each once per
 * generation (its checkpoint guards them in the same script), so a later event always writes over an
 * earlier one and a redelivered one writes nothing: the per-field sequence guards the durable consumer
 * needed are the runner's checkpoint now. `seq` keeps the position of the last event applied.
 * An agency's name is in the view's name index (indexName): a new name takes it out of the previous one's.
 */
function write(keys: ProjectionKeys, position: number, facts: AgencyFacts): RedisCommand[] {
  const view = agencyViewKeys(keys);
  const { agencyId } = facts;
  const agency = view.agency(agencyId);
  const commands: RedisCommand[] = [
    ['HSET', agency, 'agencyId', agencyId, 'status', facts.status, 'updatedAt', facts.at, 'seq', position],
  ];
  if (facts.name) commands.push(...indexName(view, agencyId, facts.name, normaliseAgencyName(facts.name)));
  if (facts.licence) {
    const { licenceNumber, validUntil } = facts.licence;
    commands.push(['HSET', agency, 'licenceNumber', licenceNumber, 'validUntil', validUntil]);
  }
  return commands;
}

const facts =
  <D extends { agencyId: string; at: string }>(toFacts: (data: D) => Omit<AgencyFacts, 'agencyId' | 'at'>) =>
  (data: D, { keys, event }: { keys: ProjectionKeys; event: ReceivedIntegrationEvent }) =>
    write(keys, event.position, { agencyId: data.agencyId, at: data.at, ...toFacts(data) });

/**
 * The complaints service's view of agencies, from the agency registry's integration events. Renewal and
 * reinstatement both mean a licence in force, as in the registry. Event types it has no handler for (a
 * newer event) are passed over, never retried. Keys: agencyViewKeys.ts.
 */
export const agencyViewProjection = integrationProjection({
  name: AGENCY_VIEW,
  version: 1,
  handlers: [
    onIntegrationEvent(
      AgencyApplicationRecorded,
      facts((d) => ({ status: 'applied', name: d.name })),
    ),
    onIntegrationEvent(
      AgencyApplicationRejected,
      facts(() => ({ status: 'rejected' })),
    ),
    onIntegrationEvent(
      AgencyLicensed,
      facts((d) => ({
        status: 'licensed',
        name: d.name,
        licence: { licenceNumber: d.licenceNumber, validUntil: d.validUntil },
      })),
    ),
    onIntegrationEvent(
      AgencyLicenceRenewed,
      facts((d) => ({
        status: 'licensed',
        licence: { licenceNumber: d.licenceNumber, validUntil: d.validUntil },
      })),
    ),
    onIntegrationEvent(
      AgencySuspended,
      facts(() => ({ status: 'suspended' })),
    ),
    onIntegrationEvent(
      AgencyReinstated,
      facts(() => ({ status: 'licensed' })),
    ),
    onIntegrationEvent(
      AgencyRevoked,
      facts(() => ({ status: 'revoked' })),
    ),
    onIntegrationEvent(
      AgencyLicenceExpired,
      facts((d) => ({
        status: 'expired',
        licence: { licenceNumber: d.licenceNumber, validUntil: d.validUntil },
      })),
    ),
  ],
});

const catalog = new IntegrationEventCatalog(agencyRegistryEvents);

/**
 * The agency registry's integration events, validated with the contracts catalogue; a message that is not
 * one goes to the dead letters of `complaints-agency-view`. The integration stream must exist
 * (`ensureIntegrationStreams`).
 */
export function agencyEventsSource(namespace: string): ProjectionSource<ReceivedIntegrationEvent> {
  return integrationEventSource({
    namespace,
    context: 'agency-registry',
    catalog,
    deadLetterAs: AGENCY_VIEW,
  });
}
