import {
  AgencyApplicationRecorded,
  AgencyApplicationRejected,
  AgencyLicenceExpired,
  AgencyLicenceRenewed,
  AgencyLicensed,
  AgencyReinstated,
  AgencyRevoked,
  AgencySuspended,
  agencyRegistryEvents,
  IntegrationEventCatalog,
} from '@kazi/contracts';
import { names } from '@kazi/eventsourcing';
import { LuaScript } from '@kazi/eventsourcing/projections/luaScript.ts';
import {
  type ConsumerMetrics,
  type Envelope,
  isEventOf,
  type MessagingLogger,
  type RunningConsumer,
  startConsumer,
} from '@kazi/messaging';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Redis } from 'ioredis';
import { normaliseAgencyName } from './agencyName.ts';
import { AGENCY_VIEW_LAYOUT, agencyViewKeys } from './agencyViewKeys.ts';

/**
 * The durable consumer's name: every replica of the complaints service shares it. It carries the key
 * layout's version, so a new layout starts a new consumer that fills the new keys from the first event.
 */
export const AGENCY_VIEW_CONSUMER = `complaints-agency-view-v${AGENCY_VIEW_LAYOUT}`;

/** What complaint handlers need to know of an agency's standing; the registry's own states are finer. */
export type AgencyStatus = 'applied' | 'licensed' | 'rejected' | 'suspended' | 'revoked' | 'expired';

/** One integration event reduced to what the view stores. Fields an event does not carry are absent. */
export interface AgencyChange {
  agencyId: string;
  status: AgencyStatus;
  /** When it happened in the registry (the event's `at`). */
  at: string;
  name?: string;
  licence?: { licenceNumber: string; validUntil: string };
}

const catalog = new IntegrationEventCatalog(agencyRegistryEvents);

/**
 * What an agency-registry integration event changes in the view, or undefined for a type the view does
 * not know (a newer event acked and ignored, rather than retried until dead-lettered). Renewal and
 * reinstatement both mean a licence in force, as in the registry.
 */
export function toAgencyChange(envelope: Envelope): AgencyChange | undefined {
  if (isEventOf(envelope, AgencyApplicationRecorded)) {
    const { agencyId, at, name } = envelope.data;
    return { agencyId, at, status: 'applied', name };
  }
  if (isEventOf(envelope, AgencyApplicationRejected)) {
    const { agencyId, at } = envelope.data;
    return { agencyId, at, status: 'rejected' };
  }
  if (isEventOf(envelope, AgencyLicensed)) {
    const { agencyId, at, name, licenceNumber, validUntil } = envelope.data;
    return { agencyId, at, status: 'licensed', name, licence: { licenceNumber, validUntil } };
  }
  if (isEventOf(envelope, AgencyLicenceRenewed)) {
    const { agencyId, at, licenceNumber, validUntil } = envelope.data;
    return { agencyId, at, status: 'licensed', licence: { licenceNumber, validUntil } };
  }
  if (isEventOf(envelope, AgencySuspended)) {
    const { agencyId, at } = envelope.data;
    return { agencyId, at, status: 'suspended' };
  }
  if (isEventOf(envelope, AgencyReinstated)) {
    const { agencyId, at } = envelope.data;
    return { agencyId, at, status: 'licensed' };
  }
  if (isEventOf(envelope, AgencyRevoked)) {
    const { agencyId, at } = envelope.data;
    return { agencyId, at, status: 'revoked' };
  }
  if (isEventOf(envelope, AgencyLicenceExpired)) {
    const { agencyId, at, licenceNumber, validUntil } = envelope.data;
    return { agencyId, at, status: 'expired', licence: { licenceNumber, validUntil } };
  }
  return undefined;
}

