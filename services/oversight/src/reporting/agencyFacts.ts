import {
  AgencyApplicationRecorded,
  AgencyApplicationRejected,
  AgencyLicenceExpired,
  AgencyLicenceRenewed,
  AgencyLicensed,
  AgencyReinstated,
  AgencyRevoked,
  AgencySuspended,
} from '@kazi/contracts';
import { type IntervalTable, Phase, type RowSink } from './batchPlan.ts';
import { inBatch } from './integrationEvents.ts';

/** Licence changes: one interval per status an agency was in (generationSchema.sql `agency_status`). */
const agencyStatus: IntervalTable = {
  table: 'agency_status',
  key: 'agency_id',
  columns: {
    status: 'text',
    licence_number: 'text',
    licence_valid_from: 'date',
    licence_valid_until: 'date',
    suspended_until: 'date',
  },
  // A licence event for an agency whose application the stream no longer holds still starts a status.
  openIfMissing: true,
};

/**
 * The agency as last named: one upsert per batch, so the batch's events are folded per agency first (a
 * statement may not update a row twice). As the events one by one would leave it: the name and
 * registration number of the last event, the county of the last application (an application always
 * has one), and, for an agency new to the store, the first event's application time and position.
 */
const agencyRows: RowSink = {
  name: 'agency',
  phase: Phase.records,
  columns: {
    agency_id: 'text',
    name: 'text',
    registration_number: 'text',
    county: 'text',
    applied_at: 'timestamptz',
    position: 'bigint',
  },
  reduce(rows) {
    const byAgency = new Map<unknown, Record<string, unknown>>();
    for (const row of rows) {
      const seen = byAgency.get(row.agency_id);
      if (!seen) byAgency.set(row.agency_id, { ...row });
      else {
        seen.name = row.name;
        seen.registration_number = row.registration_number;
        if (row.county !== undefined) seen.county = row.county;
      }
    }
    return [...byAgency.values()];
  },
  sql: (source) =>
    'INSERT INTO agency AS a (agency_id, name, registration_number, county, applied_at, position) ' +
    `SELECT agency_id, name, registration_number, county, applied_at, position FROM ${source} ` +
    'ON CONFLICT (agency_id) DO UPDATE SET name = EXCLUDED.name, ' +
    'registration_number = EXCLUDED.registration_number, county = coalesce(EXCLUDED.county, a.county)',
};

/**
 * The agency registry's events as facts: the agency (its registered name, a company's, for the watchlist
 * and scorecards; registration number and county) and a status interval per licence change. A suspension's end date is
 * cleared by any later change; the licence's number and dates are carried along until a new one.
 */
export const agencyHandlers = [
  inBatch(AgencyApplicationRecorded, (d, { position }, batch) => {
    batch.row(agencyRows, {
      agency_id: d.agencyId,
      name: d.name,
      registration_number: d.registrationNumber,
      county: d.county,
      applied_at: d.at,
      position,
    });
    batch.change(agencyStatus, {
      id: d.agencyId,
      at: d.at,
      change: 'applied',
      position,
      set: { status: 'applied', suspended_until: null },
    });
  }),
  inBatch(AgencyApplicationRejected, (d, { position }, batch) =>
    batch.change(agencyStatus, {
      id: d.agencyId,
      at: d.at,
      change: 'rejected',
      position,
      set: { status: 'rejected', suspended_until: null },
    }),
  ),
  inBatch(AgencyLicensed, (d, { position }, batch) => {
    batch.row(agencyRows, {
      agency_id: d.agencyId,
      name: d.name,
      registration_number: d.registrationNumber,
      position,
    });
    batch.change(agencyStatus, {
      id: d.agencyId,
      at: d.at,
      change: 'licensed',
      position,
      set: {
        status: 'licensed',
        licence_number: d.licenceNumber,
        licence_valid_from: d.validFrom,
        licence_valid_until: d.validUntil,
        suspended_until: null,
      },
    });
  }),
  inBatch(AgencyLicenceRenewed, (d, { position }, batch) =>
    batch.change(agencyStatus, {
      id: d.agencyId,
      at: d.at,
      change: 'renewed',
      position,
      set: {
        status: 'licensed',
        licence_number: d.licenceNumber,
        licence_valid_until: d.validUntil,
        suspended_until: null,
      },
    }),
  ),
  inBatch(AgencySuspended, (d, { position }, batch) =>
    batch.change(agencyStatus, {
      id: d.agencyId,
      at: d.at,
      change: 'suspended',
      position,
      set: { status: 'suspended', suspended_until: d.until ?? null },
    }),
  ),
  inBatch(AgencyReinstated, (d, { position }, batch) =>
    batch.change(agencyStatus, {
      id: d.agencyId,
      at: d.at,
      change: 'reinstated',
      position,
      set: { status: 'licensed', suspended_until: null },
    }),
  ),
  inBatch(AgencyRevoked, (d, { position }, batch) =>
    batch.change(agencyStatus, {
      id: d.agencyId,
      at: d.at,
      change: 'revoked',
      position,
      set: { status: 'revoked', suspended_until: null },
    }),
  ),
  inBatch(AgencyLicenceExpired, (d, { position }, batch) =>
    batch.change(agencyStatus, {
      id: d.agencyId,
      at: d.at,
      change: 'expired',
      position,
      set: {
        status: 'expired',
        licence_number: d.licenceNumber,
        licence_valid_until: d.validUntil,
        suspended_until: null,
      },
    }),
  ),
];
