import type { IntegrationEventData, IntegrationEventDefinition } from '@kazi/contracts';
import { names } from '@kazi/eventsourcing';
import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import { type Envelope, encodeEnvelope, InvalidEnvelopeError, parseData } from './envelope.ts';

/**
 * Validates the data with the definition's schema and publishes it to the integration stream. The
 * envelope id is the `Nats-Msg-Id`, so publishing the same event again (a relay redelivery) is stored once.
 */
export async function publishIntegrationEvent<D extends IntegrationEventDefinition>(
  js: JetStreamClient,
  namespace: string,
  definition: D,
  envelope: Envelope<IntegrationEventData<D>>,
): Promise<PubAck> {
  if (envelope.type !== definition.type) {
    throw new InvalidEnvelopeError(
      'unknown-type',
      `envelope type ${envelope.type} does not match definition ${definition.type}`,
      envelope.type,
    );
  }
  // Publish what the schema produced, so consumers never see fields the contract does not name.
  const data = parseData(definition, envelope.data);
  const { headers, data: body } = encodeEnvelope({ ...envelope, data });
  return js.publish(names.integrationSubject(namespace, definition.type), body, {
    msgID: envelope.id,
    headers,
  });
}
