import type { ProjectionStatus } from '@kazi/eventsourcing';
import t from 'tap';
import { projectionMetrics } from './projectionMetrics.ts';

t.test('projection lag and relay progress, read when /metrics is scraped', async (t) => {
  let relayBlocked = false;
  const runner = {
    status: async (): Promise<ProjectionStatus> =>
      ({ name: 'queue', lag: 7, secondsBehind: 1.5, state: 'running' }) as ProjectionStatus,
  };
  const relay = {
    durableName: 'things-integration-relay',
    status: () => ({
      position: 42,
      ...(relayBlocked ? { blocked: { position: 43, attempts: 5, error: 'x' } } : {}),
    }),
  };
  const registry = projectionMetrics('things-service', [runner], [relay]);
  let text = await registry.metrics();
  t.match(text, /kazi_things_service_projection_lag_messages\{projection="queue"\} 7/);
  t.match(text, /kazi_things_service_projection_seconds_behind\{projection="queue"\} 1\.5/);
  t.match(text, /kazi_things_service_relay_position\{relay="things-integration-relay"\} 42/);
  t.match(text, /kazi_things_service_relay_blocked\{relay="things-integration-relay"\} 0/);
  relayBlocked = true;
  text = await registry.metrics();
  t.match(
    text,
    /kazi_things_service_relay_blocked\{relay="things-integration-relay"\} 1/,
    'a stuck relay shows',
  );
});
