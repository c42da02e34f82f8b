import { randomUUID } from 'node:crypto';
import { defineIntegrationEvent, IntegrationEventCatalog } from '@kazi/contracts';
import type { JetStreamManager, StoredMsg } from '@nats-io/jetstream';
import { z } from 'zod';
import type { Envelope } from './envelope.ts';

/** A small contract for the messaging tests; real contracts live in @kazi/contracts. */
export const agencyLicensed = defineIntegrationEvent({
  type: 'ke.nea.agency-registry.agency-licensed.v1',
  context: 'agency-registry',
  description: 'test: a recruitment agency was licensed',
  schema: z.object({
    agencyId: z.string().min(1),
    licenceNumber: z.string().regex(/^PRA-\d+$/),
    validUntil: z.string(),
  }),
});

export const catalog = new IntegrationEventCatalog([agencyLicensed]);

export function licensedEnvelope(overrides: Partial<Envelope<z.infer<typeof agencyLicensed.schema>>> = {}) {
  const agencyId = randomUUID();
  return {
    id: randomUUID(),
    source: '/kazi/agency-registry',
    type: agencyLicensed.type,
    subject: agencyId,
    time: '2026-03-01T08:00:00.000Z',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: 'director-1',
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    data: { agencyId, licenceNumber: 'PRA-1001', validUntil: '2029-03-01' },
    ...overrides,
  };
}

/** Resolves once `check` returns a value other than undefined/false; fails with `what` if it never does. */
export async function eventually<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every message stored in a stream, one direct lookup per sequence (2.9 has no batch get). */
export async function storedMessages(jsm: JetStreamManager, stream: string): Promise<StoredMsg[]> {
  const info = await jsm.streams.info(stream);
  const out: StoredMsg[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (m) out.push(m);
  }
  return out;
}
