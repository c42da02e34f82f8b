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
import { onEvent } from './integrationEvents.ts';
import { changeStatus, type IntervalTable } from './statusIntervals.ts';

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
 * The agency registry's events as facts: the agency (its registered name, a company's, for the watchlist
 * and scorecards; registration number and county) and a status interval per licence change. A suspension's end date is
 * cleared by any later change; the licence's number and dates are carried along until a new one.
 */
export const agencyHandlers = [
  onEvent(AgencyApplicationRecorded, (d, { position }) => [
    {
      text:
        'INSERT INTO agency (agency_id, name, registration_number, county, applied_at, position) ' +
        'VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (agency_id) DO UPDATE SET name = EXCLUDED.name, ' +
        'registration_number = EXCLUDED.registration_number, county = EXCLUDED.county',
      values: [d.agencyId, d.name, d.registrationNumber, d.county, d.at, position],
    },
    changeStatus(agencyStatus, {
      id: d.agencyId,
      at: d.at,
      change: 'applied',
      position,
      set: { status: 'applied', suspended_until: null },
    }),
  ]),
  onEvent(AgencyApplicationRejected, (d, { position }) => [
    changeStatus(agencyStatus, {
      id: d.agencyId,
      at: d.at,
      change: 'rejected',
      position,
      set: { status: 'rejected', suspended_until: null },
    }),
  ]),
  onEvent(AgencyLicensed, (d, { position }) => [
    {
      text:
        'INSERT INTO agency (agency_id, name, registration_number, position) VALUES ($1, $2, $3, $4) ' +
        'ON CONFLICT (agency_id) DO UPDATE SET name = EXCLUDED.name, ' +
        'registration_number = EXCLUDED.registration_number',
      values: [d.agencyId, d.name, d.registrationNumber, position],
    },
    changeStatus(agencyStatus, {
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
    }),
  ]),
  onEvent(AgencyLicenceRenewed, (d, { position }) => [
    changeStatus(agencyStatus, {
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
  ]),
  onEvent(AgencySuspended, (d, { position }) => [
    changeStatus(agencyStatus, {
      id: d.agencyId,
      at: d.at,
      change: 'suspended',
      position,
      set: { status: 'suspended', suspended_until: d.until ?? null },
    }),
  ]),
  onEvent(AgencyReinstated, (d, { position }) => [
    changeStatus(agencyStatus, {
      id: d.agencyId,
      at: d.at,
      change: 'reinstated',
      position,
      set: { status: 'licensed', suspended_until: null },
    }),
  ]),
  onEvent(AgencyRevoked, (d, { position }) => [
    changeStatus(agencyStatus, {
      id: d.agencyId,
      at: d.at,
      change: 'revoked',
      position,
      set: { status: 'revoked', suspended_until: null },
    }),
  ]),
  onEvent(AgencyLicenceExpired, (d, { position }) => [
    changeStatus(agencyStatus, {
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
  ]),
];
