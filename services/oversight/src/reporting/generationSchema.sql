-- One generation of the reporting model (schema reporting_g<N>), created empty and filled from the
-- integration stream. Names are unqualified: the runner sets search_path to the generation's schema.
-- No personal data: ids of organisations and records, codes and dates only. Every status is a valid-time
-- interval [valid_from, valid_to): valid_to NULL while it holds, so "as of T" is
--   valid_from <= T AND (valid_to IS NULL OR valid_to > T).
-- valid_from is the time the publishing service decided the change (the event's `at`): the log's time.
-- No foreign keys: the projection is the only writer and keeps references whole; a check per row would
-- cost every batch.
-- Changing this file changes the model: bump the projection's version (reportingProjection.ts).
-- A rebuild creates its generation without the secondary indexes (plain CREATE INDEX, not UNIQUE) and
-- creates them in one pass each before the switch (pgProjection.ts splitSchema): one the projection's own
-- statements need to find rows while it builds ends its line with `-- while building`. Primary keys and
-- unique indexes (ON CONFLICT, the look-ups by id and the open intervals) are always there.

-- The running merge of a batch's status changes (batchPlan.ts changeStatuses): each change sets some
-- columns, as a jsonb object; merged in stream order over a window, they give each new interval's columns.
CREATE AGGREGATE jsonb_merge(jsonb) (SFUNC = jsonb_concat, STYPE = jsonb, INITCOND = '{}');

-- Agencies (agency registry). An agency is an organisation: its registry id and its registered name (a
-- company's) are not personal data; its directors never reach this store.
CREATE TABLE agency (
  agency_id text PRIMARY KEY,
  name text,
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
CREATE INDEX agency_status_by_start ON agency_status (valid_from);

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
CREATE INDEX complaint_status_by_end ON complaint_status (valid_to) WHERE valid_to IS NOT NULL;

-- A response deadline nobody met (once per breached deadline).
CREATE TABLE complaint_deadline_breach (
  complaint_key bigint NOT NULL,
  respond_by timestamptz NOT NULL,
  severity text NOT NULL,
  flagged_at timestamptz NOT NULL,
  position bigint NOT NULL,
  PRIMARY KEY (complaint_key, respond_by)
);

-- Attaché cases (attaché-cases service): what was known at opening. case_key is this generation's own
-- number for a case: the views show it instead of the service's case id, which an officer could look the
-- worker up by. The link to a complaint is resolved to that complaint's key and agency when the case opens
-- (a referred complaint is always on the log before the case it opens).
CREATE TABLE attache_case (
  case_key bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id text NOT NULL UNIQUE,
  case_type text NOT NULL,
  -- The mission: the country where the worker is.
  country text NOT NULL,
  complaint_id text,
  complaint_key bigint,
  agency_id text,
  sex text NOT NULL,
  age_band text,
  -- ISCO-08 code as given; its major group joins reporting_ref.occupation_group.
  occupation text,
  occupation_group text GENERATED ALWAYS AS (left(occupation, 1)) STORED,
  employer_id text,
  opened_at timestamptz NOT NULL,
  opened_on date GENERATED ALWAYS AS (reporting_ref.local_date(opened_at)) STORED,
  opened_quarter text GENERATED ALWAYS AS (reporting_ref.quarter_of(reporting_ref.local_date(opened_at))) STORED,
  -- The closure (a case is closed once); the same as its last attache_case_status interval.
  closed_at timestamptz,
  closed_on date GENERATED ALWAYS AS (reporting_ref.local_date(closed_at)) STORED,
  outcome text,
  position bigint NOT NULL
);
CREATE INDEX attache_case_by_country ON attache_case (country, opened_on);
CREATE INDEX attache_case_by_opening ON attache_case (opened_on);
CREATE INDEX attache_case_by_agency ON attache_case (agency_id) WHERE agency_id IS NOT NULL;
CREATE INDEX attache_case_by_employer ON attache_case (employer_id) WHERE employer_id IS NOT NULL;

-- A case's status over time: open from its opening, closed (with the outcome) from its closure; and the
-- worker's details as statistics count them (the opening's, then each correction's: a correction is a
-- change of its own, carrying the status over), so indicators count a case by its details as of `asOf`.
CREATE TABLE attache_case_status (
  case_key bigint NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'closed')),
  change text NOT NULL,
  outcome text,
  sex text NOT NULL,
  age_band text,
  occupation text,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz CHECK (valid_to >= valid_from),
  position bigint NOT NULL
);
CREATE UNIQUE INDEX attache_case_status_current ON attache_case_status (case_key) WHERE valid_to IS NULL;
CREATE INDEX attache_case_status_by_case ON attache_case_status (case_key, valid_from);
CREATE INDEX attache_case_status_by_time ON attache_case_status (valid_from);
CREATE INDEX attache_case_status_by_end ON attache_case_status (valid_to) WHERE valid_to IS NOT NULL;

