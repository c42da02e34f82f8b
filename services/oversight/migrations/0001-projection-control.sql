-- Where each projection of the reporting store stands. A projection writes into a schema per generation
-- (`<projection>_g<N>`); one row per generation holds its checkpoint (the last integration-stream
-- sequence applied to it), committed in the same transaction as the rows it guards. The row in state
-- 'live' is the pointer readers follow; a rebuild fills a 'building' one, and the switch is one
-- transaction (docs/adr/0009-oversight-reporting-store-in-postgresql.md).
CREATE SCHEMA IF NOT EXISTS oversight;

CREATE TABLE oversight.projection_generation (
  projection text NOT NULL CHECK (projection ~ '^[a-z][a-z0-9_]*$'),
  generation integer NOT NULL CHECK (generation > 0),
  -- The projection code's version that builds it: newer code rebuilds, older code refuses to run.
  version integer NOT NULL CHECK (version > 0),
  schema_name text NOT NULL UNIQUE,
  state text NOT NULL CHECK (state IN ('building', 'live', 'retired', 'dropped')),
  checkpoint bigint NOT NULL DEFAULT 0 CHECK (checkpoint >= 0),
  -- When the last applied message was stored in the stream: how far behind the head readers are.
  last_event_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  live_since timestamptz,
  retired_at timestamptz,
  PRIMARY KEY (projection, generation)
);

-- At most one live and one building generation per projection, whatever replicas race.
CREATE UNIQUE INDEX projection_generation_one_live
  ON oversight.projection_generation (projection) WHERE state = 'live';
CREATE UNIQUE INDEX projection_generation_one_building
  ON oversight.projection_generation (projection) WHERE state = 'building';
