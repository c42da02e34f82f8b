/**
 * The composition root: which modules the embedded default runs. `npm start` serves them all in one
 * process (embedded.ts); the whole-system tests and the benchmark start the same set. A deployment runs
 * one module per process instead (each service's main.ts).
 */
import { agencyRegistryModule } from '@kazi/agency-registry';
import { attacheCasesModule } from '@kazi/attache-cases';
import { blmaRecordsModule } from '@kazi/blma-records';
import { complaintsModule } from '@kazi/complaints';
import type { Clock } from '@kazi/core';
import { type RunningHost, startHost } from '@kazi/host';
import { oversightModule } from '@kazi/oversight';

export const SYSTEM_NAME = 'kazi-salama';

/**
 * Every module, in start order: the registry's integration events feed the complaints' agency view, and
 * complaints referred to the labour attaché open attaché cases.
 */
export const systemModules = {
  agencyRegistry: agencyRegistryModule,
  complaints: complaintsModule,
  attacheCases: attacheCasesModule,
  blmaRecords: blmaRecordsModule,
  // Last: it reads every other module's integration events into the reporting store (PostgreSQL).
  oversight: oversightModule,
};

export type RunningSystemInProcess = RunningHost<typeof systemModules>;

export function startSystem(
  options: { env?: Record<string, string | undefined>; clock?: Clock; listen?: boolean } = {},
): Promise<RunningSystemInProcess> {
  return startHost({ name: SYSTEM_NAME, modules: systemModules, ...options });
}
