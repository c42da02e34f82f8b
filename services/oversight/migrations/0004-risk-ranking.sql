-- The watchlist's ranking: every agency's risk measures and score, kept by a periodic background job
-- (queries/riskRanking.ts) so that a page of GET /oversight/watchlist is an index range read after its
-- cursor, not the risk of every agency worked out per request (docs/bounded-work.md, "Oversight").
-- It lives in the control schema, not in a generation: it follows the live generation across a switch
-- (the job rescores every agency from the new one) and keeps serving the old scores until it has.
CREATE TABLE oversight.risk_ranking (
  agency_id text PRIMARY KEY,
  score float8 NOT NULL,
  -- What the rules measured (RiskMeasures): the reasons are worked out from these with the weights.
  complaints integer NOT NULL,
  open_critical integer NOT NULL,
  forced_labour integer NOT NULL,
  trafficking integer NOT NULL,
  without_licence integer NOT NULL,
  overdue integer NOT NULL,
  licensed_years float8 NOT NULL,
  revoked_directors integer NOT NULL,
  revoked_agency_ids text[] NOT NULL,
  -- The reporting generation the measures were read from, and the instant the score is for ("now").
  generation integer NOT NULL,
  scored_at timestamptz NOT NULL
);
-- The watchlist's order: a page is the range after (score, agency_id), LIMIT n.
CREATE INDEX risk_ranking_rank ON oversight.risk_ranking (score DESC, agency_id);
-- The oldest scores first: rescored as time passes (complaints per licensed year change with it).
CREATE INDEX risk_ranking_age ON oversight.risk_ranking (scored_at, agency_id);

-- Where the ranking stands, one row per projection it follows: which generation, the stream position
-- through which every change is scored, the weights it was scored with, and a full rescoring under way.
CREATE TABLE oversight.risk_ranking_state (
  projection text PRIMARY KEY,
  generation integer NOT NULL,
  -- Every change of the generation at or below this position is in the ranking.
  position bigint NOT NULL DEFAULT 0,
  -- The weights as `rule=weight,…`: different weights rescore every agency.
  weights text NOT NULL,
  -- A full rescoring (a new generation, new weights): the last agency id done, NULL when none runs…
  sweep_after text,
  -- …and the generation's checkpoint when it began (changes after it are scored when it ends).
  sweep_from bigint,
  -- When the last full rescoring finished: until the first, the watchlist is not ready.
  swept_at timestamptz
);
