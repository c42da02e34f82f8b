import { randomUUID } from 'node:crypto';
import type { ComplaintLodged, IntegrationEventData, IntegrationEventDefinition } from '@kazi/contracts';
import {
  encodeEnvelope,
  ensureIntegrationStreams,
  publishIntegrationEvent,
  type ReceivedIntegrationEvent,
} from '@kazi/messaging';
import { natsFixture, uniqueNamespace } from '@kazi/test-servers';
import { jetstream } from '@nats-io/jetstream';
import type { Test } from 'tap';
import type { Pool } from './database.ts';
import { migrate } from './migrator.ts';
import type { PgProjection } from './pgProjection.ts';
import {
  type PgProjectionRunner,
  type PgProjectionRunnerOptions,
  startPgProjection,
} from './pgProjectionRunner.ts';
import { databaseFixture } from './postgres.fixture.ts';
import { reportingProjection, reportingSource } from './reportingProjection.ts';

/**
 * A test's own namespace on NATS (integration streams ready) and database on PostgreSQL (migrated), and
 * helpers to publish integration events as the services' relays do and to run the reporting projection.
 */
export async function reportingFixture(t: Test, label = 'rep') {
  const ns = uniqueNamespace(label);
  const nc = await natsFixture(t, ns);
  await ensureIntegrationStreams(nc, ns);
  const { pool, url } = await databaseFixture(t, label);
  await migrate(pool);
  const js = jetstream(nc);

  /** Publishes one event as the publishing service's relay does; resolves with its stream sequence. */
  const publish = async <D extends IntegrationEventDefinition>(
    definition: D,
    data: IntegrationEventData<D>,
  ): Promise<number> => {
    const envelope = {
      id: randomUUID(),
      source: `/kazi/${definition.context}`,
      type: definition.type,
      subject: subjectOf(data as Record<string, unknown>),
      time: String((data as Record<string, unknown>).at ?? new Date().toISOString()),
      correlationId: randomUUID(),
      actor: 'test',
      data,
    };
    return (await publishIntegrationEvent(js, ns, definition, envelope)).seq;
  };

  /** Publishes a message the contract would refuse (bad data under a known type), as a buggy publisher might. */
  const publishInvalid = async (definition: IntegrationEventDefinition, data: unknown): Promise<number> => {
    const { headers, data: body } = encodeEnvelope({
      id: randomUUID(),
      source: `/kazi/${definition.context}`,
      type: definition.type,
      subject: 'x',
      time: new Date().toISOString(),
      correlationId: randomUUID(),
      actor: 'test',
      data,
    });
    return (await js.publish(`${ns}.integration.${definition.type}`, body, { headers })).seq;
  };

  /** Starts a runner of `projection` (the reporting one by default); stopped on teardown. */
  const start = async (
    options: Partial<PgProjectionRunnerOptions<ReceivedIntegrationEvent>> & {
      projection?: PgProjection<ReceivedIntegrationEvent>;
    } = {},
  ): Promise<PgProjectionRunner<ReceivedIntegrationEvent>> => {
    const runner = await startPgProjection({
      nc,
      pool,
      projection: reportingProjection,
      source: reportingSource(ns),
      retryDelayMs: 100,
      retireGraceMs: 0,
      ...options,
    });
    t.teardown(() => runner.stop());
    return runner;
  };

  return { ns, nc, js, pool, url, publish, publishInvalid, start };
}

/** Every row of the given tables of a schema, in a stable order: what a reader could ever see. */
export async function snapshot(
  pool: Pool,
  schema: string,
  tables: string[],
): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    const { rows } = await pool.query(`SELECT * FROM ${schema}.${table}`);
    out[table] = rows
      .map((row) => JSON.stringify(row))
      .sort()
      .map((row) => JSON.parse(row));
  }
  return out;
}

/** The record an event is about, as the publishing service's relay names it. */
function subjectOf(data: Record<string, unknown>): string {
  const id = data.agencyId ?? data.complaintId ?? data.caseId ?? data.employerId ?? data.agreementId ?? 'x';
  return String(id);
}

export const REPORTING_TABLES = [
  'agency',
  'agency_status',
  'complaint',
  'complaint_status',
  'complaint_deadline_breach',
  'attache_case',
  'attache_case_status',
  'attache_case_action',
  'shelter_stay',
  'repatriation',
  'repatriation_stage',
  'employer_status',
  'agreement',
  'agreement_status',
  'agreement_terms',
  'committee_meeting',
  'committee_action_status',
];

/** Resolves once `check` gives a value other than undefined/false; fails naming `what` if it never does. */
export async function eventually<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A lodging as the complaints service publishes it, with the fields a test cares about. */
export function lodging(overrides: Partial<IntegrationEventData<typeof ComplaintLodged>> = {}) {
  return {
    complaintId: randomUUID(),
    at: '2026-03-02T09:00:00.000Z',
    reference: 'NEA-2026-000123',
    channel: 'hotline' as const,
    sex: 'female' as const,
    ageBand: '25-34',
    country: 'SA',
    categories: ['withheld-wages'],
    indicators: ['withholding-of-wages'],
    severity: 'high' as const,
    respondBy: '2026-03-09T09:00:00.000Z',
    ...overrides,
  };
}
