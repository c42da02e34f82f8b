import type { IntegrationEventCatalog } from '@kazi/contracts';
import { names, pendingPublishes } from '@kazi/eventsourcing';
import {
  AckPolicy,
  DeliverPolicy,
  type JetStreamClient,
  type JsMsg,
  jetstream,
  jetstreamManager,
  ReplayPolicy,
} from '@nats-io/jetstream';
import { headers as createHeaders, type MsgHdrs, type NatsConnection, nanos } from '@nats-io/transport-node';
import { DEAD_LETTER } from './deadLetterHeaders.ts';
import { decodeEnvelope, type Envelope, InvalidEnvelopeError } from './envelope.ts';
import { ensureConsumer } from './nats.ts';
import { type MessagingLogger, silentLogger, startPullLoop } from './pullLoop.ts';

export type ConsumerOutcome = 'ok' | 'retry' | 'dead-letter';

/** Counts outcomes (e.g. into Prometheus) without this package depending on a metrics library. */
export interface ConsumerMetrics {
  processed(consumer: string, outcome: ConsumerOutcome): void;
}

/** Facts about one delivery, for handlers that guard their effects by stream position. */
export interface Delivery {
  /** Stream sequence of the message: increases with publication order, the same on every redelivery. */
  sequence: number;
  /** How many times this message has been delivered, this time included (1 on the first delivery). */
  deliveries: number;
}

export interface StartConsumerOptions {
  nc: NatsConnection;
  namespace: string;
  stream: string;
  /** Named after its purpose (`oversight-agency-scorecard`); every replica uses the same name. */
  durableName: string;
  /** One subject filter: nats-server 2.9 has no multi-filter consumers. */
  filterSubject: string;
  catalog: IntegrationEventCatalog;
  /**
   * Must be idempotent by envelope id or by `delivery.sequence`: a message can arrive again after a
   * crash or a timeout, and after a later one that succeeded first (a nak delays only the failed one).
   */
  handle: (envelope: Envelope, delivery: Delivery) => Promise<void>;
  /** Deliveries before a failing message goes to the dead letters (default 5). */
  maxDeliver?: number;
  /** How long the server waits for an ack before redelivering (default 30 s); a running handler extends it. */
  ackWaitMs?: number;
  /** Wait before redelivery after the n-th failure: entry n-1, the last entry repeating (default 1 s, 5 s, 15 s, 30 s). */
  retryDelaysMs?: readonly number[];
  /** Messages each replica pulls ahead (default 10); lower it for slow handlers. */
  maxMessages?: number;
  logger?: MessagingLogger;
  metrics?: ConsumerMetrics;
}

export interface RunningConsumer {
  readonly durableName: string;
  /** Stops pulling, lets the handler in progress finish, returns buffered messages, then resolves. */
  stop(): Promise<void>;
}

const DEFAULT_RETRY_DELAYS_MS = [1_000, 5_000, 15_000, 30_000];
const MAX_HEADER_LENGTH = 2_000;

/**
 * A durable pull consumer with explicit acks, shared by every replica that starts it under the same
 * name (competing consumers). Success acks; failure naks with backoff; the delivery that reaches
 * `maxDeliver`, or a payload that does not decode, goes to `names.deadLetterSubject(ns, durableName)`.
 */
