import { ConcurrencyError } from '@kazi/core';
import {
  type ConsumerMessages,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  jetstreamManager,
  StorageType,
  type StoredMsg,
  type StreamInfo,
} from '@nats-io/jetstream';
import { headers, type MsgHdrs, type NatsConnection, nanos } from '@nats-io/transport-node';
import {
  type AppendResult,
  type CommitMetadata,
  type EventStore,
  type EventToAppend,
  type ExpectedVersion,
  type ReadStreamResult,
  type RecordedEvent,
  type StreamHead,
  type Upcasters,
  upcast,
} from '../eventStore.ts';
import { LruCache } from '../lruCache.ts';
import { decodeCommit, encodeCommit, VERSION_HEADER } from './commitCodec.ts';
import { assertStreamName, names } from './names.ts';
import { pendingPublishes } from './pendingPublishes.ts';

export interface JetStreamEventStoreOptions {
  /** Owned by the caller: close() leaves it open. */
  nc: NatsConnection;
  namespace: string;
  /** Bounded context, e.g. `agency-registry`: one JetStream stream per context. */
  context: string;
  upcasters?: Upcasters;
  /** How long a command id is remembered for duplicate suppression (default 2 minutes). */
  duplicateWindowMs?: number;
  /** How many aggregate heads the adapter remembers to skip a lookup before appending (default 10 000). */
  headCacheSize?: number;
}

interface KnownHead {
  version: number;
  lastSeq: number;
}

/** JetStream API error "stream name already in use" (a concurrent create won the race). */
const STREAM_NAME_IN_USE = 10058;
/** 'any' re-reads the head and retries this often when another writer slips in between. */
const ANY_RETRIES = 5;
/** Messages pulled per request while reading. */
const READ_BATCH = 256;
/**
 * How many commits a stream read follows back from the head, one direct get each, before it reads
 * through a consumer instead (on nats-server 2.9 a filtered consumer scans the whole stream).
 */
export const WALK_LIMIT = 32;
/** Every commit stores the subject sequence it was appended after: its link to the commit before. */
const PREVIOUS_HEADER = 'Nats-Expected-Last-Subject-Sequence';

/**
 * EventStore on one JetStream stream per context (docs/adr/0001-event-store-on-jetstream.md):
 * one message per commit, one subject per aggregate stream, optimistic concurrency through
 * `Nats-Expected-Last-Subject-Sequence`, duplicate suppression through `Nats-Msg-Id`.
 * Runs on nats-server 2.9 (no batch get, no subject index).
 */
export class JetStreamEventStore implements EventStore {
  /** Aggregate stream → its last known version and subject sequence, so most appends need no lookup. */
  private readonly heads: LruCache<string, KnownHead>;
  private readonly reading = new Set<ConsumerMessages>();
  private readonly cleanups = new Set<Promise<unknown>>();

  private constructor(
    private readonly options: JetStreamEventStoreOptions,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    /** The JetStream stream of this context. */
    readonly stream: string,
    private readonly direct: boolean,
  ) {
    this.heads = new LruCache(options.headCacheSize ?? 10_000);
  }

  /** Ensures the context's stream exists with the wanted config (creating or updating it), then opens the store. */
  static async create(options: JetStreamEventStoreOptions): Promise<JetStreamEventStore> {
    const jsm = await jetstreamManager(options.nc);
    const stream = names.contextStream(options.namespace, options.context);
    const info = await ensureStream(jsm, stream, {
      subjects: [names.contextSubjects(options.namespace, options.context)],
      allow_direct: true,
      duplicate_window: nanos(options.duplicateWindowMs ?? 120_000),
    });
    return new JetStreamEventStore(options, jsm.jetstream(), jsm, stream, info.config.allow_direct === true);
  }

  async append(
    streamName: string,
    events: EventToAppend[],
    options: { expectedVersion: ExpectedVersion; metadata: CommitMetadata },
  ): Promise<AppendResult> {
    assertStreamName(streamName);
    if (events.length === 0) throw new Error('a commit needs at least one event');
    const { expectedVersion, metadata } = options;
    const body = encodeCommit({ events, metadata });
    for (let attempt = 0; ; attempt++) {
      const base = await this.baseFor(streamName, expectedVersion);
      const version = base.version + events.length;
      const h = headers();
      h.set(VERSION_HEADER, String(version));
      try {
        // Bounded per connection (pendingPublishes.ts): a full line refuses with OverloadedError (503).
        const ack = await pendingPublishes(this.options.nc).run(() =>
          this.js.publish(this.subjectOf(streamName), body, {
            msgID: `${streamName}:${metadata.commandId}`,
            expect: { lastSubjectSequence: base.lastSeq },
            headers: h,
          }),
        );
        if (ack.duplicate) return await this.duplicateOf(ack.seq);
        this.heads.set(streamName, { version, lastSeq: ack.seq });
        return { nextExpectedVersion: version, position: ack.seq, duplicate: false };
      } catch (error) {
        if (!isWrongLastSequence(error)) throw error;
        // 'any' only needs a correct Kazi-Version, so it re-reads the head and tries again.
        if (expectedVersion === 'any' && attempt < ANY_RETRIES) continue;
        const actual = await this.head(streamName);
        throw new ConcurrencyError(streamName, expectedVersion, actual?.version ?? 0);
      }
    }
  }

