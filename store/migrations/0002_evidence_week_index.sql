-- A narrow copy of evidence keyed by country and publication week, rebuilt by store.evidence_index.refresh() and
-- written sorted by (iso3, week), so DuckDB's min/max zone maps skip all but one country-week when the dashboard
-- lists a country's evidence. evidence_week_index_state records the snapshot it was built from; readers use the
-- index only while no evidence row of that snapshot has since been deleted, and add rows written after it.
CREATE TABLE evidence_week_index (
    iso3         VARCHAR NOT NULL,
    week         DATE NOT NULL,
    risk_factor  INTEGER NOT NULL,
    confidence   DOUBLE NOT NULL,
    evidence_id  VARCHAR NOT NULL
);

CREATE TABLE evidence_week_index_state (
    refreshed_at   TIMESTAMP NOT NULL,
    watermark      TIMESTAMP,
    evidence_rows  BIGINT NOT NULL
);
