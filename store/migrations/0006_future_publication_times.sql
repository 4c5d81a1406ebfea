-- A publication time more than a day after the fetch is a wrong date (flows.documents.MAX_PUBLISHED_AHEAD): it put
-- the document in a week that has not happened, and stretched every score series to that week. Ingestion now drops
-- such dates; this does the same for rows stored before, keeping the claimed date in metadata.
UPDATE documents
SET metadata = CASE
        WHEN metadata IS NULL OR json_type(metadata) = 'OBJECT'
        THEN json_merge_patch(coalesce(metadata, '{}'),
                              json_object('published_at_claimed', strftime(published_at, '%Y-%m-%dT%H:%M:%S')))
        ELSE json_object('metadata', metadata, 'published_at_claimed', strftime(published_at, '%Y-%m-%dT%H:%M:%S'))
    END,
    published_at = NULL
WHERE published_at > fetched_at + INTERVAL 1 DAY;
