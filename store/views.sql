-- Researcher-facing views with stable names. Recreated (CREATE OR REPLACE) after every migration.
-- "Active" means the weights version flagged is_active in `weights`.

CREATE OR REPLACE VIEW active_weights AS
SELECT name AS weights_version FROM weights WHERE is_active ORDER BY created_at DESC LIMIT 1;

CREATE OR REPLACE VIEW evidence_view AS
SELECT
    e.id AS evidence_id,
    e.document_id,
    e.iso3,
    c.name AS country,
    e.indicator_id,
    i.label AS indicator_label,
    e.risk_factor,
    e.confidence,
    e.method,
    e.sentence,
    e.sentence_start,
    e.sentence_end,
    e.span_start,
    e.span_end,
    e.cues,
    d.title,
    d.url,
    d.outlet,
    d.source,
    d.language,
    d.published_at,
    coalesce(d.published_at, d.fetched_at) AS dated_at,
    CAST(date_trunc('week', coalesce(d.published_at, d.fetched_at)) AS DATE) AS week,
    d.story_id,
    d.synthetic,
    e.model_version,
    e.framework_version,
    (SELECT count(*) FROM feedback f WHERE f.evidence_id = e.id AND f.verdict = 'confirm') AS confirmations,
    (SELECT count(*) FROM feedback f WHERE f.evidence_id = e.id AND f.verdict = 'reject') AS rejections,
    -- the latest verdict decides, as in scoring: 'reject' keeps the sentence out of scores and citations
    (SELECT arg_max(f.verdict, f.id) FROM feedback f
     WHERE f.evidence_id = e.id AND f.verdict IN ('confirm', 'reject')) AS latest_verdict
FROM evidence e
JOIN documents d ON d.id = e.document_id
LEFT JOIN indicators i ON i.indicator_id = e.indicator_id AND i.framework_version = e.framework_version
LEFT JOIN countries c ON c.iso3 = e.iso3;

CREATE OR REPLACE VIEW country_weekly AS
WITH docs AS (
    SELECT dc.iso3, CAST(date_trunc('week', coalesce(d.published_at, d.fetched_at)) AS DATE) AS week,
           count(*) AS document_count
    FROM document_countries dc JOIN documents d ON d.id = dc.document_id
    GROUP BY ALL
)
SELECT
    s.iso3,
    s.week,
    s.level,
    s.score,
    s.evidence_count,
    coalesce(docs.document_count, 0) AS document_count,
    s.weights_version,
    s.scoring_version
FROM country_scores s
LEFT JOIN docs ON docs.iso3 = s.iso3 AND docs.week = s.week
WHERE s.dimension = 'overall'
  AND s.weights_version = (SELECT weights_version FROM active_weights);

CREATE OR REPLACE VIEW country_risk_latest AS
WITH ranked AS (
    SELECT
        s.*,
        lag(s.level) OVER (PARTITION BY s.iso3 ORDER BY s.week) AS previous_level,
        row_number() OVER (PARTITION BY s.iso3 ORDER BY s.week DESC) AS rn
    FROM country_scores s
    WHERE s.dimension = 'overall'
      AND s.weights_version = (SELECT weights_version FROM active_weights)
)
SELECT
    r.iso3,
    c.name AS country,
    r.week,
    r.level,
    r.previous_level,
    r.level - coalesce(r.previous_level, r.level) AS level_change,
    r.score,
    r.evidence_count,
    r.weights_version,
    r.scoring_version
FROM ranked r
LEFT JOIN countries c ON c.iso3 = r.iso3
WHERE r.rn = 1;

CREATE OR REPLACE VIEW alerts_view AS
SELECT a.*, c.name AS country
FROM alerts a
LEFT JOIN countries c ON c.iso3 = a.iso3;

CREATE OR REPLACE VIEW source_health AS
SELECT
    s.name,
    s.kind,
    s.url,
    s.language,
    s.enabled,
    s.synthetic,
    s.last_attempt_at,
    s.last_success_at,
    s.last_error,
    s.consecutive_failures,
    s.last_run_new,
    s.last_run_duplicates,
    s.last_run_failed,
    (SELECT count(*) FROM documents d WHERE d.source = s.name) AS documents
FROM sources s;

-- The most recently fitted model version's rows for the first year that fit covers (one row per country).
CREATE OR REPLACE VIEW structural_risk_latest AS
WITH latest AS (
    SELECT model_version FROM structural_risk
    GROUP BY model_version
    ORDER BY max(computed_at) DESC, model_version DESC
    LIMIT 1
), first_year AS (
    SELECT min(year) AS year FROM structural_risk WHERE model_version = (SELECT model_version FROM latest)
)
SELECT sr.iso3, coalesce(c.name, sr.country_name) AS country, sr.year, sr.risk, sr.rank, sr.model_version
FROM structural_risk sr
LEFT JOIN countries c ON c.iso3 = sr.iso3
WHERE sr.model_version = (SELECT model_version FROM latest)
  AND sr.year = (SELECT year FROM first_year);
