-- One generation of the reporting model (schema reporting_g<N>), created empty and filled from the
-- integration stream. Names are unqualified: the runner sets search_path to the generation's schema.
-- No personal data: ids of organisations and records, codes and dates only. Every status is a valid-time
-- interval [valid_from, valid_to): valid_to NULL while it holds, so "as of T" is
--   valid_from <= T AND (valid_to IS NULL OR valid_to > T).
-- valid_from is the time the publishing service decided the change (the event's `at`): the log's time.
-- No foreign keys: the projection is the only writer and keeps references whole; a check per row would
-- cost every batch.
-- Changing this file changes the model: bump the projection's version (reportingProjection.ts).

-- Agencies (agency registry). An agency is an organisation: its registry id is not personal data.
CREATE TABLE agency (
  agency_id text PRIMARY KEY,
  registration_number text,
  county text,
  applied_at timestamptz,
  position bigint NOT NULL
);

-- One row per licence change (applied, rejected, licensed, renewed, suspended, reinstated, revoked,
-- expired): the status it started and how long that held.
CREATE TABLE agency_status (
  agency_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('applied', 'rejected', 'licensed', 'suspended', 'revoked', 'expired')),
  change text NOT NULL,
  licence_number text,
  licence_valid_from date,
  licence_valid_until date,
  suspended_until date,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz CHECK (valid_to >= valid_from),
  position bigint NOT NULL
);
CREATE UNIQUE INDEX agency_status_current ON agency_status (agency_id) WHERE valid_to IS NULL;
CREATE INDEX agency_status_by_agency ON agency_status (agency_id, valid_from);
CREATE INDEX agency_status_by_time ON agency_status (status, valid_from);

-- Complaints (complaints service): what was known at lodging. complaint_key is this generation's own
-- number for a complaint; the reporting views show it instead of the complaints service's id, which an
-- officer could look the complainant up by.
CREATE TABLE complaint (
  complaint_key bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  complaint_id text NOT NULL UNIQUE,
  lodged_at timestamptz NOT NULL,
  lodged_on date GENERATED ALWAYS AS (reporting_ref.local_date(lodged_at)) STORED,
  lodged_quarter text GENERATED ALWAYS AS (reporting_ref.quarter_of(reporting_ref.local_date(lodged_at))) STORED,
  channel text NOT NULL,
  sex text NOT NULL,
  age_band text NOT NULL,
  -- Where the worker is: the destination country of the indicators.
  country text NOT NULL,
  -- The registry id when the caller named a registered agency.
  agency_id text,
  -- The caller named an agency the registry could not match (its words are not kept: they may name a person).
  agency_unmatched boolean NOT NULL,
  employer_country text,
  position bigint NOT NULL
);
CREATE INDEX complaint_by_agency ON complaint (agency_id) WHERE agency_id IS NOT NULL;
CREATE INDEX complaint_by_lodging ON complaint (lodged_on);

-- One row per change of a complaint's status or classification, with how long it held.
CREATE TABLE complaint_status (
  complaint_key bigint NOT NULL,
  status text NOT NULL
    CHECK (status IN ('lodged', 'triaged', 'referred', 'resolved', 'closed', 'reopened', 'withdrawn')),
  change text NOT NULL,
  severity text NOT NULL,
  categories text[] NOT NULL,
  -- The ILO forced-labour indicators found so far.
  indicators text[] NOT NULL,
  trafficking_suspected boolean NOT NULL,
  referred_to text,
  outcome text,
  remedy_kind text,
  remedy_amount numeric,
  remedy_currency text,
  respond_by timestamptz,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz CHECK (valid_to >= valid_from),
  position bigint NOT NULL
);
CREATE UNIQUE INDEX complaint_status_current ON complaint_status (complaint_key) WHERE valid_to IS NULL;
CREATE INDEX complaint_status_by_complaint ON complaint_status (complaint_key, valid_from);
CREATE INDEX complaint_status_by_time ON complaint_status (valid_from);

-- A response deadline nobody met (once per breached deadline).
CREATE TABLE complaint_deadline_breach (
  complaint_key bigint NOT NULL,
  respond_by timestamptz NOT NULL,
  severity text NOT NULL,
  flagged_at timestamptz NOT NULL,
  position bigint NOT NULL,
  PRIMARY KEY (complaint_key, respond_by)
);

-- Next (attaché cases, BLMA records), the same shape: a table of what is known at opening keyed by a
-- generation-local number (case: mission country, type, sex, age band, ISCO-08 occupation, employer id),
-- a *_status interval table per lifecycle (case status; repatriation stage with safe_and_dignified;
-- agreement status), and event facts for one-off things (case actions, committee decisions).
