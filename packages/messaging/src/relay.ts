import type { IntegrationEventDefinition } from '@kazi/contracts';
import {
  decodeCommit,
  names,
  pendingPublishes,
  type RecordedEvent,
  VERSION_HEADER,
} from '@kazi/eventsourcing';
import { AckPolicy, DeliverPolicy, type JsMsg, jetstreamManager, ReplayPolicy } from '@nats-io/jetstream';
import { type NatsConnection, nanos } from '@nats-io/transport-node';
import { ensureConsumer } from './nats.ts';
import { publishIntegrationEvent } from './publish.ts';
import { type MessagingLogger, silentLogger, startPullLoop } from './pullLoop.ts';

/** One integration event to publish for a stored domain event. */
export interface IntegrationMapping {
  definition: IntegrationEventDefinition;
  data: unknown;
  /** `ce-subject`: the aggregate the event is about, usually its id. */
  subject: string;
}

export interface StartIntegrationRelayOptions {
  nc: NatsConnection;
  namespace: string;
  /** Bounded context whose event store stream is relayed, e.g. `agency-registry`. */
  context: string;
  /**
   * Only commits on these subjects can map to integration events (default: every subject of the
   * context). Narrowing it spares the relay commits it would map to nothing.
   */
  filterSubject?: string;
  /** `ce-source` of every event, e.g. `/kazi/agency-registry`. */
  source: string;
  /** Which stored domain events become which integration events; [] keeps an event private. */
  map: (event: RecordedEvent) => IntegrationMapping[];
  logger?: MessagingLogger;
  /** Failed attempts on one commit before the relay reports itself blocked and logs at error level (default 5). */
  maxDeliver?: number;
  /** Default 30 s; the relay extends it while it retries. */
  ackWaitMs?: number;
  /** Wait before the n-th retry of a commit, the last entry repeating (default 1 s, 5 s, 15 s, 30 s). */
  retryDelaysMs?: readonly number[];
}

export interface RelayStatus {
  /** Stream sequence of the last commit fully published and acked by this replica (0 = none yet). */
  position: number;
  /** Set while a commit keeps failing at least `maxDeliver` times: integration events have stopped. */
  blocked?: { position: number; attempts: number; error: string };
}

export interface IntegrationRelay {
  readonly durableName: string;
  status(): RelayStatus;
  /** Finishes or hands back the commit in progress and stops. */
  stop(): Promise<void>;
}

const DEFAULT_RETRY_DELAYS_MS = [1_000, 5_000, 15_000, 30_000];

export const relayDurableName = (context: string) => `${context}-integration-relay`;

/**
 * The outbox of a context: turns stored commits into integration events. A commit is acked only after
 * every event mapped from it was stored in the integration stream, so a crash in between redelivers it
 * and the msg id (= domain event id) keeps the second publish out. Commits go out in store order, across
 * replicas too (one commit in flight), and a failing commit is retried rather than skipped: an event
 * never silently goes missing, and a stuck relay shows in `status()`.
 */
export async function startIntegrationRelay(
  options: StartIntegrationRelayOptions,
): Promise<IntegrationRelay> {
  const { nc, namespace, context, source, map } = options;
  const logger = options.logger ?? silentLogger;
  const maxDeliver = options.maxDeliver ?? 5;
  const ackWaitMs = options.ackWaitMs ?? 30_000;
  const delays = options.retryDelaysMs?.length ? options.retryDelaysMs : DEFAULT_RETRY_DELAYS_MS;
  const durableName = relayDurableName(context);
  const stream = names.contextStream(namespace, context);
  const jsm = await jetstreamManager(nc);
  const js = jsm.jetstream();
  const state: RelayStatus = { position: 0 };
  let stopping = false;
  let interrupt: (() => void) | undefined;

  const publishCommit = async (msg: JsMsg): Promise<number> => {
    const version = Number(msg.headers?.get(VERSION_HEADER));
    if (!Number.isInteger(version)) throw new Error(`commit ${msg.seq} has no ${VERSION_HEADER} header`);
    const streamName = names.streamNameOf(namespace, context, msg.subject);
    let published = 0;
    for (const event of decodeCommit(msg.data, streamName, msg.seq, version)) {
      const { metadata } = event;
      for (const [i, mapped] of map(event).entries()) {
        msg.working();
        // One publish at a time per relay: it waits its turn on the connection's limit, never refused.
        const publish = () =>
          publishIntegrationEvent(js, namespace, mapped.definition, {
            // Deterministic, so a redelivered commit produces the same ids and is deduplicated.
            id: i === 0 ? event.id : `${event.id}:${i}`,
            source,
            type: mapped.definition.type,
            subject: mapped.subject,
            time: metadata.time,
            correlationId: metadata.correlationId,
            causationId: metadata.commandId,
            actor: metadata.actor,
            ...(metadata.traceparent ? { traceparent: metadata.traceparent } : {}),
            data: mapped.data,
          });
        await pendingPublishes(nc).run(publish, { wait: 'always' });
        published++;
      }
    }
    return published;
  };

  const wait = (ms: number, msg: JsMsg) =>
    new Promise<void>((resolve) => {
      const heartbeat = setInterval(() => msg.working(), Math.max(ackWaitMs / 2, 10));
      const done = () => {
        clearTimeout(timer);
        clearInterval(heartbeat);
        interrupt = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      interrupt = done;
    });

  const onMessage = async (msg: JsMsg): Promise<void> => {
    // Retried here, not by nak: a nak would let later commits overtake this one.
    for (let attempt = 1; ; attempt++) {
      try {
        const published = await publishCommit(msg);
        msg.ack();
        state.position = msg.seq;
        if (state.blocked) logger.info({ relay: durableName, position: msg.seq }, 'relay unblocked');
        delete state.blocked;
        // Per commit: debug only (at info it would be a second log line per request; /metrics has the position).
        if (published > 0)
          logger.debug({ relay: durableName, position: msg.seq, published }, 'commit relayed');
        return;
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        const details = { err: error, relay: durableName, position: msg.seq, attempt };
        if (attempt >= maxDeliver) {
          state.blocked = { position: msg.seq, attempts: attempt, error: text };
          logger.error(details, 'relay blocked: a commit keeps failing; later events wait behind it');
        } else {
          logger.warn(details, 'relaying a commit failed; retrying');
        }
        if (stopping) break;
        await wait(delays[Math.min(attempt, delays.length) - 1] ?? 0, msg);
        if (stopping) break;
      }
    }
    msg.nak();
  };

  const loop = await startPullLoop({
    nc,
    js,
    stream,
    durableName,
    // With one commit in flight per consumer the order holds; a few buffered save round trips.
    maxMessages: 16,
    logger,
    restartDelayMs: delays[0] ?? 1_000,
    onMessage,
    ensure: async () => {
      await ensureConsumer(jsm, stream, {
        durable_name: durableName,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        replay_policy: ReplayPolicy.Instant,
        filter_subject: options.filterSubject ?? names.contextSubjects(namespace, context),
        ack_wait: nanos(ackWaitMs),
        max_deliver: -1,
        // One unacked commit across all replicas: integration events leave in the order they were stored.
        max_ack_pending: 1,
      });
    },
  });

  return {
    durableName,
    status: () => ({ ...state, ...(state.blocked ? { blocked: { ...state.blocked } } : {}) }),
    async stop() {
      stopping = true;
      interrupt?.();
      await loop.stop();
    },
  };
}
