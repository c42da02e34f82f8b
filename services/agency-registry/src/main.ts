/**
 * The agency registry as a service module: what it is, declared; the host wires it. Run this file alone
 * to serve the registry in a process of its own (a deployment runs one module per process).
 */
import { defineModule, serveHost } from '@kazi/host';
import { AgencyRegistryApp } from './application/agencyRegistryApp.ts';
import { directorFingerprinter } from './application/directorFingerprint.ts';
import { type AgencyRegistryConfig, agencyRegistryConfigSchema } from './config.ts';
import { agencyDecider, toIntegrationEvents } from './domain/agency/index.ts';
import { identifierClaim } from './domain/identifierClaim.ts';
import { licenceNumberSequence } from './domain/licenceNumberSequence.ts';
import { agencyRoutes } from './http/routes.ts';
import { agencyReadModelsProjection } from './projections/agencyReadModels.ts';
import { agencyIdOf } from './projections/eventNames.ts';
import { AgencyQueries } from './projections/queries.ts';

export const CONTEXT = 'agency-registry';

export const agencyRegistryModule = defineModule({
  context: CONTEXT,
  configSchema: agencyRegistryConfigSchema,
  aggregates: {
    // Bump stateSchemaVersion when AgencyState's shape changes: older snapshots are then replayed instead.
    agencies: { decider: agencyDecider, stateSchemaVersion: 3, snapshots: true },
    claims: { decider: identifierClaim, stateSchemaVersion: 1 },
    licenceNumbers: { decider: licenceNumberSequence, stateSchemaVersion: 1, snapshots: true },
  },
  // Directors' names and identity numbers, sealed per director.
  personalData: (config) => config.PERSONAL_DATA_MASTER_KEY,
  // Read models and integration events come from agencies alone, not from claims or licence sequences.
  projections: (kit) => [{ projection: agencyReadModelsProjection, source: kit.commits('agency.>') }],
  integration: {
    streams: 'agency.>',
    map: (event) => {
      const agencyId = agencyIdOf(event.streamName);
      return agencyId ? toIntegrationEvents(event, agencyId).map((m) => ({ ...m, subject: agencyId })) : [];
    },
  },
  start(kit) {
    const config = kit.config as AgencyRegistryConfig;
    const { vault } = kit;
    const app = new AgencyRegistryApp({
      ...kit.handlers,
      store: kit.store,
      vault,
      queries: new AgencyQueries(kit.redis, kit.namespace),
      idempotency: kit.idempotency,
      clock: kit.clock,
      config,
      fingerprint: directorFingerprinter(config.DIRECTOR_FINGERPRINT_SECRET),
    });
    return {
      routes: (scope) => agencyRoutes(scope, app),
      // Clock-driven expiry and suspension ends; every replica may run it (see AgencyRegistryApp.sweep).
      sweeps: [
        {
          name: 'licence expiry / suspension end',
          intervalMs: config.EXPIRY_SWEEP_INTERVAL_MS,
          run: () => app.sweep(),
        },
      ],
      // Directors' keys: POST /agencies/:id/directors/:directorIndex/erasure destroys one.
      exposes: { app, vault },
    };
  },
});

if (import.meta.url === `file://${process.argv[1]}`)
  await serveHost({ name: CONTEXT, modules: { agencyRegistry: agencyRegistryModule } });
