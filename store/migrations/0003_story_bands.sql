-- LSH band hashes of each document's MinHash signature (flows.minhash, `minhash.v1`: 32 bands of 4 values), so
-- story clustering finds a new document's candidate near-duplicates with one equi-join on (band, hash) per batch.
-- No ART index: DuckDB answers that join with a hash join over the batch's probe rows (an index is not used for
-- joins and would only slow every insert).
CREATE TABLE document_bands (
    document_id  VARCHAR NOT NULL,
    band         SMALLINT NOT NULL,
    hash         UBIGINT NOT NULL
);

-- Documents stored before this migration get their bands from `flows.documents.backfill_bands`, which every ingest
-- run calls first (a no-op once done).
