import { AgencyApplicationRecorded } from '@kazi/contracts';
import { Phase, type RowSink } from './batchPlan.ts';
import { inBatch } from './integrationEvents.ts';

/** The registry's flag for an application one of whose directors directed a revoked agency (ADR 0007). */
export const DIRECTOR_OF_REVOKED_AGENCY = 'director-of-revoked-agency';

/** One row per flagged agency and revoked agency; a redelivered or repeated flag changes nothing. */
const agencyFlagRows: RowSink = {
  name: 'agency_flag',
  phase: Phase.facts,
  columns: {
    agency_id: 'text',
    kind: 'text',
    related_agency_id: 'text',
    flagged_at: 'timestamptz',
    position: 'bigint',
  },
  sql: (source) =>
    'INSERT INTO agency_flag (agency_id, kind, related_agency_id, flagged_at, position) ' +
    `SELECT agency_id, kind, related_agency_id, flagged_at, position FROM ${source} ON CONFLICT DO NOTHING`,
};

/**
 * Flags the registry raised on an agency's application (generationSchema.sql `agency_flag`): one row per
 * revoked agency whose director is a director of this one, for the risk rule `revoked-director`. The
 * event names those agencies by id only: who matched, and by which id, stays in the registry. An
 * application published before the field existed flags nothing.
 */
export const agencyFlagHandlers = [
  inBatch(AgencyApplicationRecorded, (d, { position }, batch) => {
    for (const related of d.directorOfRevokedAgency?.revokedAgencyIds ?? [])
      batch.row(agencyFlagRows, {
        agency_id: d.agencyId,
        kind: DIRECTOR_OF_REVOKED_AGENCY,
        related_agency_id: related,
        flagged_at: d.at,
        position,
      });
  }),
];
