import { attacheCasesEvents, IntegrationEventCatalog } from '@kazi/contracts';
import type { ProjectionSource } from '@kazi/eventsourcing';
import { integrationEventSource, type ReceivedIntegrationEvent } from '@kazi/messaging';

const catalog = new IntegrationEventCatalog(attacheCasesEvents);

/**
 * The attaché-cases service's integration events, validated with the contracts catalogue; a message that is
 * not one goes to the dead letters of `deadLetterAs` (the projection reading it). The integration stream
 * must exist (`ensureIntegrationStreams`).
 */
export function attacheEventsSource(
  namespace: string,
  deadLetterAs: string,
): ProjectionSource<ReceivedIntegrationEvent> {
  return integrationEventSource({ namespace, context: 'attache-cases', catalog, deadLetterAs });
}