-- Each action an attaché recorded (its kind only, never its note): hearings, wages recovered, … One row
-- per integration event, so its position is its key.
CREATE TABLE attache_case_action (
  position bigint PRIMARY KEY,
  case_key bigint NOT NULL,
  action text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX attache_case_action_by_case ON attache_case_action (case_key, at);
CREATE INDEX attache_case_action_by_kind ON attache_case_action (action, at);

-- A worker's stay in a shelter: from the admission to the discharge (valid_to NULL while there).
CREATE TABLE shelter_stay (
  case_key bigint NOT NULL,
  country text NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz CHECK (valid_to >= valid_from),
  position bigint NOT NULL
);
CREATE UNIQUE INDEX shelter_stay_current ON shelter_stay (case_key) WHERE valid_to IS NULL;
CREATE INDEX shelter_stay_by_country ON shelter_stay (country, valid_from);

-- A case's repatriation (one per case; an abandoned one planned again is the same repatriation). Sex and
-- age band are the latest a stage carried (a correction reaches statistics with the next stage), else the
-- opening's; the arrival gives GCM indicator 30.4.1 (repatriated safely and with dignity, by sex).
CREATE TABLE repatriation (
  case_key bigint PRIMARY KEY,
  country text NOT NULL,
  sex text NOT NULL,
  age_band text,
  -- The remains of a deceased worker, not a living worker.
  remains boolean NOT NULL,
  planned_on date,
  arrived_on date,
  arrived_quarter text GENERATED ALWAYS AS (reporting_ref.quarter_of(arrived_on)) STORED,
  arrived_at timestamptz,
  safe_and_dignified boolean,
  position bigint NOT NULL
);
CREATE INDEX repatriation_by_arrival ON repatriation (arrived_on) WHERE arrived_on IS NOT NULL;
CREATE INDEX repatriation_by_recording ON repatriation (arrived_at) WHERE arrived_at IS NOT NULL;

-- The stages a repatriation went through; stage_on is the day the stage was reached (it may be earlier
-- than valid_from, when the attaché recorded it later).
CREATE TABLE repatriation_stage (
  case_key bigint NOT NULL,
  stage text NOT NULL CHECK (stage IN ('planned', 'documents-ready', 'departed', 'arrived', 'abandoned')),
  change text NOT NULL,
  stage_on date NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz CHECK (valid_to >= valid_from),
  position bigint NOT NULL
);
CREATE UNIQUE INDEX repatriation_stage_current ON repatriation_stage (case_key) WHERE valid_to IS NULL;
CREATE INDEX repatriation_stage_by_case ON repatriation_stage (case_key, valid_from);
CREATE INDEX repatriation_stage_by_time ON repatriation_stage (stage, valid_from);

-- Employers abroad as attachés vetted them, by id and country. Only the id: an employer of a domestic
-- worker is often a private person, so its name is left out.
CREATE TABLE employer_status (
  employer_id text NOT NULL,
  country text NOT NULL,
  status text NOT NULL CHECK (status IN ('cleared', 'flagged', 'blacklisted')),
  change text NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz CHECK (valid_to >= valid_from),
  position bigint NOT NULL
);
CREATE UNIQUE INDEX employer_status_current ON employer_status (employer_id) WHERE valid_to IS NULL;
CREATE INDEX employer_status_by_employer ON employer_status (employer_id, valid_from);
CREATE INDEX employer_status_by_country ON employer_status (country, status);

-- Bilateral labour migration agreements (BLMA records). An agreement is between states: its id is not
-- personal data. Its title and every officer's text stay in the BLMA service.
CREATE TABLE agreement (
  agreement_id text PRIMARY KEY,
  partner_country text NOT NULL,
  kind text NOT NULL,
  recorded_at timestamptz NOT NULL,
  -- The latest known days (the status intervals hold the history).
  signed_on date,
  in_force_on date,
  ended_on date,
  position bigint NOT NULL
);
CREATE INDEX agreement_by_country ON agreement (partner_country);

-- An agreement's status over the log's time (valid_from/valid_to), each row with the day its change took
-- effect (effective_on; NULL for the recording): an agreement signed in 2017 and recorded in 2026 has
-- valid_from in 2026 and effective_on in 2017.
CREATE TABLE agreement_status (
  agreement_id text NOT NULL,
  status text NOT NULL
    CHECK (status IN ('negotiating', 'signed', 'in-force', 'under-review', 'expired', 'terminated')),
  change text NOT NULL,
  effective_on date,
  -- The latest amendment's number (NULL before the first).
  amendment integer,
  -- A review's recommendation (renew, amend, terminate), on the row the review started.
  recommendation text,
  review_due date,
  -- The last day in force, when the agreement has one.
  expiry date,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz CHECK (valid_to >= valid_from),
  position bigint NOT NULL
);
CREATE UNIQUE INDEX agreement_status_current ON agreement_status (agreement_id) WHERE valid_to IS NULL;
CREATE INDEX agreement_status_by_agreement ON agreement_status (agreement_id, valid_from);
CREATE INDEX agreement_status_by_time ON agreement_status (status, valid_from);

-- The terms in force: per version of an agreement's terms (amendment 0: those it entered into force
-- with) the provision kinds and ISCO-08 sectors, in force on the days [in_force_from, in_force_to)
-- (in_force_to: the first day no longer in force, by an amendment, expiry or termination; NULL while
-- they stand). Bitemporal: when a later event ends a version, its row is closed in the log's time
-- (valid_to) and a copy with in_force_to opens, so "in force on day D as the log stood at T" is
--   in_force_from <= D AND (in_force_to IS NULL OR in_force_to > D)
--   AND valid_from <= T AND (valid_to IS NULL OR valid_to > T)
-- and as known now: valid_to IS NULL.
CREATE TABLE agreement_terms (
  agreement_id text NOT NULL,
  partner_country text NOT NULL,
  amendment integer NOT NULL,
  provision_kinds text[] NOT NULL,
  sectors text[] NOT NULL,
  in_force_from date NOT NULL,
  in_force_to date CHECK (in_force_to >= in_force_from),
  valid_from timestamptz NOT NULL,
  valid_to timestamptz CHECK (valid_to >= valid_from),
  position bigint NOT NULL
);
CREATE INDEX agreement_terms_by_agreement ON agreement_terms (agreement_id, in_force_from); -- while building
CREATE INDEX agreement_terms_standing ON agreement_terms (partner_country, in_force_from) WHERE valid_to IS NULL;

