/**
 * The attaché-cases service as a service module: what it is, declared; the host wires it. Run this file
 * alone to serve attaché cases in a process of its own (a deployment runs one module per process).
 */
import { defineModule, serveHost } from '@kazi/host';
import {
  CASE_CATEGORY,
  type CaseCommands,
  casePolicies,
  EMPLOYER_CATEGORY,
  type EmployerCommands,
  employerPolicies,
} from './application/caseCommands.ts';
import { CasesApp } from './application/casesApp.ts';
import { ComplaintFacts } from './application/complaintFacts.ts';
import { EmployersApp } from './application/employersApp.ts';
import { missionDay } from './application/missionDay.ts';
import { complaintReferralsConsumer } from './application/referralConsumer.ts';
import { updateFingerprinter } from './application/updateFingerprint.ts';
import { WorkerSealing } from './application/workerSealing.ts';
import { type AttacheCasesConfig, attacheCasesConfigSchema } from './config.ts';
import {
  caseDecider,
  caseIntegrationEvents,
  employerDecider,
  employerIntegrationEvents,
} from './domain/index.ts';
import { caseRoutes } from './http/caseRoutes.ts';
import { employerRoutes } from './http/employerRoutes.ts';
import { caseFeedProjection, caseIdOf } from './projections/caseFeed.ts';
import { CaseFeedQueries } from './projections/caseFeedQueries.ts';
import { employerDirectoryProjection, employerIdOf } from './projections/employerDirectory.ts';
import { EmployerDirectoryQueries } from './projections/employerDirectoryQueries.ts';

export const CONTEXT = 'attache-cases';

export const attacheCasesModule = defineModule({
  context: CONTEXT,
  configSchema: attacheCasesConfigSchema,
  aggregates: {
    // Bump stateSchemaVersion when CaseState's shape changes: older snapshots are then replayed instead.
    cases: {
      decider: caseDecider,
      stateSchemaVersion: 1,
      snapshots: true,
      category: CASE_CATEGORY,
      commands: casePolicies,
    },
    employers: {
      decider: employerDecider,
      stateSchemaVersion: 1,
      category: EMPLOYER_CATEGORY,
      commands: employerPolicies,
    },
  },
  // The worker's name, passport number, phone, date of birth, whereabouts and every text about them,
  // sealed per worker.
  personalData: (config) => config.PERSONAL_DATA_MASTER_KEY,
  projections: (kit) => [
    { projection: caseFeedProjection, source: kit.commits(`${CASE_CATEGORY}.>`) },
    { projection: employerDirectoryProjection, source: kit.commits(`${EMPLOYER_CATEGORY}.>`) },
  ],
  integration: {
    // Both aggregates: cases (opened, updated, stages, closed) and employers (vetted).
    streams: '>',
    map: (event) => {
      const caseId = caseIdOf(event.streamName);
      if (caseId) return caseIntegrationEvents(event, caseId).map((m) => ({ ...m, subject: caseId }));
      const employerId = employerIdOf(event.streamName);
      if (employerId)
        return employerIntegrationEvents(event, employerId).map((m) => ({ ...m, subject: employerId }));
      return [];
    },
  },
  start(kit) {
    const config = kit.config as AttacheCasesConfig;
    const cases: CaseCommands = kit.commands.cases;
    const employers: EmployerCommands = kit.commands.employers;
    const feed = new CaseFeedQueries(kit.redis, kit.namespace);
    const directory = new EmployerDirectoryQueries(kit.redis, kit.namespace);
    const facts = new ComplaintFacts(kit.redis, kit.namespace);
    const casesApp = new CasesApp({
      cases,
      employers,
      sealing: new WorkerSealing(kit.vault),
      feed,
      directory,
      fingerprint: updateFingerprinter(config.UPDATE_FINGERPRINT_SECRET),
      today: missionDay(config.MISSION_TIME_ZONES),
    });
    const employersApp = new EmployersApp({ employers, directory, feed });
    // A complaint referred to the labour attaché opens a case in the mission of its country.
    const referrals = complaintReferralsConsumer({ cases, facts });
    return {
      routes: (scope) => {
        caseRoutes(scope, casesApp, kit.idempotency);
        employerRoutes(scope, employersApp, kit.idempotency);
      },
      consumers: [referrals],
      exposes: {
        cases: casesApp,
        employers: employersApp,
        feed,
        facts,
        referrals,
        vault: kit.vault,
        store: kit.store,
      },
    };
  },
});

if (import.meta.url === `file://${process.argv[1]}`)
  await serveHost({ name: CONTEXT, modules: { attacheCases: attacheCasesModule } });
