import type { Upcasters } from '@kazi/core';
/**
 * The EventStore port. Every adapter (memory, jetstream, kurrentdb) passes the one contract suite in
 * `contract/eventStoreContract.ts`.
 *
 * Model: an append is one *commit* (all events of one command) stored atomically; it carries the
 * command id for duplicate suppression. A stream's `version` is the number of events in it (0 = none).
 * `position` is the commit's place in the context's global order (JetStream: the stream sequence),
 * strictly increasing, with gaps allowed.
 */
export type ExpectedVersion = number | 'no-stream' | 'any';

export interface EventToAppend {
  /** Unique event id (uuid); becomes the CloudEvents `ce-id` of the integration event derived from it. */
  id: string;
  /** Wire name, e.g. `ke.nea.agency-registry.agency-licensed.v1`. */
  type: string;
  data: unknown;
}

export interface CommitMetadata {
  commandId: string;
  /** `sub` of the authenticated caller, or `system:<job>` for scheduled work. */
  actor: string;
  correlationId: string;
  causationId?: string;
  traceparent?: string;
  /** ISO time the command was decided at (from the Clock). */
  time: string;
}

export interface RecordedEvent {
  id: string;
  type: string;
  data: unknown;
  streamName: string;
  /** Version of the stream after this event (1-based). */
  streamVersion: number;
  /** Global position of the commit that holds this event. */
  position: number;
  /** Index of this event inside its commit. */
  index: number;
  metadata: CommitMetadata;
}

export interface AppendResult {
  /** Version of the stream after the append. */
  nextExpectedVersion: number;
  /** Global position of the commit. */
  position: number;
  /** True when the command id had already been stored: nothing new was written. */
  duplicate: boolean;
}

export interface StreamHead {
  version: number;
  position: number;
  /**
   * The events of the last commit, when the adapter has them at no extra cost (the head lookup returns
   * the whole message). Lets a loader skip reading the stream when only that commit is missing.
   */
  lastCommit?: RecordedEvent[];
}

export interface ReadStreamResult {
  events: RecordedEvent[];
  /** Version after the last event returned (0 when the stream has no events). */
  version: number;
  /** Position of the last commit read (0 when none). */
  position: number;
}

export interface EventStore {
  append(
    streamName: string,
    events: EventToAppend[],
    options: { expectedVersion: ExpectedVersion; metadata: CommitMetadata },
  ): Promise<AppendResult>;
  /** Events of one stream, in order; `afterPosition` skips commits at or before it (used after a snapshot). */
  readStream(streamName: string, options?: { afterPosition?: number }): Promise<ReadStreamResult>;
  /** The stream's last commit, or undefined when it has none. Cheap: one lookup, no scan. */
  head(streamName: string): Promise<StreamHead | undefined>;
  /** Every stream of this store's context, in global order, from commits after `afterPosition`. */
  readAll(options: { afterPosition: number; limit: number }): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

export type { Upcaster, Upcasters } from '@kazi/core';

export function upcast(upcasters: Upcasters | undefined, event: RecordedEvent): RecordedEvent {
  let current = event;
  // Chains (v1 → v2 → v3) apply until no upcaster matches.
  for (let guard = 0; guard < 16; guard++) {
    const next = upcasters?.[current.type];
    if (!next) return current;
    const { type, data } = next({ type: current.type, data: current.data });
    current = { ...current, type, data };
  }
  throw new Error(`upcaster loop on ${event.type}`);
}