-- A joint committee's meetings (the institutions present stay in the BLMA service; their countries are kept).
CREATE TABLE committee_meeting (
  meeting_id text PRIMARY KEY,
  agreement_id text NOT NULL,
  partner_country text NOT NULL,
  held_on date NOT NULL,
  institution_countries text[] NOT NULL,
  actions integer NOT NULL,
  position bigint NOT NULL
);
CREATE INDEX committee_meeting_by_agreement ON committee_meeting (agreement_id, held_on);

-- A committee action's status over time: open from its meeting, overdue when the clock found its due day
-- passed, done (done_on, was_overdue) when reported done. Its wording and owner stay in the BLMA service.
CREATE TABLE committee_action_status (
  action_id text NOT NULL,
  agreement_id text NOT NULL,
  meeting_id text NOT NULL,
  partner_country text NOT NULL,
  due date NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'overdue', 'done')),
  change text NOT NULL,
  done_on date,
  was_overdue boolean,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz CHECK (valid_to >= valid_from),
  position bigint NOT NULL
);
CREATE UNIQUE INDEX committee_action_status_current ON committee_action_status (action_id) WHERE valid_to IS NULL;
CREATE INDEX committee_action_status_by_agreement ON committee_action_status (agreement_id, valid_from);
CREATE INDEX committee_action_status_by_country ON committee_action_status (partner_country, status);

