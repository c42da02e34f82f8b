import { names } from '@kazi/eventsourcing';
import {
  type Consumer,
  JetStreamApiCodes,
  type JetStreamManager,
  type JsMsg,
  jetstreamManager,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { copyHeaders } from './consumer.ts';
import { DEAD_LETTER, DEAD_LETTER_HEADERS } from './deadLetterHeaders.ts';
import { CE } from './envelope.ts';
import { isApiError } from './nats.ts';

export interface DeadLetter {
  /** Sequence in the dead-letter stream: what an admin names to inspect or replay. */
  seq: number;
  /** Durable consumer that gave up on the message. */
  consumer: string;
  originalSubject: string;
  originalStream: string;
  originalStreamSeq: number;
  error: string;
  deliveries: number;
  /** `ce-type` and `ce-id`, empty when the message had none (which may be why it failed). */
  type: string;
  id: string;
  /** When it was dead-lettered. */
  time: string;
}

/** Dead letters of one consumer, or of all, oldest first. */
export async function listDeadLetters(
  nc: NatsConnection,
  namespace: string,
  consumer?: string,
): Promise<DeadLetter[]> {
  const messages = await readDeadLetters(await jetstreamManager(nc), namespace, consumer);
  return messages.map((m) => toDeadLetter(namespace, m));
}

/**
 * Puts a consumer's dead letters back on their original subjects and removes them from the dead
 * letters; returns how many. Every consumer of that subject sees the message again, which is safe
 * because effects are idempotent by event id. The fresh msg id keeps the stream's duplicate check
 * from swallowing the copy, yet a replay interrupted and run again stores each copy once.
 */
export async function replayDeadLetters(
  nc: NatsConnection,
  namespace: string,
  consumer: string,
): Promise<number> {
  const jsm = await jetstreamManager(nc);
  const js = jsm.jetstream();
  const stream = names.deadLetterStream(namespace);
  let replayed = 0;
  for (const m of await readDeadLetters(jsm, namespace, consumer)) {
    const letter = toDeadLetter(namespace, m);
    const headers = copyHeaders(m.headers, (key) =>
      DEAD_LETTER_HEADERS.some((h) => h.toLowerCase() === key.toLowerCase()),
    );
    const origin = letter.id || `${letter.originalStream}:${letter.originalStreamSeq}`;
    await js.publish(letter.originalSubject, m.data, { headers, msgID: `${origin}:replay:${m.seq}` });
    try {
      await jsm.streams.deleteMessage(stream, m.seq, false);
    } catch (error) {
      // A concurrent replay removed it first; its copy was deduplicated by the msg id above.
      if (!isApiError(error, JetStreamApiCodes.NoMessageFound)) throw error;
    }
    replayed++;
  }
  return replayed;
}

function toDeadLetter(namespace: string, m: JsMsg): DeadLetter {
  const h = m.headers;
  const get = (key: string) => h?.get(key) ?? '';
  return {
    seq: m.seq,
    consumer: m.subject.slice(names.deadLetterSubject(namespace, '').length),
    originalSubject: get(DEAD_LETTER.originalSubject),
    originalStream: get(DEAD_LETTER.originalStream),
    originalStreamSeq: Number(get(DEAD_LETTER.originalStreamSeq)) || 0,
    error: get(DEAD_LETTER.error),
    deliveries: Number(get(DEAD_LETTER.deliveries)) || 0,
    type: get(CE.type),
    id: get(CE.id),
    time: m.time.toISOString(),
  };
}

/** Every stored dead letter (of one consumer), read through a short-lived ordered consumer. */
async function readDeadLetters(
  jsm: JetStreamManager,
  namespace: string,
  consumer?: string,
): Promise<JsMsg[]> {
  const stream = names.deadLetterStream(namespace);
  const filter = consumer
    ? names.deadLetterSubject(namespace, consumer)
    : names.deadLetterSubjects(namespace);
  let reader: Consumer;
  try {
    reader = await jsm.jetstream().consumers.get(stream, { filter_subjects: filter });
  } catch (error) {
    if (isApiError(error, JetStreamApiCodes.StreamNotFound)) return [];
    throw error;
  }
  const out: JsMsg[] = [];
  try {
    const pending = (await reader.info(true)).num_pending;
    if (pending === 0) return out;
    const messages = await reader.consume({ max_messages: Math.min(pending, 256) });
    try {
      for await (const m of messages) {
        out.push(m);
        // Bounded by what was there when asked: never waits for letters still to come.
        if (m.info.pending === 0) break;
      }
    } finally {
      messages.stop();
    }
  } finally {
    await reader.delete().catch(() => false);
  }
  return out;
}
