-- Integer document keys. Scoring joins a million evidence rows to their documents; on 20-character text ids that
-- join was a third of a rescore. `documents.doc_key` is assigned once, from a sequence, when a row is inserted,
-- and never changes (documents are updated in place, never replaced). `evidence.doc_key` and
-- `document_countries.doc_key` copy their document's key: store.insert_df fills them for every row it writes, and
-- scoring falls back to the text id for a row written without one, so a missing key costs speed, never a row.
CREATE SEQUENCE document_key_seq;
ALTER TABLE documents ADD COLUMN doc_key BIGINT DEFAULT nextval('document_key_seq');
ALTER TABLE evidence ADD COLUMN doc_key BIGINT;
ALTER TABLE document_countries ADD COLUMN doc_key BIGINT;
UPDATE evidence SET doc_key = d.doc_key FROM documents d WHERE d.id = evidence.document_id;
UPDATE document_countries SET doc_key = d.doc_key FROM documents d WHERE d.id = document_countries.document_id;
