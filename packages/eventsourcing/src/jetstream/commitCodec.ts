import type { CommitMetadata, EventToAppend, RecordedEvent } from '../eventStore.ts';

/** Header carrying the stream version after the commit. */
export const VERSION_HEADER = 'Kazi-Version';

export interface CommitBody {
  events: EventToAppend[];
  metadata: CommitMetadata;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeCommit(body: CommitBody): Uint8Array {
  return encoder.encode(JSON.stringify(body));
}

/**
 * Turns one stored commit message into its recorded events. `versionAfter` is the Kazi-Version header;
 * `position` the message's stream sequence.
 */
export function decodeCommit(
  payload: Uint8Array,
  streamName: string,
  position: number,
  versionAfter: number,
): RecordedEvent[] {
  const body = JSON.parse(decoder.decode(payload)) as CommitBody;
  const first = versionAfter - body.events.length;
  return body.events.map((e, index) => ({
    id: e.id,
    type: e.type,
    data: e.data,
    streamName,
    streamVersion: first + index + 1,
    position,
    index,
    metadata: body.metadata,
  }));
}
