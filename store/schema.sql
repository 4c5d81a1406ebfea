-- Vigil warehouse schema (baseline). Applied once as migration 0001_baseline; later changes are named files in
-- store/migrations/. Views live in store/views.sql and are recreated on every migration.
-- docs/schema.md documents every table, view and column; tests/test_schema_docs.py keeps the two in step.

CREATE TABLE sources (
    name                 VARCHAR PRIMARY KEY,
    kind                 VARCHAR NOT NULL,
    url                  VARCHAR,
    language             VARCHAR,
    country_hint         VARCHAR,
    outlet               VARCHAR,
    enabled              BOOLEAN NOT NULL DEFAULT TRUE,
    local                BOOLEAN NOT NULL DEFAULT FALSE,
    synthetic            BOOLEAN NOT NULL DEFAULT FALSE,
    config               JSON,
    etag                 VARCHAR,
    last_modified        VARCHAR,
    last_attempt_at      TIMESTAMP,
    last_success_at      TIMESTAMP,
    last_error           VARCHAR,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    last_run_new         INTEGER,
    last_run_duplicates  INTEGER,
    last_run_failed      INTEGER,
    added_at             TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE fetch_log_seq;
CREATE TABLE fetch_log (
    id           BIGINT PRIMARY KEY DEFAULT nextval('fetch_log_seq'),
    run_id       VARCHAR,
    source       VARCHAR,
    url          VARCHAR NOT NULL,
    purpose      VARCHAR NOT NULL,
    attempted_at TIMESTAMP NOT NULL,
    status       INTEGER,
    ok           BOOLEAN NOT NULL,
    error_kind   VARCHAR,
    error        VARCHAR,
    bytes        BIGINT,
    elapsed_ms   DOUBLE,
    attempts     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE documents (
    id             VARCHAR PRIMARY KEY,
    source         VARCHAR NOT NULL,
    outlet         VARCHAR,
    external_id    VARCHAR,
    url            VARCHAR,
    canonical_url  VARCHAR UNIQUE,
    title          VARCHAR,
    summary        VARCHAR,
    text           VARCHAR NOT NULL,
    text_source    VARCHAR NOT NULL,
    language       VARCHAR,
    author         VARCHAR,
    published_at   TIMESTAMP,
    fetched_at     TIMESTAMP NOT NULL,
    content_hash   VARCHAR NOT NULL,
    simhash        UBIGINT,
    story_id       VARCHAR NOT NULL,
    page_attempts  INTEGER NOT NULL DEFAULT 0,
    synthetic      BOOLEAN NOT NULL DEFAULT FALSE,
    metadata       JSON,
    tagged_at      TIMESTAMP,
    tag_version    VARCHAR
);
CREATE INDEX documents_story ON documents (story_id);
CREATE INDEX documents_hash ON documents (content_hash);

CREATE TABLE document_countries (
    document_id    VARCHAR NOT NULL,
    iso3           VARCHAR NOT NULL,
    mentions       INTEGER NOT NULL,
    score          DOUBLE NOT NULL,
    is_primary     BOOLEAN NOT NULL,
    model_version  VARCHAR NOT NULL,
    PRIMARY KEY (document_id, iso3)
);

CREATE TABLE evidence (
    id                VARCHAR PRIMARY KEY,
    document_id       VARCHAR NOT NULL,
    iso3              VARCHAR,
    indicator_id      VARCHAR NOT NULL,
    risk_factor       INTEGER NOT NULL,
    confidence        DOUBLE NOT NULL,
    method            VARCHAR NOT NULL,
    sentence          VARCHAR NOT NULL,
    sentence_start    INTEGER NOT NULL,
    sentence_end      INTEGER NOT NULL,
    span_start        INTEGER,
    span_end          INTEGER,
    cues              VARCHAR[],
    model_version     VARCHAR NOT NULL,
    framework_version VARCHAR NOT NULL,
    created_at        TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE INDEX evidence_document ON evidence (document_id);

CREATE TABLE weights (
    name              VARCHAR PRIMARY KEY,
    description       VARCHAR,
    parent            VARCHAR,
    framework_version VARCHAR NOT NULL,
    body              JSON NOT NULL,
    is_active         BOOLEAN NOT NULL DEFAULT FALSE,
    created_by        VARCHAR,
    created_at        TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE country_scores (
    iso3              VARCHAR NOT NULL,
    week              DATE NOT NULL,
    dimension         VARCHAR NOT NULL,
    score             DOUBLE NOT NULL,
    level             INTEGER,
    raw               DOUBLE,
    coverage          DOUBLE,
    baseline          DOUBLE,
    surge             DOUBLE,
    evidence_count    INTEGER,
    outlets           INTEGER,
    components        JSON,
    weights_version   VARCHAR NOT NULL,
    framework_version VARCHAR NOT NULL,
    scoring_version   VARCHAR NOT NULL,
    computed_at       TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (iso3, week, dimension, weights_version)
);

CREATE TABLE alerts (
    id               VARCHAR PRIMARY KEY,
    iso3             VARCHAR NOT NULL,
    week             DATE NOT NULL,
    kind             VARCHAR NOT NULL,
    dimension        VARCHAR,
    level_from       INTEGER,
    level_to         INTEGER,
    score            DOUBLE,
    reason           VARCHAR NOT NULL,
    evidence_ids     VARCHAR[],
    weights_version  VARCHAR NOT NULL,
    scoring_version  VARCHAR NOT NULL,
    status           VARCHAR NOT NULL DEFAULT 'open',
    status_by        VARCHAR,
    status_at        TIMESTAMP,
    status_note      VARCHAR,
    created_at       TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE feedback_seq;
CREATE TABLE feedback (
    id           BIGINT PRIMARY KEY DEFAULT nextval('feedback_seq'),
    evidence_id  VARCHAR NOT NULL,
    verdict      VARCHAR NOT NULL,
    analyst      VARCHAR NOT NULL,
    comment      VARCHAR,
    created_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE structural_risk (
    iso3           VARCHAR NOT NULL,
    year           INTEGER NOT NULL,
    risk           DOUBLE NOT NULL,
    rank           INTEGER NOT NULL,
    country_name   VARCHAR,
    model_version  VARCHAR NOT NULL,
    computed_at    TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (iso3, year, model_version)
);

CREATE TABLE runs (
    id           VARCHAR PRIMARY KEY,
    flow         VARCHAR NOT NULL,
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP,
    status       VARCHAR NOT NULL,
    params       JSON,
    summary      JSON,
    error        VARCHAR
);

CREATE TABLE countries (
    iso3    VARCHAR PRIMARY KEY,
    iso2    VARCHAR,
    name    VARCHAR NOT NULL,
    region  VARCHAR
);

CREATE TABLE risk_factors (
    risk_factor       INTEGER NOT NULL,
    code              VARCHAR NOT NULL,
    title             VARCHAR NOT NULL,
    kind              VARCHAR NOT NULL,
    crimes            VARCHAR[] NOT NULL,
    framework_version VARCHAR NOT NULL,
    PRIMARY KEY (risk_factor, framework_version)
);

CREATE TABLE indicators (
    indicator_id      VARCHAR NOT NULL,
    risk_factor       INTEGER NOT NULL,
    label             VARCHAR NOT NULL,
    verified          VARCHAR NOT NULL,
    default_weight    DOUBLE NOT NULL,
    framework_version VARCHAR NOT NULL,
    PRIMARY KEY (indicator_id, framework_version)
);
