-- The reporting schema: what NEA's analysts' BI tools read (docs/reporting-views.md). Re-created over each
-- generation when it goes live, in the switch's transaction (search_path is that generation's schema).
-- Views show codes, dates and organisations' ids; a complaint is its generation-local complaint_key.

CREATE VIEW reporting.agency AS
SELECT agency_id, registration_number, county, reporting_ref.local_date(applied_at) AS applied_on
FROM agency;

CREATE VIEW reporting.agency_status AS
SELECT agency_id, status, change, licence_number, licence_valid_from, licence_valid_until, suspended_until,
       valid_from, valid_to
FROM agency_status;

CREATE VIEW reporting.complaint AS
SELECT complaint_key, lodged_on, lodged_quarter, channel, sex, age_band, country, agency_id,
       agency_unmatched, employer_country
FROM complaint;

CREATE VIEW reporting.complaint_status AS
SELECT complaint_key, status, change, severity, trafficking_suspected, referred_to, outcome, remedy_kind,
       remedy_amount, remedy_currency, respond_by, valid_from, valid_to
FROM complaint_status;

CREATE VIEW reporting.complaint_category AS
SELECT s.complaint_key, c.category, s.valid_from, s.valid_to
FROM complaint_status s CROSS JOIN LATERAL unnest(s.categories) AS c(category);

CREATE VIEW reporting.complaint_indicator AS
SELECT s.complaint_key, i.indicator, s.valid_from, s.valid_to
FROM complaint_status s CROSS JOIN LATERAL unnest(s.indicators) AS i(indicator);

CREATE VIEW reporting.complaint_deadline_breach AS
SELECT complaint_key, respond_by, severity, flagged_at
FROM complaint_deadline_breach;

CREATE VIEW reporting.country AS SELECT code, name, gcc FROM reporting_ref.country;
CREATE VIEW reporting.occupation_group AS SELECT code, title FROM reporting_ref.occupation_group;
CREATE VIEW reporting.sex AS SELECT code, label, sort_order FROM reporting_ref.sex;
CREATE VIEW reporting.age_band AS SELECT code, min_age, max_age, sort_order FROM reporting_ref.age_band;
CREATE VIEW reporting.quarter AS
SELECT quarter, year, quarter_of_year, starts_on, ends_on FROM reporting_ref.quarter;

-- How fresh the data is: the live generation and the last integration event it holds.
CREATE VIEW reporting.freshness AS
SELECT generation, checkpoint AS position, last_event_at, live_since
FROM oversight.projection_generation
WHERE projection = 'reporting' AND state = 'live';

GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO kazi_reporting_reader;