  async head(streamName: string): Promise<StreamHead | undefined> {
    assertStreamName(streamName);
    const msg = await this.headMessage(streamName);
    if (!msg) return undefined;
    const version = versionOf(msg.header, msg.seq);
    return { version, position: msg.seq, lastCommit: this.decode(msg, streamName, version) };
  }

  async readStream(streamName: string, options: { afterPosition?: number } = {}): Promise<ReadStreamResult> {
    assertStreamName(streamName);
    const after = options.afterPosition ?? 0;
    // The head bounds the read, so it ends without waiting for messages that will never come.
    const headMsg = await this.headMessage(streamName);
    if (!headMsg) return { events: [], version: 0, position: 0 };
    const headVersion = versionOf(headMsg.header, headMsg.seq);
    if (headMsg.seq <= after) return { events: [], version: headVersion, position: headMsg.seq };
    const walked = await this.walkBack(headMsg, after);
    if (walked) {
      const events = walked.flatMap((m) => this.decode(m, streamName, versionOf(m.header, m.seq)));
      return { events, version: headVersion, position: headMsg.seq };
    }
    const events: RecordedEvent[] = [];
    let version = 0;
    let position = 0;
    await this.scan(this.subjectOf(streamName), after + 1, headMsg.seq, (m) => {
      version = versionOf(m.headers, m.seq);
      position = m.seq;
      events.push(...this.decode(m, streamName, version));
      return true;
    });
    return { events, version, position };
  }

  async readAll(options: { afterPosition: number; limit: number }): Promise<RecordedEvent[]> {
    if (options.limit <= 0) return [];
    // Bounded by the last sequence now, so the read never waits for future commits.
    const info = await this.jsm.streams.info(this.stream);
    const last = info.state.last_seq;
    if (last <= options.afterPosition) return [];
    const out: RecordedEvent[] = [];
    const { namespace, context } = this.options;
    await this.scan(undefined, options.afterPosition + 1, last, (m) => {
      const streamName = names.streamNameOf(namespace, context, m.subject);
      out.push(...this.decode(m, streamName, versionOf(m.headers, m.seq)));
      return out.length < options.limit;
    });
    return out;
  }

  async close(): Promise<void> {
    for (const messages of this.reading) messages.stop();
    await Promise.allSettled([...this.cleanups]);
  }

  /** The stream's last commit (a `last_by_subj` get), remembered as the head for the next append. */
  private async headMessage(streamName: string): Promise<StoredMsg | null> {
    const msg = await this.getStored({ last_by_subj: this.subjectOf(streamName) });
    if (msg) this.heads.set(streamName, { version: versionOf(msg.header, msg.seq), lastSeq: msg.seq });
    return msg;
  }

  private getStored(query: { last_by_subj: string } | { seq: number }): Promise<StoredMsg | null> {
    return this.direct
      ? this.jsm.direct.getMessage(this.stream, query)
      : this.jsm.streams.getMessage(this.stream, query);
  }

  /**
   * The commits after sequence `after`, oldest first, found by following each commit's link to the one
   * before it from the head: a few direct gets instead of a consumer. Undefined when the walk cannot
   * answer (a commit without a link, a link off the stream, more than WALK_LIMIT commits): then scan.
   */
  private async walkBack(head: StoredMsg, after: number): Promise<StoredMsg[] | undefined> {
    const commits = [head];
    for (let current = head; ; ) {
      const previous = Number(current.header?.get(PREVIOUS_HEADER) || Number.NaN);
      if (!Number.isInteger(previous) || previous < after) return undefined;
      if (previous === after) return commits.reverse();
      if (commits.length >= WALK_LIMIT) return undefined;
      const before = await this.getStored({ seq: previous });
      if (!before || before.subject !== head.subject) return undefined;
      commits.push(before);
      current = before;
    }
  }

  private subjectOf(streamName: string): string {
    return names.aggregateSubject(this.options.namespace, this.options.context, streamName);
  }

