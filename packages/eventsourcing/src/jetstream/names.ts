/**
 * Every JetStream and Redis name derives from one namespace (default `kazi`; tests use a random one).
 * See docs/adr/0001-event-store-on-jetstream.md.
 */
import { InvalidStreamNameError } from '@kazi/core';

const upper = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '_');

/** Longest category and longest id of a stream name (an identifier claim's hex is the longest, ~100). */
export const MAX_STREAM_CATEGORY_LENGTH = 64;
export const MAX_STREAM_ID_LENGTH = 128;
/**
 * One token of a NATS subject, kept to what is safe everywhere a stream name goes: no `.` (a token
 * separator), `*` or `>` (wildcards), whitespace or control characters (which end or split a subject),
 * and nothing a KV key (the snapshot bucket is keyed by stream name) or a Redis key would trip on.
 */
const CATEGORY = /^[a-z][a-z0-9-]*$/;
const ID = /^[A-Za-z0-9_-]+$/;

/**
 * Why `streamName` is not `<category>.<id>` (a lower-case category, then an id of letters, digits, `-`
 * and `_`), or undefined when it is. Every adapter checks it before a name becomes a subject or a key,
 * so an id taken from input can never read another stream, a wildcard of streams, or fail on the server.
 */
export function streamNameProblem(streamName: unknown): string | undefined {
  if (typeof streamName !== 'string') return 'it is not a string';
  const dot = streamName.indexOf('.');
  if (dot < 0) return 'it has no category: expected <category>.<id>';
  const category = streamName.slice(0, dot);
  const id = streamName.slice(dot + 1);
  if (category.length === 0 || category.length > MAX_STREAM_CATEGORY_LENGTH || !CATEGORY.test(category))
    return `its category is not 1 to ${MAX_STREAM_CATEGORY_LENGTH} of a-z, 0-9 and "-" starting with a letter`;
  if (id.length === 0 || id.length > MAX_STREAM_ID_LENGTH || !ID.test(id))
    return `its id is not 1 to ${MAX_STREAM_ID_LENGTH} of A-Z, a-z, 0-9, "-" and "_"`;
  return undefined;
}

/** Throws InvalidStreamNameError unless `streamName` is `<category>.<id>` (see streamNameProblem). */
export function assertStreamName(streamName: string): void {
  const problem = streamNameProblem(streamName);
  if (problem !== undefined) throw new InvalidStreamNameError(problem);
}

export const names = {
  /** Event store stream of a bounded context, e.g. KAZI_AGENCY_REGISTRY. */
  contextStream: (ns: string, context: string) => `${upper(ns)}_${upper(context)}`,
  /** All subjects of a context's event store: `kazi.agency-registry.>`. */
  contextSubjects: (ns: string, context: string) => `${ns}.${context}.>`,
  /**
   * Subject of one aggregate stream (`agency.<id>`): `kazi.agency-registry.agency.<id>`. Not checked
   * here, since callers also build wildcard filters with it (`agency.>`); the stores check names first.
   */
  aggregateSubject: (ns: string, context: string, streamName: string) => `${ns}.${context}.${streamName}`,
  /** Inverse of aggregateSubject. */
  streamNameOf: (ns: string, context: string, subject: string) => subject.slice(`${ns}.${context}.`.length),
  integrationStream: (ns: string) => `${upper(ns)}_INTEGRATION`,
  integrationSubjects: (ns: string) => `${ns}.integration.>`,
  /** `kazi.integration.ke.nea.agency-registry.agency-licensed.v1` */
  integrationSubject: (ns: string, ceType: string) => `${ns}.integration.${ceType}`,
  /** Every integration event of one context: `kazi.integration.ke.nea.agency-registry.>` */
  integrationContextSubjects: (ns: string, context: string) => `${ns}.integration.ke.nea.${context}.>`,
  deadLetterStream: (ns: string) => `${upper(ns)}_DEADLETTER`,
  deadLetterSubjects: (ns: string) => `${ns}.deadletter.>`,
  deadLetterSubject: (ns: string, consumer: string) => `${ns}.deadletter.${consumer}`,
  /** KV bucket, e.g. `kazi-snapshots-agency-registry`. */
  kvBucket: (ns: string, purpose: string) => `${ns}-${purpose}`,
  /** Redis key under the namespace: `kazi:<parts joined by :>`. */
  redisKey: (ns: string, ...parts: string[]) => [ns, ...parts].join(':'),
} as const;
