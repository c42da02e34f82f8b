import { ConcurrencyError } from '@kazi/core';
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
import { assertStreamName } from '../jetstream/names.ts';

interface Commit {
  streamName: string;
  position: number;
  events: RecordedEvent[];
}

/** In-process EventStore for specifications and unit tests. Same contract as the JetStream adapter. */
export class MemoryEventStore implements EventStore {
  private readonly commits: Commit[] = [];
  private readonly streams = new Map<string, Commit[]>();
  private readonly commandIds = new Map<string, AppendResult>();
  private position = 0;

  constructor(private readonly upcasters?: Upcasters) {}

  async append(
    streamName: string,
    events: EventToAppend[],
    options: { expectedVersion: ExpectedVersion; metadata: CommitMetadata },
  ): Promise<AppendResult> {
    // The same names as JetStream, so a name that would fail there fails in every specification too.
    assertStreamName(streamName);
    const seen = this.commandIds.get(`${streamName}\u0000${options.metadata.commandId}`);
    if (seen) return { ...seen, duplicate: true };
    const stream = this.streams.get(streamName) ?? [];
    const version = lastVersion(stream);
    const expected = options.expectedVersion;
    const ok = expected === 'any' || (expected === 'no-stream' ? stream.length === 0 : expected === version);
    if (!ok) throw new ConcurrencyError(streamName, expected, version);
    if (events.length === 0) throw new Error('a commit needs at least one event');
    const position = ++this.position;
    const recorded = events.map(
      (e, index): RecordedEvent => ({
        id: e.id,
        type: e.type,
        data: structuredClone(e.data),
        streamName,
        streamVersion: version + index + 1,
        position,
        index,
        metadata: { ...options.metadata },
      }),
    );
    const commit = { streamName, position, events: recorded };
    this.commits.push(commit);
    stream.push(commit);
    this.streams.set(streamName, stream);
    const result = { nextExpectedVersion: version + events.length, position, duplicate: false };
    this.commandIds.set(`${streamName}\u0000${options.metadata.commandId}`, result);
    return result;
  }

  async readStream(streamName: string, options: { afterPosition?: number } = {}): Promise<ReadStreamResult> {
    assertStreamName(streamName);
    const after = options.afterPosition ?? 0;
    const commits = (this.streams.get(streamName) ?? []).filter((c) => c.position > after);
    const events = commits.flatMap((c) => c.events.map((e) => upcast(this.upcasters, structuredClone(e))));
    const last = commits.at(-1);
    const head = await this.head(streamName);
    return {
      events,
      version: last ? lastVersion([last]) : after > 0 && head ? head.version : 0,
      position: last?.position ?? (after > 0 && head ? head.position : 0),
    };
  }

  async head(streamName: string): Promise<StreamHead | undefined> {
    assertStreamName(streamName);
    const stream = this.streams.get(streamName);
    const last = stream?.at(-1);
    return last
      ? {
          version: lastVersion(stream ?? []),
          position: last.position,
          lastCommit: last.events.map((e) => upcast(this.upcasters, structuredClone(e))),
        }
      : undefined;
  }

  async readAll(options: { afterPosition: number; limit: number }): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    for (const commit of this.commits) {
      if (commit.position <= options.afterPosition) continue;
      if (out.length >= options.limit) break;
      out.push(...commit.events.map((e) => upcast(this.upcasters, structuredClone(e))));
    }
    return out;
  }

  async close(): Promise<void> {}
}

function lastVersion(stream: Commit[]): number {
  return stream.at(-1)?.events.at(-1)?.streamVersion ?? 0;
}
