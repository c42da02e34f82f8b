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
import { type IntervalTable, Phase, type RowSink } from './batchPlan.ts';
import { inBatch } from './integrationEvents.ts';

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
 * Lodgings: the complaint as lodged and its first status interval. A complaint already in the store (a
 * replay of its lodging) is left as it was: the first lodging of an id wins.
 */
const lodgings: RowSink = {
  name: 'complaint',
  phase: Phase.records,
  columns: {
    complaint_id: 'text',
    lodged_at: 'timestamptz',
    channel: 'text',
    sex: 'text',
    age_band: 'text',
    country: 'text',
    agency_id: 'text',
    agency_unmatched: 'boolean',
    employer_country: 'text',
    position: 'bigint',
    severity: 'text',
    categories: 'text[]',
    indicators: 'text[]',
    respond_by: 'timestamptz',
  },
  sql: (source) =>
    `WITH x AS (SELECT * FROM ${source}), ` +
    'lodged AS (INSERT INTO complaint (complaint_id, lodged_at, channel, sex, age_band, country, ' +
    'agency_id, agency_unmatched, employer_country, position) ' +
    'SELECT complaint_id, lodged_at, channel, sex, age_band, country, agency_id, agency_unmatched, ' +
    'employer_country, position FROM x ORDER BY position ON CONFLICT (complaint_id) DO NOTHING ' +
    'RETURNING complaint_key, position) ' +
    'INSERT INTO complaint_status (complaint_key, status, change, severity, categories, indicators, ' +
    'trafficking_suspected, respond_by, valid_from, position) ' +
    "SELECT l.complaint_key, 'lodged', 'lodged', x.severity, x.categories, x.indicators, false, " +
    'x.respond_by, x.lodged_at, x.position FROM lodged l JOIN x USING (position)',
};

/** Response deadlines nobody met, once per complaint and deadline. */
const breaches: RowSink = {
  name: 'complaint_deadline_breach',
  phase: Phase.facts,
  columns: {
    complaint_id: 'text',
    respond_by: 'timestamptz',
    severity: 'text',
    flagged_at: 'timestamptz',
    position: 'bigint',
  },
  sql: (source) =>
    'INSERT INTO complaint_deadline_breach (complaint_key, respond_by, severity, flagged_at, position) ' +
    `SELECT c.complaint_key, x.respond_by, x.severity, x.flagged_at, x.position FROM ${source} ` +
    'JOIN complaint c ON c.complaint_id = x.complaint_id AND c.position < x.position ' +
    'ORDER BY x.position ON CONFLICT (complaint_key, respond_by) DO NOTHING',
};

/**
 * The complaints service's events as facts. The reference, the agency's name as the caller said it and
 * every free text stay out: the lodging gives the dimensions (sex, age band, country, agency, channel),
 * each later event a new status interval.
 */
export const complaintHandlers = [
  inBatch(ComplaintLodged, (d, { position }, batch) =>
    batch.row(lodgings, {
      complaint_id: d.complaintId,
      lodged_at: d.at,
      channel: d.channel,
      sex: d.sex,
      age_band: d.ageBand,
      country: d.country,
      agency_id: d.agencyId ?? null,
      agency_unmatched: d.agencyId === undefined && d.agencyName !== undefined,
      employer_country: d.employerCountry ?? null,
      position,
      severity: d.severity,
      categories: d.categories,
      indicators: d.indicators,
      respond_by: d.respondBy,
    }),
  ),
  inBatch(ComplaintTriaged, (d, { position }, batch) =>
    batch.change(complaintStatus, {
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
  ),
  inBatch(ComplaintReferred, (d, { position }, batch) =>
    batch.change(complaintStatus, {
      id: d.complaintId,
      at: d.at,
      change: 'referred',
      position,
      set: { status: 'referred', referred_to: d.to, categories: d.categories, severity: d.severity },
    }),
  ),
  inBatch(ComplaintResolved, (d, { position }, batch) =>
    batch.change(complaintStatus, {
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
  ),
  inBatch(ComplaintClosed, (d, { position }, batch) =>
    batch.change(complaintStatus, {
      id: d.complaintId,
      at: d.at,
      change: 'closed',
      position,
      set: { status: 'closed' },
    }),
  ),
  inBatch(ComplaintReopened, (d, { position }, batch) =>
    batch.change(complaintStatus, {
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
  ),
  inBatch(ComplaintWithdrawn, (d, { position }, batch) =>
    batch.change(complaintStatus, {
      id: d.complaintId,
      at: d.at,
      change: 'withdrawn',
      position,
      set: { status: 'withdrawn' },
    }),
  ),
  inBatch(ComplaintResponseOverdue, (d, { position }, batch) =>
    batch.row(breaches, {
      complaint_id: d.complaintId,
      respond_by: d.respondBy,
      severity: d.severity,
      flagged_at: d.at,
      position,
    }),
  ),
  // The store holds nothing that identifies the complainant, so an erasure changes nothing here.
  inBatch(ComplainantDataErased, () => {}),
];
