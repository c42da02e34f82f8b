import { names } from '@kazi/eventsourcing';
import {
  type ConsumerConfig,
  type ConsumerInfo,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  jetstreamManager,
  StorageType,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { connect, type NatsConnection, nanos } from '@nats-io/transport-node';

export interface ConnectNatsOptions {
  /** One URL or a cluster's seed URLs, e.g. `nats://127.0.0.1:4222`. */
  url: string | string[];
  /** Shown in the server's connection list (`nats server report connections`). */
  name: string;
}

/**
 * Fails fast when no server answers at start (a bad URL should stop the service with a clear error),
 * then reconnects forever with jittered waits: a NATS restart must not take the service down.
 */
export function connectNats(options: ConnectNatsOptions): Promise<NatsConnection> {
  return connect({
    servers: options.url,
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1_000,
    reconnectJitter: 500,
    pingInterval: 20_000,
    maxPingOut: 3,
    // Otherwise the client builds an Error (with its stack) for every request in case it times out:
    // ~8% of a lodging's CPU, measured (docs/performance.md). Errors still name the subject and the cause.
    noAsyncTraces: true,
  });
}

export type WantedStream = Partial<StreamConfig> & { name: string; subjects: string[] };

/** Messages published with the same `Nats-Msg-Id` inside this window are stored once. */
export const DEFAULT_DUPLICATE_WINDOW_MS = 10 * 60_000;

/** JetStream API error "stream name already in use": a concurrent start created it first. */
const STREAM_NAME_IN_USE = 10058;

/**
 * Creates the stream, or updates it when a setting given here differs from the server's. Safe to run at
 * every start of every replica. File storage and a duplicate window are the defaults.
 */
export async function ensureStream(jsm: JetStreamManager, config: WantedStream): Promise<StreamInfo> {
  const wanted: WantedStream = {
    storage: StorageType.File,
    duplicate_window: nanos(DEFAULT_DUPLICATE_WINDOW_MS),
    ...config,
  };
  for (let attempt = 0; ; attempt++) {
    let info: StreamInfo;
    try {
      info = await jsm.streams.info(wanted.name);
    } catch (error) {
      if (!isApiError(error, JetStreamApiCodes.StreamNotFound)) throw error;
      try {
        return await jsm.streams.add(wanted);
      } catch (addError) {
        if (isApiError(addError, STREAM_NAME_IN_USE) && attempt < 2) continue;
        throw addError;
      }
    }
    if (sameSettings(info.config, wanted)) return info;
    const { name, ...changes } = wanted;
    return jsm.streams.update(name, changes);
  }
}

/** Creates a durable consumer, or updates it when a setting given here differs. Replicas may race. */
export async function ensureConsumer(
  jsm: JetStreamManager,
  stream: string,
  config: Partial<ConsumerConfig> & { durable_name: string },
): Promise<ConsumerInfo> {
  let info: ConsumerInfo;
  try {
    info = await jsm.consumers.info(stream, config.durable_name);
  } catch (error) {
    if (!isApiError(error, JetStreamApiCodes.ConsumerNotFound)) throw error;
    // Two replicas adding the same config both succeed: the server returns the existing consumer.
    return jsm.consumers.add(stream, config);
  }
  if (sameSettings(info.config, config)) return info;
  const { durable_name, deliver_policy, ack_policy, replay_policy, ...changes } = config;
  return jsm.consumers.update(stream, durable_name, changes);
}

export interface IntegrationStreamsOptions {
  duplicateWindowMs?: number;
}

/** The integration-event stream and the dead-letter stream of a namespace. */
export async function ensureIntegrationStreams(
  nc: NatsConnection,
  namespace: string,
  options: IntegrationStreamsOptions = {},
): Promise<{ integration: StreamInfo; deadLetter: StreamInfo }> {
  const jsm = await jetstreamManager(nc);
  const duplicate_window = nanos(options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS);
  const integration = await ensureStream(jsm, {
    name: names.integrationStream(namespace),
    subjects: [names.integrationSubjects(namespace)],
    duplicate_window,
  });
  const deadLetter = await ensureStream(jsm, {
    name: names.deadLetterStream(namespace),
    subjects: [names.deadLetterSubjects(namespace)],
    duplicate_window,
  });
  return { integration, deadLetter };
}

export function isApiError(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}

/** True when every setting in `wanted` already has that value on the server (arrays as sets). */
function sameSettings(actual: object, wanted: object): boolean {
  const current = actual as Record<string, unknown>;
  return Object.entries(wanted).every(([key, value]) => {
    const have = current[key];
    if (Array.isArray(value)) {
      return Array.isArray(have) && have.length === value.length && value.every((v) => have.includes(v));
    }
    return have === value;
  });
}
