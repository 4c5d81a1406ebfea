-- The evidence week index now puts evidence of a document without a publication time in the week Vigil fetched it
-- (as scoring counts it); before, such evidence was left out of the index and of the dashboard's country pages.
-- Forget the old snapshot: readers scan until store.evidence_index.refresh() rebuilds the index (every score run).
DELETE FROM evidence_week_index;
DELETE FROM evidence_week_index_state;
