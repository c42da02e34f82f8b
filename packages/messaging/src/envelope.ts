import type {
  IntegrationEventCatalog,
  IntegrationEventData,
  IntegrationEventDefinition,
} from '@kazi/contracts';
import { KaziError } from '@kazi/core';
import { headers as createHeaders, type MsgHdrs } from '@nats-io/transport-node';

/**
 * An integration event as it travels: CloudEvents 1.0 attributes (binary mode, in NATS headers) plus
 * the tracing attributes every hop carries along. `data` is the JSON body.
 */
export interface Envelope<T = unknown> {
  /** `ce-id`: the event id; consumers deduplicate by it. */
  id: string;
  /** `ce-source`: the publishing service, e.g. `/kazi/agency-registry`. */
  source: string;
  /** `ce-type`: the wire name, `ke.nea.<context>.<event>.v<N>`. */
  type: string;
  /** `ce-subject`: the aggregate the event is about. */
  subject: string;
  /** `ce-time`: ISO time the event happened (the command's decision time). */
  time: string;
  correlationId: string;
  causationId?: string;
  actor: string;
  /** W3C trace context, so a trace follows the event across services. */
  traceparent?: string;
  data: T;
}

export const CE = {
  specversion: 'ce-specversion',
  id: 'ce-id',
  source: 'ce-source',
  type: 'ce-type',
  subject: 'ce-subject',
  time: 'ce-time',
  datacontenttype: 'ce-datacontenttype',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  actor: 'actor',
  traceparent: 'traceparent',
} as const;

export type EnvelopeErrorReason = 'missing-attribute' | 'unknown-type' | 'invalid-json' | 'invalid-payload';

/** A message that is not a valid integration event. Never retried: a consumer dead-letters it. */
export class InvalidEnvelopeError extends KaziError {
  readonly kind = 'invalid';
  constructor(
    readonly reason: EnvelopeErrorReason,
    message: string,
    readonly eventType?: string,
  ) {
    super('invalid-integration-event', message, { reason, ...(eventType ? { eventType } : {}) });
  }
}

export interface EncodedMessage {
  headers: MsgHdrs;
  data: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Binary-mode CloudEvent: attributes in headers, the data alone as the JSON body. */
export function encodeEnvelope(envelope: Envelope): EncodedMessage {
  const h = createHeaders();
  h.set(CE.specversion, '1.0');
  h.set(CE.id, envelope.id);
  h.set(CE.source, envelope.source);
  h.set(CE.type, envelope.type);
  h.set(CE.subject, envelope.subject);
  h.set(CE.time, envelope.time);
  h.set(CE.datacontenttype, 'application/json');
  h.set(CE.correlationId, envelope.correlationId);
  if (envelope.causationId) h.set(CE.causationId, envelope.causationId);
  h.set(CE.actor, envelope.actor);
  if (envelope.traceparent) h.set(CE.traceparent, envelope.traceparent);
  return { headers: h, data: encoder.encode(JSON.stringify(envelope.data)) };
}

/**
 * Reads a received message back into an envelope, parsing `data` with the schema of its type: what a
 * handler receives has been validated, with the schema's defaults and transforms applied.
 */
export function decodeEnvelope(
  msg: { headers?: MsgHdrs | undefined; data: Uint8Array },
  catalog: IntegrationEventCatalog,
): Envelope {
  const h = msg.headers;
  const required = (name: string): string => {
    const value = h?.get(name);
    if (!value) throw new InvalidEnvelopeError('missing-attribute', `header ${name} is missing`);
    return value;
  };
  const optional = (name: string): string | undefined => h?.get(name) || undefined;

  const specversion = required(CE.specversion);
  if (specversion !== '1.0') {
    throw new InvalidEnvelopeError('missing-attribute', `unsupported ce-specversion ${specversion}`);
  }
  const type = required(CE.type);
  const definition = catalog.get(type);
  if (!definition) throw new InvalidEnvelopeError('unknown-type', `unknown event type ${type}`, type);

  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(msg.data));
  } catch {
    throw new InvalidEnvelopeError('invalid-json', `${type}: body is not JSON`, type);
  }
  const causationId = optional(CE.causationId);
  const traceparent = optional(CE.traceparent);
  return {
    id: required(CE.id),
    source: required(CE.source),
    type,
    subject: required(CE.subject),
    time: required(CE.time),
    correlationId: required(CE.correlationId),
    ...(causationId ? { causationId } : {}),
    actor: required(CE.actor),
    ...(traceparent ? { traceparent } : {}),
    data: parseData(definition, json),
  };
}

/** Parses data with the definition's schema; the one place payloads are checked, on both sides. */
export function parseData(definition: IntegrationEventDefinition, data: unknown): unknown {
  const result = definition.schema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
  throw new InvalidEnvelopeError('invalid-payload', `${definition.type}: ${issues}`, definition.type);
}

/** Narrows a decoded envelope to one definition, so a handler gets the schema's type for `data`. */
export function isEventOf<D extends IntegrationEventDefinition>(
  envelope: Envelope,
  definition: D,
): envelope is Envelope<IntegrationEventData<D>> {
  return envelope.type === definition.type;
}
