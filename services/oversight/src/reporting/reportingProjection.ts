import { readFileSync } from 'node:fs';
import { IntegrationEventCatalog } from '@kazi/contracts';
import { integrationEventSource } from '@kazi/messaging';
import { agencyHandlers } from './agencyFacts.ts';
import { agencyFlagHandlers } from './agencyFlags.ts';
import { blmaHandlers } from './blmaFacts.ts';
import { caseHandlers } from './caseFacts.ts';
import { complaintHandlers } from './complaintFacts.ts';
import { integrationSqlProjection } from './integrationEvents.ts';

/** The reporting model's name: its generations are the schemas `reporting_g<N>`, its views `reporting.*`. */
export const REPORTING = 'reporting';

/**
 * The reporting store: every integration event the oversight service uses, as facts with valid-time
 * intervals (generationSchema.sql), read through the `reporting` views (reportingViews.sql). Bump
 * `version` with any change to either file or to what a handler writes: the runner rebuilds.
 */
export const reportingProjection = integrationSqlProjection({
  name: REPORTING,
  version: 7,
  schemaSql: readFileSync(new URL('./generationSchema.sql', import.meta.url), 'utf8'),
  views: { schema: 'reporting', sql: readFileSync(new URL('./reportingViews.sql', import.meta.url), 'utf8') },
  handlers: [
    ...agencyHandlers,
    ...agencyFlagHandlers,
    ...complaintHandlers,
    ...caseHandlers,
    ...blmaHandlers,
  ],
});

/** The integration stream as the reporting projection reads it; invalid events join its dead letters. */
export const reportingSource = (namespace: string) =>
  integrationEventSource({
    namespace,
    catalog: new IntegrationEventCatalog(reportingProjection.definitions),
    deadLetterAs: 'oversight-reporting',
    // Every context's events on one ordered consumer (the store joins facts of all four services).
    passOverUnknownTypes: true,
  });
