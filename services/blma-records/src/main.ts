/**
 * The BLMA-records service as a service module: what it is, declared; the host wires it. Run this file
 * alone to serve the agreements in a process of its own (a deployment runs one module per process).
 */
import { defineModule, serveHost } from '@kazi/host';
import {
  AGREEMENT_CATEGORY,
  agreementCommandPolicies,
  agreementIdOf,
} from './application/agreementCommands.ts';
import { AgreementsApp } from './application/agreementsApp.ts';
import { ClockSweep } from './application/clockSweep.ts';
import { DocumentStore } from './application/documentStore.ts';
import { blmaRecordsConfigSchema } from './config.ts';
import { agreementDecider, agreementIntegrationEvents } from './domain/index.ts';
import { agreementRoutes } from './http/routes.ts';
import { agreementIndexProjection } from './projections/agreementIndex.ts';
import { AgreementQueries } from './projections/agreementQueries.ts';

export const CONTEXT = 'blma-records';

export const blmaRecordsModule = defineModule({
  context: CONTEXT,
  configSchema: blmaRecordsConfigSchema,
  aggregates: {
    // Bump stateSchemaVersion when AgreementState's shape changes: older snapshots are then replayed instead.
    agreements: {
      decider: agreementDecider,
      stateSchemaVersion: 1,
      snapshots: true,
      category: AGREEMENT_CATEGORY,
      commands: agreementCommandPolicies,
    },
  },
  // No personalData: agreements are between states; attendees and owners are institutions.
  projections: (kit) => [
    { projection: agreementIndexProjection, source: kit.commits(`${AGREEMENT_CATEGORY}.>`) },
  ],
  integration: {
    streams: `${AGREEMENT_CATEGORY}.>`,
    map: (event) => {
      const id = agreementIdOf(event.streamName);
      return id ? agreementIntegrationEvents(event, id).map((m) => ({ ...m, subject: id })) : [];
    },
  },
  start(kit) {
    const { config } = kit;
    const commands = kit.commands.agreements;
    const queries = new AgreementQueries(kit.redis, kit.namespace);
    const documents = new DocumentStore(kit.nc, kit.namespace);
    const app = new AgreementsApp({
      commands,
      queries,
      documents,
      idempotency: kit.idempotency,
      documentMaxBytes: config.BLMA_DOCUMENT_MAX_BYTES,
    });
    const clock = new ClockSweep(commands, queries, kit.clock, config.BLMA_SWEEP_BATCH);
    return {
      routes: (scope) =>
        agreementRoutes(scope, app, {
          maxBytes: config.BLMA_DOCUMENT_MAX_BYTES,
          mediaTypes: config.BLMA_DOCUMENT_MEDIA_TYPES,
        }),
      // Expiry, reviews due and overdue committee actions; every replica may run it (see ClockSweep).
      sweeps: [
        { name: 'agreement clock', intervalMs: config.BLMA_SWEEP_INTERVAL_MS, run: () => clock.run() },
      ],
      // Tests move a ManualClock and run the sweep; they check the object store holds nothing refused.
      exposes: { app, commands, queries, documents, sweep: () => clock.run() },
    };
  },
});

if (import.meta.url === `file://${process.argv[1]}`)
  await serveHost({ name: CONTEXT, modules: { blmaRecords: blmaRecordsModule } });
