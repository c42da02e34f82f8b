/**
 * Grows a context's event-store stream to a given number of messages quickly, by publishing commits
 * straight to JetStream for filler agencies nobody loads: one commit (one vetting-check-recorded
 * event, shaped like the domain's) per filler agency.
 * Published with at most 1,000 in flight (lib/asyncPublisher.ts), so the fill takes seconds.
 */
import { randomUUID } from 'node:crypto';
import { encodeCommit, names, VERSION_HEADER } from '@kazi/eventsourcing';
import { jetstreamManager } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { AsyncPublisher } from './asyncPublisher.ts';
import { VETTING_CHECKS } from './bodies.ts';

const CONTEXT = 'agency-registry';
const VETTING_CHECK_RECORDED = 'ke.nea.agency-registry.vetting-check-recorded.v1';

export async function streamMessages(
  nc: NatsConnection,
  namespace: string,
  context = CONTEXT,
): Promise<number> {
  const jsm = await jetstreamManager(nc);
  return (await jsm.streams.info(names.contextStream(namespace, context))).state.messages;
}

export async function fillStream(
  nc: NatsConnection,
  namespace: string,
  atLeast: number,
): Promise<{ published: number; seconds: number; messages: number }> {
  const missing = Math.max(0, atLeast - (await streamMessages(nc, namespace)));
  const publisher = new AsyncPublisher(nc);
  const h = headers();
  h.set(VERSION_HEADER, '1');
  const time = new Date().toISOString();
  for (let i = 0; i < missing; i++) {
    if (publisher.inFlight >= publisher.maxInFlight) await publisher.drained(publisher.maxInFlight / 2);
    const commandId = randomUUID();
    const body = encodeCommit({
      events: [
        {
          id: randomUUID(),
          type: VETTING_CHECK_RECORDED,
          data: {
            check: VETTING_CHECKS[i % VETTING_CHECKS.length],
            outcome: 'pass',
            note: 'bench filler',
            officer: { sub: 'bench-filler', name: 'Bench Filler' },
            at: time,
          },
        },
      ],
      metadata: { commandId, actor: 'bench-filler', correlationId: commandId, time },
    });
    publisher.publish(names.aggregateSubject(namespace, CONTEXT, `agency.${randomUUID()}`), body, h);
  }
  const { seconds } = await publisher.finish();
  return { published: missing, seconds, messages: await streamMessages(nc, namespace) };
}
