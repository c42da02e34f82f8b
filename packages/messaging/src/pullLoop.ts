import type { ConsumerMessages, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

/** pino-compatible; every component takes one and defaults to silence. */
export interface MessagingLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: MessagingLogger = { debug() {}, info() {}, warn() {}, error() {} };

export interface PullLoopOptions {
  nc: NatsConnection;
  js: JetStreamClient;
  stream: string;
  durableName: string;
  /** Messages pulled ahead of the one being handled. */
  maxMessages: number;
  logger: MessagingLogger;
  /** Creates or updates the durable; run before the first pull and after a pull fails. */
  ensure: () => Promise<void>;
  /** Handles one message and settles it (ack, nak or term); never throws. */
  onMessage: (msg: JsMsg) => Promise<void>;
  /** Wait before pulling again after a failure. */
  restartDelayMs: number;
}

export interface PullLoop {
  stop(): Promise<void>;
}

/**
 * Pulls from a durable consumer and hands messages over one at a time until stopped. Stopping lets
 * the message in hand finish, hands buffered ones back at once (nak) so another replica takes them
 * without waiting for the ack timeout, and flushes the acks.
 */
export async function startPullLoop(options: PullLoopOptions): Promise<PullLoop> {
  const { nc, js, stream, durableName, logger } = options;
  await options.ensure();
  let stopping = false;
  let current: ConsumerMessages | undefined;
  let wake: (() => void) | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = (async () => {
    let needsEnsure = false;
    while (!stopping && !nc.isClosed()) {
      try {
        if (needsEnsure) await options.ensure();
        needsEnsure = false;
        const consumer = await js.consumers.get(stream, durableName);
        // Aborts when the durable disappears, so the catch below recreates it instead of waiting forever.
        current = await consumer.consume({
          max_messages: options.maxMessages,
          abort_on_missing_resource: true,
        });
        // stop() may have run while consume() was starting.
        if (stopping) current.stop();
        for await (const msg of current) {
          if (stopping) msg.nak();
          else await options.onMessage(msg);
        }
        if (stopping || nc.isClosed()) break;
        // The server side ended the pull (e.g. the consumer was deleted): start again after a pause.
        logger.warn({ stream, consumer: durableName }, 'pull ended; restarting');
        needsEnsure = true;
        await pause(options.restartDelayMs);
      } catch (error) {
        if (stopping || nc.isClosed()) break;
        logger.error({ err: error, stream, consumer: durableName }, 'pulling failed; retrying');
        needsEnsure = true;
        await pause(options.restartDelayMs);
      }
    }
  })();

  return {
    async stop() {
      stopping = true;
      current?.stop();
      wake?.();
      await loop;
      if (!nc.isClosed()) await nc.flush().catch(() => {});
    },
  };
}
