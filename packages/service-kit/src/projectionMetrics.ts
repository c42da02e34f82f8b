import type { ProjectionStatus } from '@kazi/eventsourcing';
import { Gauge, Registry } from 'prom-client';
import type { ReadinessCheck } from './health.ts';

/** What /metrics needs of an integration relay (`@kazi/messaging` startIntegrationRelay). */
export interface RelayGaugeSource {
  readonly durableName: string;
  status(): { position: number; blocked?: object };
}

/**
 * A service's read side on /metrics, read at scrape time: per projection the events and seconds it is
 * behind the head; per integration relay the last commit it published and whether it is blocked (a commit
 * that keeps failing holds back every later integration event: alert on it).
 */
export function projectionMetrics(
  service: string,
  runners: Array<{ status(): Promise<ProjectionStatus> }>,
  relays: RelayGaugeSource[] = [],
): Registry {
  const registry = new Registry();
  const prefix = `kazi_${service.replace(/-/g, '_')}`;
  const read = async () => Promise.all(runners.map((r) => r.status().catch(() => undefined)));
  new Gauge({
    name: `${prefix}_projection_lag_messages`,
    help: 'Stream messages between the projection checkpoint and the head',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      for (const s of await read()) if (s) this.set({ projection: s.name }, s.lag);
    },
  });
  new Gauge({
    name: `${prefix}_projection_seconds_behind`,
    help: 'Age difference between the head message and the last applied one',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      for (const s of await read()) if (s) this.set({ projection: s.name }, s.secondsBehind);
    },
  });
  new Gauge({
    name: `${prefix}_relay_position`,
    help: 'Stream sequence of the last commit whose integration events this replica published',
    labelNames: ['relay'],
    registers: [registry],
    collect() {
      for (const r of relays) this.set({ relay: r.durableName }, r.status().position);
    },
  });
  new Gauge({
    name: `${prefix}_relay_blocked`,
    help: '1 while a commit keeps failing to publish and later integration events wait behind it',
    labelNames: ['relay'],
    registers: [registry],
    collect() {
      for (const r of relays) this.set({ relay: r.durableName }, r.status().blocked ? 1 : 0);
    },
  });
  return registry;
}

/** Ready unless one of the service's projections has failed (a lagging one still serves). */
export function projectionsReadiness(name: string, runners: Array<{ status(): Promise<ProjectionStatus> }>): ReadinessCheck {
  return {
    name,
    check: async () => {
      for (const runner of runners) {
        const s = await runner.status();
        if (s.state === 'failed') throw new Error(`projection ${s.name} failed: ${s.lastError ?? ''}`);
      }
    },
  };
}