/**
 * Applies one change to an agency's hash and the name-token sets, atomically, guarded by stream
 * sequence so redeliveries and out-of-order deliveries are harmless. Each group of fields remembers
 * the sequence that last wrote it and takes a value only from a later one:
 *   status, updatedAt     ← `seq` (every event sets them: the agency's last applied sequence)
 *   name, tokens          ← `nameSeq`
 *   licenceNumber, validUntil ← `licenceSeq`
 * So an older event never overwrites anything newer, yet still fills what no newer event has said
 * (a recorded event redelivered after a suspension still gives the agency its name).
 * An agency is in each of its words' sorted sets scored by its number of words; its first name counts it
 * in the named-agency count.
 * KEYS: the agency hash, the named-agency count. ARGV: sequence, agencyId, status, updatedAt, name
 * ('' = none), tokens (space-separated), token key prefix, licenceNumber ('' = none), validUntil.
 * Token sets are named from ARGV, not KEYS: fine on one Redis, not on Redis Cluster.
 * Returns 1 when something changed, 0 when the event was entirely older (or the same message again).
 */
const applyChangeScript = new LuaScript(`
local key = KEYS[1]
local seq = tonumber(ARGV[1])
local changed = 0
if seq > tonumber(redis.call('HGET', key, 'seq') or '0') then
  redis.call('HSET', key, 'agencyId', ARGV[2], 'status', ARGV[3], 'updatedAt', ARGV[4], 'seq', ARGV[1])
  changed = 1
end
if ARGV[5] ~= '' and seq > tonumber(redis.call('HGET', key, 'nameSeq') or '0') then
  if redis.call('HEXISTS', key, 'nameSeq') == 0 then redis.call('INCR', KEYS[2]) end
  for token in string.gmatch(redis.call('HGET', key, 'tokens') or '', '%S+') do
    redis.call('ZREM', ARGV[7] .. token, ARGV[2])
  end
  local words = 0
  for _ in string.gmatch(ARGV[6], '%S+') do words = words + 1 end
  for token in string.gmatch(ARGV[6], '%S+') do
    redis.call('ZADD', ARGV[7] .. token, words, ARGV[2])
  end
  redis.call('HSET', key, 'agencyId', ARGV[2], 'name', ARGV[5], 'tokens', ARGV[6], 'nameSeq', ARGV[1])
  changed = 1
end
if ARGV[8] ~= '' and seq > tonumber(redis.call('HGET', key, 'licenceSeq') or '0') then
  redis.call('HSET', key, 'agencyId', ARGV[2], 'licenceNumber', ARGV[8], 'validUntil', ARGV[9], 'licenceSeq', ARGV[1])
  changed = 1
end
return changed
`);

/**
 * Applies one integration event, delivered at stream `sequence`, to the view. Returns whether the view
 * changed: false for an event type the view ignores, a redelivery, or an event older than what is stored.
 */
export async function applyAgencyEvent(
  redis: Redis,
  namespace: string,
  envelope: Envelope,
  sequence: number,
): Promise<boolean> {
  const change = toAgencyChange(envelope);
  if (!change) return false;
  const keys = agencyViewKeys(namespace);
  const changed = await applyChangeScript.run(
    redis,
    [keys.agency(change.agencyId), keys.namedCount],
    [
      sequence,
      change.agencyId,
      change.status,
      change.at,
      change.name ?? '',
      change.name ? normaliseAgencyName(change.name).join(' ') : '',
      keys.tokenPrefix,
      change.licence?.licenceNumber ?? '',
      change.licence?.validUntil ?? '',
    ],
  );
  return changed === 1;
}

export interface AgencyViewOptions {
  nc: NatsConnection;
  redis: Redis;
  namespace: string;
  logger?: MessagingLogger;
  metrics?: ConsumerMetrics;
}

/**
 * Keeps the complaints service's view of agencies up to date from the agency registry's integration
 * events, through its own durable consumer (so it resumes where it stopped). The integration stream
 * must exist (`ensureIntegrationStreams`). Stop the returned consumer on shutdown.
 */
export function startAgencyView(options: AgencyViewOptions): Promise<RunningConsumer> {
  const { nc, redis, namespace, logger, metrics } = options;
  return startConsumer({
    nc,
    namespace,
    stream: names.integrationStream(namespace),
    durableName: AGENCY_VIEW_CONSUMER,
    filterSubject: names.integrationContextSubjects(namespace, 'agency-registry'),
    catalog,
    handle: async (envelope, { sequence }) => {
      await applyAgencyEvent(redis, namespace, envelope, sequence);
    },
    logger,
    metrics,
  });
}