-- Flags the agency registry raised on an application (agencyFlags.ts): for now one kind, an application
-- one of whose directors directed a revoked agency, the revoked agency named by its id (never the director:
-- ADR 0007). The risk rule `revoked-director` counts them.
CREATE TABLE agency_flag (
  agency_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('director-of-revoked-agency')),
  related_agency_id text NOT NULL,
  flagged_at timestamptz NOT NULL,
  position bigint NOT NULL,
  PRIMARY KEY (agency_id, kind, related_agency_id)
);

-- What changed after a stream position, for the watchlist's ranking (queries/riskRanking.ts rescores the
-- agencies whose facts changed). BRIN: positions grow with the rows as they are appended, so a summary
-- per block range finds the tail, and costs the projection's inserts next to nothing.
CREATE INDEX agency_by_position ON agency USING brin (position);
CREATE INDEX agency_status_by_position ON agency_status USING brin (position);
CREATE INDEX agency_flag_by_position ON agency_flag USING brin (position);
CREATE INDEX complaint_by_position ON complaint USING brin (position);
CREATE INDEX complaint_status_by_position ON complaint_status USING brin (position);
CREATE INDEX complaint_deadline_breach_by_position ON complaint_deadline_breach USING brin (position);


-- Indicator aggregates (queries/indicators.ts, ADR 0009), so a request sums a number of rows that
-- depends on the period and the dimensions, not on the number of complaints or cases, and `asOf` stays
-- exact. An interval that counts adds +1 on the Nairobi day it starts (valid_from, the log's time) and
-- −1 on the day it ends (valid_to), in the month the fact counts in (lodging, opening), per dimensions:
-- - `*_daily`: those deltas per day recorded;
-- - `*_monthly`: their running sum at the end of each month recorded (as_of_month, its first day), from
--   the first month anything was recorded to the latest: the counts as the log stood at that month's end.
-- Each at three grains (`grain`): 0 by every dimension and month; 1 by sex and country only (age band and
-- occupation '*') and month; 2 the same by quarter (the month column holds the quarter's first month). A
-- breakdown without age band or occupation (the national indicators by sex and destination, the bench's
-- sex × country × quarter) sums ~45 rows per quarter of the period (grain 2) and per month outside whole
-- quarters (grain 1), not ~1,000 per month (every age band × occupation group).
-- "As of T" (day D) for the months of the period = the latest month-end before D's month + the deltas of
-- D's month recorded before D + D's own changes up to T, read from the interval tables (indexed on
-- valid_from and valid_to: one day's changes). Kept by statement-level triggers with transition tables:
-- set-based, in the batch's transaction, whatever statement writes the intervals (batchPlan.ts
-- changeStatuses, statusIntervals.ts changeStatus, the opening sinks). The projection only ever inserts
-- intervals (open, or already ended within a batch) and closes an open one (sets its valid_to): an insert
-- adds both its deltas, a closing its end's.
CREATE TABLE complaint_daily (
  recorded_on date NOT NULL,
  grain smallint NOT NULL,
  lodged_month date NOT NULL,
  sex text NOT NULL,
  age_band text NOT NULL,
  country text NOT NULL,
  lodged integer NOT NULL,
  resolved integer NOT NULL,
  PRIMARY KEY (recorded_on, grain, lodged_month, sex, age_band, country)
);
CREATE TABLE complaint_monthly (
  as_of_month date NOT NULL,
  grain smallint NOT NULL,
  lodged_month date NOT NULL,
  sex text NOT NULL,
  age_band text NOT NULL,
  country text NOT NULL,
  lodged integer NOT NULL,
  resolved integer NOT NULL,
  PRIMARY KEY (as_of_month, grain, lodged_month, sex, age_band, country)
);

-- Cases: age band and occupation's major group as the indicators show them ('unknown' where not given).
CREATE TABLE attache_case_daily (
  recorded_on date NOT NULL,
  grain smallint NOT NULL,
  opened_month date NOT NULL,
  country text NOT NULL,
  sex text NOT NULL,
  age_band text NOT NULL,
  occupation_group text NOT NULL,
  opened integer NOT NULL,
  closed integer NOT NULL,
  PRIMARY KEY (recorded_on, grain, opened_month, country, sex, age_band, occupation_group)
);
CREATE TABLE attache_case_monthly (
  as_of_month date NOT NULL,
  grain smallint NOT NULL,
  opened_month date NOT NULL,
  country text NOT NULL,
  sex text NOT NULL,
  age_band text NOT NULL,
  occupation_group text NOT NULL,
  opened integer NOT NULL,
  closed integer NOT NULL,
  PRIMARY KEY (as_of_month, grain, opened_month, country, sex, age_band, occupation_group)
);

-- Every complaint has one interval at a time from its lodging on (each change ends one where the next
-- starts), so it counts as lodged while any interval holds, as resolved while a resolved or closed one
-- does; a case as opened while any holds (with the details it counts by), as closed while a closed one
-- does. One statement per trigger: the batch's deltas into `*_daily`; into `*_monthly`, each added to the
-- month-end of the month it was recorded in and every later one there is (one, unless a publisher's clock
-- was behind a month boundary), and the month-ends after the latest first copied from it (nothing
-- recorded in between changed them).
CREATE FUNCTION complaint_aggregates() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  WITH ends AS (
    SELECT complaint_key, status, reporting_ref.local_date(valid_from) AS recorded_on, 1 AS delta FROM added
    WHERE TG_OP = 'INSERT'
    UNION ALL
    SELECT complaint_key, status, reporting_ref.local_date(valid_to), -1 FROM added WHERE valid_to IS NOT NULL
  ), every AS MATERIALIZED (
    SELECT e.recorded_on, date_trunc('month', c.lodged_on)::date AS lodged_month, c.sex, c.age_band, c.country,
      sum(e.delta)::integer AS lodged,
      coalesce(sum(e.delta) FILTER (WHERE e.status IN ('resolved', 'closed')), 0)::integer AS resolved
    FROM ends e JOIN complaint c USING (complaint_key)
    GROUP BY 1, 2, 3, 4, 5
  ), x AS (
    SELECT recorded_on, 0::smallint AS grain, lodged_month, sex, age_band, country, lodged, resolved FROM every
    UNION ALL
    SELECT recorded_on, 1::smallint, lodged_month, sex, '*', country, sum(lodged)::integer, sum(resolved)::integer
    FROM every GROUP BY recorded_on, lodged_month, sex, country
    UNION ALL
    SELECT recorded_on, 2::smallint, date_trunc('quarter', lodged_month)::date, sex, '*', country,
      sum(lodged)::integer, sum(resolved)::integer
    FROM every GROUP BY recorded_on, date_trunc('quarter', lodged_month), sex, country
  ), changed AS MATERIALIZED (
    SELECT * FROM x WHERE lodged <> 0 OR resolved <> 0
  ), daily AS (
    INSERT INTO complaint_daily AS d (recorded_on, grain, lodged_month, sex, age_band, country, lodged, resolved)
    SELECT * FROM changed
    ON CONFLICT (recorded_on, grain, lodged_month, sex, age_band, country)
      DO UPDATE SET lodged = d.lodged + EXCLUDED.lodged, resolved = d.resolved + EXCLUDED.resolved
  ), bounds AS (
    SELECT (SELECT max(as_of_month) FROM complaint_monthly) AS latest,
      date_trunc('month', max(recorded_on))::date AS newest FROM changed
  ), monthly AS (
    SELECT m::date AS as_of_month, p.grain, p.lodged_month, p.sex, p.age_band, p.country, p.lodged, p.resolved
    FROM bounds b JOIN complaint_monthly p ON p.as_of_month = b.latest
    CROSS JOIN generate_series(b.latest + interval '1 month', b.newest, interval '1 month') AS m
    UNION ALL
    SELECT m::date, x.grain, x.lodged_month, x.sex, x.age_band, x.country, x.lodged, x.resolved FROM changed x, bounds b
    CROSS JOIN generate_series(date_trunc('month', x.recorded_on), greatest(b.latest, b.newest), interval '1 month') AS m
  )
  INSERT INTO complaint_monthly AS d (as_of_month, grain, lodged_month, sex, age_band, country, lodged, resolved)
  SELECT as_of_month, grain, lodged_month, sex, age_band, country, sum(lodged), sum(resolved) FROM monthly
  GROUP BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (as_of_month, grain, lodged_month, sex, age_band, country)
    DO UPDATE SET lodged = d.lodged + EXCLUDED.lodged, resolved = d.resolved + EXCLUDED.resolved;
  RETURN NULL;
END $$;
CREATE TRIGGER complaint_aggregates_inserted AFTER INSERT ON complaint_status
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION complaint_aggregates();
CREATE TRIGGER complaint_aggregates_closed AFTER UPDATE ON complaint_status
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION complaint_aggregates();

CREATE FUNCTION attache_case_aggregates() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  WITH ends AS (
    SELECT case_key, status, sex, age_band, occupation, reporting_ref.local_date(valid_from) AS recorded_on,
      1 AS delta FROM added WHERE TG_OP = 'INSERT'
    UNION ALL
    SELECT case_key, status, sex, age_band, occupation, reporting_ref.local_date(valid_to), -1 FROM added
    WHERE valid_to IS NOT NULL
  ), every AS MATERIALIZED (
    SELECT e.recorded_on, date_trunc('month', c.opened_on)::date AS opened_month, c.country, e.sex,
      coalesce(e.age_band, 'unknown') AS age_band, coalesce(left(e.occupation, 1), 'unknown') AS occupation_group,
      sum(e.delta)::integer AS opened, coalesce(sum(e.delta) FILTER (WHERE e.status = 'closed'), 0)::integer AS closed
    FROM ends e JOIN attache_case c USING (case_key)
    GROUP BY 1, 2, 3, 4, 5, 6
  ), x AS (
    SELECT recorded_on, 0::smallint AS grain, opened_month, country, sex, age_band, occupation_group, opened, closed
    FROM every
    UNION ALL
    SELECT recorded_on, 1::smallint, opened_month, country, sex, '*', '*', sum(opened)::integer, sum(closed)::integer
    FROM every GROUP BY recorded_on, opened_month, country, sex
    UNION ALL
    SELECT recorded_on, 2::smallint, date_trunc('quarter', opened_month)::date, country, sex, '*', '*',
      sum(opened)::integer, sum(closed)::integer
    FROM every GROUP BY recorded_on, date_trunc('quarter', opened_month), country, sex
  ), changed AS MATERIALIZED (
    SELECT * FROM x WHERE opened <> 0 OR closed <> 0
  ), daily AS (
    INSERT INTO attache_case_daily AS d (recorded_on, grain, opened_month, country, sex, age_band, occupation_group, opened, closed)
    SELECT * FROM changed
    ON CONFLICT (recorded_on, grain, opened_month, country, sex, age_band, occupation_group)
      DO UPDATE SET opened = d.opened + EXCLUDED.opened, closed = d.closed + EXCLUDED.closed
  ), bounds AS (
    SELECT (SELECT max(as_of_month) FROM attache_case_monthly) AS latest,
      date_trunc('month', max(recorded_on))::date AS newest FROM changed
  ), monthly AS (
    SELECT m::date AS as_of_month, p.grain, p.opened_month, p.country, p.sex, p.age_band, p.occupation_group, p.opened,
      p.closed
    FROM bounds b JOIN attache_case_monthly p ON p.as_of_month = b.latest
    CROSS JOIN generate_series(b.latest + interval '1 month', b.newest, interval '1 month') AS m
    UNION ALL
    SELECT m::date, x.grain, x.opened_month, x.country, x.sex, x.age_band, x.occupation_group, x.opened, x.closed
    FROM changed x, bounds b
    CROSS JOIN generate_series(date_trunc('month', x.recorded_on), greatest(b.latest, b.newest), interval '1 month') AS m
  )
  INSERT INTO attache_case_monthly AS d (as_of_month, grain, opened_month, country, sex, age_band, occupation_group, opened, closed)
  SELECT as_of_month, grain, opened_month, country, sex, age_band, occupation_group, sum(opened), sum(closed) FROM monthly
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (as_of_month, grain, opened_month, country, sex, age_band, occupation_group)
    DO UPDATE SET opened = d.opened + EXCLUDED.opened, closed = d.closed + EXCLUDED.closed;
  RETURN NULL;
END $$;
CREATE TRIGGER attache_case_aggregates_inserted AFTER INSERT ON attache_case_status
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION attache_case_aggregates();
CREATE TRIGGER attache_case_aggregates_closed AFTER UPDATE ON attache_case_status
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION attache_case_aggregates();

-- Licence changes per Nairobi day they were recorded (a change is never taken back): all of them, and
-- those the indicators count. As of T: the days before T's day from here, T's day up to T from
-- agency_status (indexed on valid_from).
CREATE TABLE agency_daily (
  changed_on date PRIMARY KEY,
  changes integer NOT NULL,
  licensed integer NOT NULL,
  suspended integer NOT NULL,
  revoked integer NOT NULL
);
CREATE FUNCTION agency_aggregates() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO agency_daily AS d (changed_on, changes, licensed, suspended, revoked)
  SELECT reporting_ref.local_date(valid_from), count(*), count(*) FILTER (WHERE change = 'licensed'),
    count(*) FILTER (WHERE change = 'suspended'), count(*) FILTER (WHERE change = 'revoked')
  FROM added GROUP BY 1
  ON CONFLICT (changed_on) DO UPDATE SET changes = d.changes + EXCLUDED.changes,
    licensed = d.licensed + EXCLUDED.licensed, suspended = d.suspended + EXCLUDED.suspended,
    revoked = d.revoked + EXCLUDED.revoked;
  RETURN NULL;
END $$;
CREATE TRIGGER agency_aggregates AFTER INSERT ON agency_status
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION agency_aggregates();

-- Workers repatriated (and safely and with dignity: GCM indicator 30.4.1): a repatriation counts from the
-- instant its arrival was recorded (arrived_at), in the month of the day it arrived (arrived_month), by
-- the sex, age band and country its row holds and its case's occupation group; the remains of a deceased
-- worker do not count. Per Nairobi month recorded (the month of arrived_at) and the three grains above.
-- A row's insert adds it where it counts; an update takes its old values out and puts its new ones in, so
-- the sums always equal counting the rows as they stand. As of T (month M): the months recorded before M
-- from here, M's own arrivals up to T from `repatriation` (indexed on arrived_at). An upsert of the
-- projection (caseFacts.ts) fires the insert trigger for the rows it inserts and the update trigger for
-- those it updates.
CREATE TABLE repatriation_monthly (
  grain smallint NOT NULL,
  recorded_month date NOT NULL,
  arrived_month date NOT NULL,
  sex text NOT NULL,
  age_band text NOT NULL,
  country text NOT NULL,
  occupation_group text NOT NULL,
  repatriated integer NOT NULL,
  safely integer NOT NULL,
  PRIMARY KEY (grain, recorded_month, arrived_month, sex, age_band, country, occupation_group)
);
CREATE FUNCTION repatriation_aggregates() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  -- The transition tables a trigger has depend on its event: an insert's new rows, an update's both.
  EXECUTE format($sql$
    INSERT INTO repatriation_monthly AS d (grain, recorded_month, arrived_month, sex, age_band, country,
      occupation_group, repatriated, safely)
    SELECT g.grain, date_trunc('month', reporting_ref.local_date(x.arrived_at))::date,
      date_trunc(CASE g.grain WHEN 2 THEN 'quarter' ELSE 'month' END, x.arrived_on)::date, x.sex,
      CASE g.grain WHEN 0 THEN coalesce(x.age_band, 'unknown') ELSE '*' END, x.country,
      CASE g.grain WHEN 0 THEN coalesce(c.occupation_group, 'unknown') ELSE '*' END,
      sum(x.delta)::integer, coalesce(sum(x.delta) FILTER (WHERE x.safe_and_dignified), 0)::integer
    FROM (%s) x
    -- Each row looks its case up by key (OFFSET 0: never a hash of every case, whatever the estimates).
    CROSS JOIN LATERAL (SELECT occupation_group FROM attache_case c WHERE c.case_key = x.case_key OFFSET 0) c
    CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g (grain)
    WHERE x.arrived_at IS NOT NULL AND x.arrived_on IS NOT NULL AND NOT x.remains
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(x.delta) <> 0 OR coalesce(sum(x.delta) FILTER (WHERE x.safe_and_dignified), 0) <> 0
    ON CONFLICT (grain, recorded_month, arrived_month, sex, age_band, country, occupation_group)
      DO UPDATE SET repatriated = d.repatriated + EXCLUDED.repatriated, safely = d.safely + EXCLUDED.safely
    $sql$, CASE TG_OP WHEN 'INSERT' THEN 'SELECT *, 1 AS delta FROM added'
      ELSE 'SELECT *, 1 AS delta FROM added UNION ALL SELECT *, -1 FROM removed' END);
  RETURN NULL;
END $$;
CREATE TRIGGER repatriation_aggregates_inserted AFTER INSERT ON repatriation
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION repatriation_aggregates();
CREATE TRIGGER repatriation_aggregates_updated AFTER UPDATE ON repatriation
  REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION repatriation_aggregates();
