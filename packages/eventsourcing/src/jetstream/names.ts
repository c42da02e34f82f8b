/**
 * Every JetStream and Redis name derives from one namespace (default `kazi`; tests use a random one).
 * See docs/adr/0001-event-store-on-jetstream.md.
 */
const upper = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '_');

export const names = {
  /** Event store stream of a bounded context, e.g. KAZI_AGENCY_REGISTRY. */
  contextStream: (ns: string, context: string) => `${upper(ns)}_${upper(context)}`,
  /** All subjects of a context's event store: `kazi.agency-registry.>`. */
  contextSubjects: (ns: string, context: string) => `${ns}.${context}.>`,
  /** Subject of one aggregate stream (`agency.<id>`): `kazi.agency-registry.agency.<id>`. */
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