export async function startConsumer(options: StartConsumerOptions): Promise<RunningConsumer> {
  const { nc, namespace, stream, durableName, catalog, handle } = options;
  const maxDeliver = options.maxDeliver ?? 5;
  const ackWaitMs = options.ackWaitMs ?? 30_000;
  const retryDelays = options.retryDelaysMs?.length ? options.retryDelaysMs : DEFAULT_RETRY_DELAYS_MS;
  const logger = options.logger ?? silentLogger;
  const count = (outcome: ConsumerOutcome) => options.metrics?.processed(durableName, outcome);
  const jsm = await jetstreamManager(nc);
  const js = jsm.jetstream();

  const deadLetter = async (msg: JsMsg, reason: string): Promise<void> => {
    try {
      // One at a time per consumer: waits its turn on the connection's publish limit, never refused.
      await storeDeadLetter(nc, namespace, durableName, msg, reason);
    } catch (error) {
      // Not stored, so not settled: it comes back and is dead-lettered on that delivery.
      logger.error({ err: error, consumer: durableName, seq: msg.seq }, 'dead-lettering failed');
      msg.nak(retryDelays[retryDelays.length - 1]);
      count('retry');
      return;
    }
    msg.term();
    count('dead-letter');
    logger.warn(
      { consumer: durableName, seq: msg.seq, deliveries: msg.info.deliveryCount, error: reason },
      'message dead-lettered',
    );
  };

  const onMessage = async (msg: JsMsg): Promise<void> => {
    const deliveries = msg.info.deliveryCount;
    let envelope: Envelope;
    try {
      envelope = decodeEnvelope(msg, catalog);
    } catch (error) {
      // Retrying cannot make an invalid payload valid.
      return deadLetter(msg, describe(error));
    }
    if (deliveries > maxDeliver) {
      // Earlier deliveries ended without any answer (handler timeout, crash): do not try forever.
      return deadLetter(msg, `no answer after ${deliveries - 1} deliveries (handler timed out or stopped)`);
    }
    // Keeps the server from redelivering to another replica while a slow handler is still working.
    const heartbeat = setInterval(() => msg.working(), Math.max(ackWaitMs / 2, 10));
    try {
      await handle(envelope, { sequence: msg.seq, deliveries });
      msg.ack();
      count('ok');
    } catch (error) {
      if (deliveries >= maxDeliver || error instanceof InvalidEnvelopeError) {
        await deadLetter(msg, describe(error));
      } else {
        const delay = retryDelays[Math.min(deliveries, retryDelays.length) - 1] ?? 0;
        msg.nak(delay);
        count('retry');
        logger.warn(
          {
            err: error,
            consumer: durableName,
            seq: msg.seq,
            deliveries,
            retryInMs: delay,
            type: envelope.type,
          },
          'handler failed; will retry',
        );
      }
    } finally {
      clearInterval(heartbeat);
    }
  };

  const loop = await startPullLoop({
    nc,
    js,
    stream,
    durableName,
    maxMessages: options.maxMessages ?? 10,
    logger,
    restartDelayMs: retryDelays[0] ?? 1_000,
    onMessage,
    ensure: async () => {
      await ensureConsumer(jsm, stream, {
        durable_name: durableName,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        replay_policy: ReplayPolicy.Instant,
        filter_subject: options.filterSubject,
        ack_wait: nanos(ackWaitMs),
        // The server never gives up on its own: this code dead-letters instead, so nothing is dropped.
        max_deliver: -1,
      });
    },
  });
  return { durableName, stop: () => loop.stop() };
}

/**
 * Stores the message in the dead letters of `consumer` (`names.deadLetterSubject`), with its headers and
 * body and why it failed. Waits its turn on the connection's publish limit, never refused.
 */
export function storeDeadLetter(
  nc: NatsConnection,
  namespace: string,
  consumer: string,
  msg: JsMsg,
  reason: string,
): Promise<void> {
  return pendingPublishes(nc).run(() => publishDeadLetter(jetstream(nc), namespace, consumer, msg, reason), {
    wait: 'always',
  });
}

async function publishDeadLetter(
  js: JetStreamClient,
  namespace: string,
  consumer: string,
  msg: JsMsg,
  reason: string,
): Promise<void> {
  const h = copyHeaders(msg.headers);
  h.set(DEAD_LETTER.error, headerSafe(reason));
  h.set(DEAD_LETTER.originalSubject, msg.subject);
  h.set(DEAD_LETTER.originalStream, msg.info.stream);
  h.set(DEAD_LETTER.originalStreamSeq, String(msg.seq));
  h.set(DEAD_LETTER.deliveries, String(msg.info.deliveryCount));
  await js.publish(names.deadLetterSubject(namespace, consumer), msg.data, {
    headers: h,
    // Per consumer and message: a retried dead-lettering is stored once, two consumers' are both kept.
    msgID: `${consumer}:${msg.info.stream}:${msg.seq}`,
  });
}

/** The message's own headers, without the server's `Nats-*` ones (its msg id would dedup the copy). */
export function copyHeaders(
  source: MsgHdrs | undefined,
  skip: (key: string) => boolean = () => false,
): MsgHdrs {
  const h = createHeaders();
  if (!source) return h;
  for (const key of source.keys()) {
    if (key.toLowerCase().startsWith('nats-') || skip(key)) continue;
    for (const value of source.values(key)) h.append(key, value);
  }
  return h;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Header values cannot hold line breaks; long stack-like messages are cut. */
function headerSafe(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ').trim();
  return flat.length > MAX_HEADER_LENGTH ? `${flat.slice(0, MAX_HEADER_LENGTH)}...` : flat || 'unknown error';
}
