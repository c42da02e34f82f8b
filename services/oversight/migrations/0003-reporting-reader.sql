-- The schema NEA's analysts point their BI tools at (Metabase, Superset, Excel over ODBC), and the role
-- that may read it and nothing else. The views themselves follow the live generation: the projection
-- runner creates them when a generation goes live (docs/reporting-views.md).
CREATE SCHEMA IF NOT EXISTS reporting;

-- Roles belong to the whole server, not to one database: another database on the same server (a test
-- run's, another environment's) may have created it already, possibly at this very moment.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kazi_reporting_reader') THEN
    CREATE ROLE kazi_reporting_reader NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$$;

-- Nothing but the views: the generation schemas, the control schema and the reference tables are read
-- through them (a view reads with its owner's rights).
REVOKE ALL ON SCHEMA reporting FROM PUBLIC;
GRANT USAGE ON SCHEMA reporting TO kazi_reporting_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA reporting GRANT SELECT ON TABLES TO kazi_reporting_reader;
REVOKE ALL ON SCHEMA oversight, reporting_ref FROM PUBLIC;