  /** Version and subject sequence the commit must follow, checked before publishing when it is cheap. */
  private async baseFor(streamName: string, expected: ExpectedVersion): Promise<KnownHead> {
    if (expected === 'no-stream' || expected === 0) return { version: 0, lastSeq: 0 };
    if (expected !== 'any') {
      // A stale entry is harmless: the server then answers 10071, which is a conflict anyway.
      const known = this.heads.get(streamName);
      if (known?.version === expected) return known;
    }
    const head = await this.head(streamName);
    if (!head) {
      if (expected === 'any') return { version: 0, lastSeq: 0 };
      throw new ConcurrencyError(streamName, expected, 0);
    }
    if (expected === 'any' || head.version === expected)
      return { version: head.version, lastSeq: head.position };
    // Publish anyway, with a sequence that cannot match: if this command id was already stored the
    // server answers "duplicate" (dedupe runs first), otherwise 10071 and we report the conflict.
    return { version: expected, lastSeq: 0 };
  }

  /** A repeated command id: answer with the commit that stored it first. */
  private async duplicateOf(seq: number): Promise<AppendResult> {
    const msg = await this.getStored({ seq });
    if (!msg) throw new Error(`duplicate of commit ${seq} in ${this.stream}, which no longer exists`);
    return { nextExpectedVersion: versionOf(msg.header, seq), position: seq, duplicate: true };
  }

  /** The events of one commit (a consumed or a fetched message), upcast. */
  private decode(
    m: { data: Uint8Array; seq: number },
    streamName: string,
    versionAfter: number,
  ): RecordedEvent[] {
    return decodeCommit(m.data, streamName, m.seq, versionAfter).map((e) =>
      upcast(this.options.upcasters, e),
    );
  }

  /**
   * Delivers the commits from sequence `from` (optionally on one subject) in order until `until`
   * or until `onCommit` returns false, through a short-lived ordered consumer.
   */
  private async scan(
    filter: string | undefined,
    from: number,
    until: number,
    onCommit: (m: JsMsg) => boolean,
  ): Promise<void> {
    const consumer = await this.js.consumers.get(this.stream, {
      ...(filter ? { filter_subjects: filter } : {}),
      opt_start_seq: from,
    });
    try {
      const pending = (await consumer.info(true)).num_pending;
      if (pending === 0) return;
      const messages = await consumer.consume({ max_messages: Math.min(pending, READ_BATCH) });
      this.reading.add(messages);
      try {
        for await (const m of messages) {
          const more = onCommit(m);
          // pending 0 before `until` means the head was removed meanwhile: stop rather than wait.
          if (!more || m.seq >= until || m.info.pending === 0) break;
        }
      } finally {
        this.reading.delete(messages);
        messages.stop();
      }
    } finally {
      // Deleted in the background: the reader need not wait for it, close() does.
      const cleanup = consumer
        .delete()
        .catch(() => false)
        .finally(() => this.cleanups.delete(cleanup));
      this.cleanups.add(cleanup);
    }
  }
}

/** Creates the stream, or updates it when it exists with a different config; safe to race. */
async function ensureStream(
  jsm: JetStreamManager,
  name: string,
  wanted: { subjects: string[]; allow_direct: boolean; duplicate_window: number },
): Promise<StreamInfo> {
  for (let attempt = 0; ; attempt++) {
    let info: StreamInfo;
    try {
      info = await jsm.streams.info(name);
    } catch (error) {
      if (!isApiError(error, JetStreamApiCodes.StreamNotFound)) throw error;
      try {
        return await jsm.streams.add({ name, storage: StorageType.File, ...wanted });
      } catch (addError) {
        if (isApiError(addError, STREAM_NAME_IN_USE) && attempt < 2) continue;
        throw addError;
      }
    }
    const c = info.config;
    const same =
      c.allow_direct === wanted.allow_direct &&
      c.duplicate_window === wanted.duplicate_window &&
      c.subjects?.length === wanted.subjects.length &&
      wanted.subjects.every((s) => c.subjects?.includes(s));
    return same ? info : await jsm.streams.update(name, wanted);
  }
}

function isApiError(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}

function isWrongLastSequence(error: unknown): boolean {
  return (
    isApiError(error, JetStreamApiCodes.StreamWrongLastSequence) ||
    isApiError(error, JetStreamApiCodes.StreamWrongLastSequenceUnknown)
  );
}

function versionOf(h: MsgHdrs | undefined, seq: number): number {
  const version = Number(h?.get(VERSION_HEADER));
  if (!Number.isInteger(version) || version < 1) {
    throw new Error(`commit at sequence ${seq} has no valid ${VERSION_HEADER} header`);
  }
  return version;
}
