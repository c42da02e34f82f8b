import {
  ComplainantDataErased,
  ComplaintClosed,
  ComplaintLodged,
  ComplaintReferred,
  ComplaintReopened,
  ComplaintResolved,
  ComplaintResponseOverdue,
  ComplaintTriaged,
  ComplaintWithdrawn,
} from '@kazi/contracts';
import { onEvent } from './integrationEvents.ts';
import { changeStatus, type IntervalTable } from './statusIntervals.ts';

/** A complaint's status and classification over time (generationSchema.sql `complaint_status`). */
const complaintStatus: IntervalTable = {
  table: 'complaint_status',
  key: 'complaint_key',
  lookup: { table: 'complaint', idColumn: 'complaint_id' },
  columns: {
    status: 'text',
    severity: 'text',
    categories: 'text[]',
    indicators: 'text[]',
    trafficking_suspected: 'boolean',
    referred_to: 'text',
    outcome: 'text',
    remedy_kind: 'text',
    remedy_amount: 'numeric',
    remedy_currency: 'text',
    respond_by: 'timestamptz',
  },
  // Without its lodging the store knows nothing to count a complaint by: later events of it are dropped.
  openIfMissing: false,
};

/**
 * The complaints service's events as facts. The reference, the agency's name as the caller said it and
 * every free text stay out: the lodging gives the dimensions (sex, age band, country, agency, channel),
 * each later event a new status interval.
 */
export const complaintHandlers = [
  onEvent(ComplaintLodged, (d, { position }) => [
    {
      text:
        'WITH lodged AS (INSERT INTO complaint (complaint_id, lodged_at, channel, sex, age_band, country, ' +
        'agency_id, agency_unmatched, employer_country, position) ' +
        'VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (complaint_id) DO NOTHING ' +
        'RETURNING complaint_key) ' +
        'INSERT INTO complaint_status (complaint_key, status, change, severity, categories, indicators, ' +
        'trafficking_suspected, respond_by, valid_from, position) ' +
        "SELECT complaint_key, 'lodged', 'lodged', $11, $12::text[], $13::text[], false, $14, $2, $10 FROM lodged",
      values: [
        d.complaintId,
        d.at,
        d.channel,
        d.sex,
        d.ageBand,
        d.country,
        d.agencyId ?? null,
        d.agencyId === undefined && d.agencyName !== undefined,
        d.employerCountry ?? null,
        position,
        d.severity,
        d.categories,
        d.indicators,
        d.respondBy,
      ],
    },
  ]),
  onEvent(ComplaintTriaged, (d, { position }) => [
    changeStatus(complaintStatus, {
      id: d.complaintId,
      at: d.at,
      change: 'triaged',
      position,
      set: {
        status: 'triaged',
        categories: d.categories,
        indicators: d.indicators,
        trafficking_suspected: d.traffickingSuspected,
        severity: d.severity,
      },
    }),
  ]),
  onEvent(ComplaintReferred, (d, { position }) => [
    changeStatus(complaintStatus, {
      id: d.complaintId,
      at: d.at,
      change: 'referred',
      position,
      set: { status: 'referred', referred_to: d.to, categories: d.categories, severity: d.severity },
    }),
  ]),
  onEvent(ComplaintResolved, (d, { position }) => [
    changeStatus(complaintStatus, {
      id: d.complaintId,
      at: d.at,
      change: 'resolved',
      position,
      set: {
        status: 'resolved',
        outcome: d.outcome,
        remedy_kind: d.remedy?.kind ?? null,
        remedy_amount: d.remedy?.amount ?? null,
        remedy_currency: d.remedy?.currency ?? null,
      },
    }),
  ]),
  onEvent(ComplaintClosed, (d, { position }) => [
    changeStatus(complaintStatus, {
      id: d.complaintId,
      at: d.at,
      change: 'closed',
      position,
      set: { status: 'closed' },
    }),
  ]),
  onEvent(ComplaintReopened, (d, { position }) => [
    changeStatus(complaintStatus, {
      id: d.complaintId,
      at: d.at,
      change: 'reopened',
      position,
      set: {
        status: 'reopened',
        respond_by: d.respondBy,
        outcome: null,
        remedy_kind: null,
        remedy_amount: null,
        remedy_currency: null,
      },
    }),
  ]),
  onEvent(ComplaintWithdrawn, (d, { position }) => [
    changeStatus(complaintStatus, {
      id: d.complaintId,
      at: d.at,
      change: 'withdrawn',
      position,
      set: { status: 'withdrawn' },
    }),
  ]),
  onEvent(ComplaintResponseOverdue, (d, { position }) => [
    {
      text:
        'INSERT INTO complaint_deadline_breach (complaint_key, respond_by, severity, flagged_at, position) ' +
        'SELECT complaint_key, $2, $3, $4, $5 FROM complaint WHERE complaint_id = $1 ' +
        'ON CONFLICT (complaint_key, respond_by) DO NOTHING',
      values: [d.complaintId, d.respondBy, d.severity, d.at, position],
    },
  ]),
  // The store holds nothing that identifies the complainant, so an erasure changes nothing here.
  onEvent(ComplainantDataErased, () => []),
];
