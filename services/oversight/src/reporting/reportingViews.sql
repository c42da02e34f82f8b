-- The reporting schema: what NEA's analysts' BI tools read (docs/reporting-views.md). Re-created over each
-- generation when it goes live, in the switch's transaction (search_path is that generation's schema).
-- Views show codes, dates and organisations' ids; a complaint is its generation-local complaint_key.

CREATE VIEW reporting.agency AS
SELECT agency_id, name, registration_number, county, reporting_ref.local_date(applied_at) AS applied_on
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

-- Attaché cases: a case is its generation-local case_key; its complaint its complaint_key.
CREATE VIEW reporting.attache_case AS
SELECT case_key, case_type, country, complaint_key, agency_id, sex, age_band, occupation, occupation_group,
       employer_id, opened_at, opened_on, opened_quarter, closed_at, closed_on, outcome
FROM attache_case;

CREATE VIEW reporting.attache_case_status AS
SELECT case_key, status, change, outcome, sex, age_band, occupation, left(occupation, 1) AS occupation_group,
       valid_from, valid_to
FROM attache_case_status;

CREATE VIEW reporting.attache_case_action AS
SELECT case_key, action, at, reporting_ref.local_date(at) AS on_day
FROM attache_case_action;

CREATE VIEW reporting.shelter_stay AS
SELECT case_key, country, valid_from, valid_to
FROM shelter_stay;

CREATE VIEW reporting.repatriation AS
SELECT case_key, country, sex, age_band, remains, planned_on, arrived_on, arrived_quarter, arrived_at,
       safe_and_dignified
FROM repatriation;

CREATE VIEW reporting.repatriation_stage AS
SELECT case_key, stage, stage_on, valid_from, valid_to
FROM repatriation_stage;

CREATE VIEW reporting.employer_status AS
SELECT employer_id, country, status, valid_from, valid_to
FROM employer_status;

-- BLMAs. effective_until: the day the next change took effect (NULL for the current one), as known now.
CREATE VIEW reporting.agreement AS
SELECT agreement_id, partner_country, kind, reporting_ref.local_date(recorded_at) AS recorded_on, signed_on,
       in_force_on, ended_on
FROM agreement;

CREATE VIEW reporting.agreement_status AS
SELECT agreement_id, status, change, effective_on,
       lead(effective_on) OVER (PARTITION BY agreement_id ORDER BY valid_from, position) AS effective_until,
       amendment, recommendation, review_due, expiry, valid_from, valid_to
FROM agreement_status;

CREATE VIEW reporting.agreement_terms AS
SELECT agreement_id, partner_country, amendment, in_force_from, in_force_to, valid_from, valid_to
FROM agreement_terms;

CREATE VIEW reporting.agreement_provision AS
SELECT t.agreement_id, t.partner_country, t.amendment, p.provision_kind, t.in_force_from, t.in_force_to,
       t.valid_from, t.valid_to
FROM agreement_terms t CROSS JOIN LATERAL unnest(t.provision_kinds) AS p(provision_kind);

CREATE VIEW reporting.agreement_sector AS
SELECT t.agreement_id, t.partner_country, t.amendment, s.isco, left(s.isco, 1) AS occupation_group,
       t.in_force_from, t.in_force_to, t.valid_from, t.valid_to
FROM agreement_terms t CROSS JOIN LATERAL unnest(t.sectors) AS s(isco);

CREATE VIEW reporting.committee_meeting AS
SELECT meeting_id, agreement_id, partner_country, held_on, institution_countries, actions
FROM committee_meeting;

CREATE VIEW reporting.committee_action_status AS
SELECT action_id, agreement_id, meeting_id, partner_country, due, status, change, done_on, was_overdue,
       valid_from, valid_to
FROM committee_action_status;

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
