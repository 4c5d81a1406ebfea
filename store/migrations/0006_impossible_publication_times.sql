-- Impossible publication times are wrong dates (flows.documents.impossible_dates): more than a day after the fetch
-- (a year typo), exactly the Unix epoch (a missing date written as 0), or before 1900 (a typo such as 0202). Each
-- put the document in the wrong week and stretched every score series to it. Ingestion now drops such times; this
-- does the same for rows stored before, keeping the claimed time in metadata.
UPDATE documents
SET metadata = CASE
        WHEN metadata IS NULL OR json_type(metadata) = 'OBJECT'
        THEN json_merge_patch(coalesce(metadata, '{}'),
                              json_object('published_at_claimed', strftime(published_at, '%Y-%m-%dT%H:%M:%S')))
        ELSE json_object('metadata', metadata, 'published_at_claimed', strftime(published_at, '%Y-%m-%dT%H:%M:%S'))
    END,
    published_at = NULL
WHERE published_at > fetched_at + INTERVAL 1 DAY
   OR published_at < TIMESTAMP '1900-01-01'
   OR published_at = TIMESTAMP '1970-01-01';
