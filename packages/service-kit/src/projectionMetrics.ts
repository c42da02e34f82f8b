import type { ProjectionStatus } from '@kazi/eventsourcing';
import { Gauge, Registry } from 'prom-client';
import type { ReadinessCheck } from './health.ts';

/** Lag per projection on /metrics: events behind the head and seconds behind, read at scrape time. */
export function projectionMetrics(service: string, runners: Array<{ status(): Promise<ProjectionStatus> }>): Registry {
  const registry = new Registry();
  const read = async () => Promise.all(runners.map((r) => r.status().catch(() => undefined)));
  new Gauge({
    name: `kazi_${service.replace(/-/g, '_')}_projection_lag_messages`,
    help: 'Stream messages between the projection checkpoint and the head',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      for (const s of await read()) if (s) this.set({ projection: s.name }, s.lag);
    },
  });
  new Gauge({
    name: `kazi_${service.replace(/-/g, '_')}_projection_seconds_behind`,
    help: 'Age difference between the head message and the last applied one',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      for (const s of await read()) if (s) this.set({ projection: s.name }, s.secondsBehind);
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
