import type { NatsConnection } from '@nats-io/transport-node';
import { PendingLimit } from '../pendingLimit.ts';

export interface PublishLimits {
  /** JetStream publishes awaiting their ack at once on one connection (default 128). */
  maxPending: number;
  /** Publishers waiting for a slot before more are refused with OverloadedError (default 512). */
  maxWaiting: number;
}

export const DEFAULT_PUBLISH_LIMITS: PublishLimits = { maxPending: 128, maxWaiting: 512 };

const limits = new WeakMap<NatsConnection, PendingLimit>();

/**
 * The one limit on JetStream publishes awaiting their ack on a connection, shared by every event store,
 * relay and dead-lettering on it. Without it each publish under overload adds a pending request (and its
 * bytes in the client's outbound buffer) for as long as the server is slow. Event store appends are
 * refused when the line is full (HTTP 503); background loops, one publish each, always wait.
 */
export function pendingPublishes(nc: NatsConnection): PendingLimit {
  let limit = limits.get(nc);
  if (!limit) {
    limit = new PendingLimit({ resource: 'pending NATS publishes', ...DEFAULT_PUBLISH_LIMITS });
    limits.set(nc, limit);
  }
  return limit;
}

/** Sets the connection's limits; call at start (publishes already waiting keep the old line). */
export function limitPendingPublishes(nc: NatsConnection, wanted: Partial<PublishLimits>): PendingLimit {
  const limit = new PendingLimit({
    resource: 'pending NATS publishes',
    ...DEFAULT_PUBLISH_LIMITS,
    ...wanted,
  });
  limits.set(nc, limit);
  return limit;
}
