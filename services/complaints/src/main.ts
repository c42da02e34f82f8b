/**
 * The complaints service as a service module: what it is, declared; the host wires it. Run this file
 * alone to serve complaints in a process of its own (a deployment runs one module per process).
 */
import { defineModule, serveHost } from '@kazi/host';
import { agencyEventsSource, agencyViewProjection } from './agencyView/agencyView.ts';
import { AgencyView } from './agencyView/agencyViewQueries.ts';
import { ComplaintsApp } from './application/complaintsApp.ts';
import { PinFailureCounter } from './application/pinFailures.ts';
import { ReferenceAllocator } from './application/referenceAllocator.ts';
import { attacheEventsSource } from './attacheView/attacheEvents.ts';
import { ATTACHE_CASE_VIEW, caseViewProjection } from './attacheView/caseView.ts';
import { AttacheCaseView } from './attacheView/caseViewQueries.ts';
import { EMPLOYER_VIEW, employerViewProjection } from './attacheView/employerView.ts';
import { EmployerView } from './attacheView/employerViewQueries.ts';
import { type ComplaintsConfig, complaintsConfigSchema } from './config.ts';
import { complaintDecider, complaintUpcasters, toIntegrationEvents } from './domain/complaint/index.ts';
import { referenceSequence } from './domain/referenceSequence.ts';
import { complaintRoutes } from './http/routes.ts';
import { complaintIdOf, complaintQueueProjection } from './projections/complaintQueue.ts';
import { ComplaintQueries } from './projections/queries.ts';

export const CONTEXT = 'complaints';

export const complaintsModule = defineModule({
  context: CONTEXT,
  configSchema: complaintsConfigSchema,
  // v1 complaint events (clear free text) are read as their v2 successors (sealed or tagged clear).
  upcasters: complaintUpcasters,
  aggregates: {
    // Bump stateSchemaVersion when ComplaintState's shape changes: older snapshots are then replayed instead.
    complaints: { decider: complaintDecider, stateSchemaVersion: 3, snapshots: true },
    referenceSequences: { decider: referenceSequence, stateSchemaVersion: 1, snapshots: true },
  },
  // Complainants' names, contacts and the free text that may identify them, sealed per complainant.
  personalData: (config) => config.PERSONAL_DATA_MASTER_KEY,
  projections: (kit) => [
    // The service learns agencies only from the registry's integration events, into its own view.
    { projection: agencyViewProjection, source: agencyEventsSource(kit.namespace) },
    // …and attaché cases and vetted employers from the attaché-cases service's, into views of its own.
    { projection: caseViewProjection, source: attacheEventsSource(kit.namespace, ATTACHE_CASE_VIEW) },
    { projection: employerViewProjection, source: attacheEventsSource(kit.namespace, EMPLOYER_VIEW) },
    { projection: complaintQueueProjection, source: kit.commits('complaint.>') },
  ],
  integration: {
    streams: 'complaint.>',
    map: (event) => {
      const id = complaintIdOf(event.streamName);
      return id ? toIntegrationEvents(event, id).map((m) => ({ ...m, subject: id })) : [];
    },
  },
  start(kit) {
    const config = kit.config as ComplaintsConfig;
    const agencies = new AgencyView(kit.redis, kit.namespace);
    const attacheCases = new AttacheCaseView(kit.redis, kit.namespace);
    const employers = new EmployerView(kit.redis, kit.namespace, {
      minScore: config.EMPLOYER_MATCH_MIN_SCORE,
    });
    const app = new ComplaintsApp({
      complaints: kit.handlers.complaints,
      references: new ReferenceAllocator(kit.handlers.referenceSequences, config.REFERENCE_BLOCK_SIZE),
      vault: kit.vault,
      pinFailures: new PinFailureCounter(
        kit.redis,
        kit.namespace,
        config.STATUS_PIN_FAILURES_PER_REFERENCE,
        config.STATUS_PIN_FAILURE_WINDOW_MINUTES * 60,
      ),
      agencies,
      attacheCases,
      employers,
      queries: new ComplaintQueries(kit.redis, kit.namespace),
      idempotency: kit.idempotency,
      clock: kit.clock,
      config,
    });
    return {
      routes: (scope) =>
        complaintRoutes(scope, app, { statusRateLimitPerMinute: config.STATUS_RATE_LIMIT_PER_MINUTE }),
      // Overdue responses, reported once per breached deadline; every replica may run it (see sweep()).
      sweeps: [
        { name: 'overdue responses', intervalMs: config.OVERDUE_SWEEP_INTERVAL_MS, run: () => app.sweep() },
      ],
      // The service's own views of the registry's agencies and of attaché cases and employers (fed by
      // integration events).
      exposes: { app, agencies, attacheCases, employers },
    };
  },
});

if (import.meta.url === `file://${process.argv[1]}`)
  await serveHost({ name: CONTEXT, modules: { complaints: complaintsModule } });
