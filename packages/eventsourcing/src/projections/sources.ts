import type { JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { type RecordedEvent, type Upcasters, upcast } from '../eventStore.ts';
import { decodeCommit, VERSION_HEADER } from '../jetstream/commitCodec.ts';
import { names } from '../jetstream/names.ts';
import type { ProjectionLogger } from './projection.ts';

/**
 * What the runner lends a source while decoding: its connection and logger. A source is a declaration
 * (made before any connection exists); one that sets messages aside publishes through `nc`.
 */
export interface SourceContext {
  nc: NatsConnection;
  logger: ProjectionLogger;
}

/**
 * Where a projection reads from: one JetStream stream, one filter subject (nats-server 2.9 has no
 * multi-filter consumers), and how a message becomes events. A message's position is its stream
 * sequence; one message may hold several events, all applied under that one position.
 */
export interface ProjectionSource<E> {
  readonly stream: string;
  readonly filterSubject: string;
  /**
   * Throws on a message it cannot read: the runner then stops and retries, it never skips. A source that
   * sets such messages aside itself (integration events go to the dead letters) returns [] for them; it
   * may be async for that.
   */
  decode(msg: JsMsg, context: SourceContext): E[] | Promise<E[]>;
}

/** A commit source decodes synchronously: a commit is never set aside, only retried. */
export interface CommitSource extends ProjectionSource<RecordedEvent> {
  decode(msg: JsMsg): RecordedEvent[];
}

/** Commits of one context's event store (ADR 0001), as recorded events. */
export function commitSource(options: {
  namespace: string;
  context: string;
  /** Defaults to the context's event store stream. */
  stream?: string;
  /** Defaults to every subject of the context (`<ns>.<context>.>`). */
  filterSubject?: string;
  upcasters?: Upcasters;
}): CommitSource {
  const { namespace, context, upcasters } = options;
  return {
    stream: options.stream ?? names.contextStream(namespace, context),
    filterSubject: options.filterSubject ?? names.contextSubjects(namespace, context),
    decode(msg) {
      const version = Number(msg.headers?.get(VERSION_HEADER));
      if (!Number.isInteger(version) || version < 1) {
        throw new Error(`commit at ${msg.seq} on ${msg.subject} has no valid ${VERSION_HEADER} header`);
      }
      const streamName = names.streamNameOf(namespace, context, msg.subject);
      return decodeCommit(msg.data, streamName, msg.seq, version).map((e) => upcast(upcasters, e));
    },
  };
}

/**
 * Any other stream, e.g. integration events; `decode` parses and validates the envelope
 * (`integrationEventSource` in @kazi/messaging builds one for a context's integration events).
 */
export function messageSource<E>(options: {
  stream: string;
  filterSubject: string;
  decode: (msg: JsMsg, context: SourceContext) => E[] | Promise<E[]>;
}): ProjectionSource<E> {
  return { stream: options.stream, filterSubject: options.filterSubject, decode: options.decode };
}
