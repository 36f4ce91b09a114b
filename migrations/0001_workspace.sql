-- Sources, import batches and what every source said, verbatim and normalised.
-- A batch is one `cmdbw import` run (one or more files of one format for one source). Each batch is a
-- snapshot of one kind (its format) for its source; the newest batch of a kind is the current one and
-- older ones are kept for history and staleness.

CREATE TABLE workspace_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE source (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  role       TEXT NOT NULL CHECK (role IN ('cmdb', 'discovery')),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE import_batch (
  id                 INTEGER PRIMARY KEY,
  source_id          INTEGER NOT NULL REFERENCES source (id),
  format             TEXT NOT NULL,
  snapshot_kind      TEXT NOT NULL,
  is_current         INTEGER NOT NULL CHECK (is_current IN (0, 1)),
  started_at         TEXT NOT NULL,
  finished_at        TEXT NOT NULL,
  imported_by        TEXT NOT NULL,
  record_count       INTEGER NOT NULL,
  relationship_count INTEGER NOT NULL,
  skipped_count      INTEGER NOT NULL,
  warning_count      INTEGER NOT NULL,
  bytes              INTEGER NOT NULL,
  options            TEXT NOT NULL,
  warnings           TEXT NOT NULL
) STRICT;

CREATE INDEX import_batch_by_source ON import_batch (source_id, snapshot_kind, is_current);

CREATE TABLE import_file (
  id       INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES import_batch (id),
  path     TEXT NOT NULL,
  size     INTEGER NOT NULL,
  sha256   TEXT NOT NULL,
  encoding TEXT NOT NULL,
  header   TEXT
) STRICT;

CREATE INDEX import_file_by_batch ON import_file (batch_id);

-- One row per CI record. `raw` is the record exactly as the file had it (a CSV line, a JSON document, an
-- XML element); `attrs` the normalised attributes (src/domain/attributes.ts) as JSON.
-- record and relationship are the bulk tables (hundreds of thousands of rows per import): they carry no
-- declared foreign keys and no index on the native key, because checking and maintaining those per row
-- costs more than the import itself. The single writer (src/ingest/batch-writer.ts) guarantees batch_id
-- and file_id; reconciliation indexes native keys of current records in cluster_member.
CREATE TABLE record (
  id         INTEGER PRIMARY KEY,
  batch_id   INTEGER NOT NULL,
  file_id    INTEGER NOT NULL,
  native_key TEXT NOT NULL,
  ci_class   TEXT,
  ci_type    TEXT NOT NULL,
  name       TEXT,
  -- where the record is in its file: the line (text formats) and the ordinal (every format)
  line       INTEGER,
  ordinal    INTEGER,
  raw        TEXT NOT NULL,
  attrs      TEXT NOT NULL
) STRICT;

CREATE INDEX record_by_batch ON record (batch_id);

CREATE TABLE relationship (
  id              INTEGER PRIMARY KEY,
  batch_id        INTEGER NOT NULL,
  file_id         INTEGER NOT NULL,
  native_key      TEXT NOT NULL,
  rel_type        TEXT NOT NULL,
  parent_ref      TEXT NOT NULL,
  parent_ref_kind TEXT NOT NULL,
  child_ref       TEXT NOT NULL,
  child_ref_kind  TEXT NOT NULL,
  line            INTEGER,
  ordinal         INTEGER,
  raw             TEXT NOT NULL
) STRICT;

CREATE INDEX relationship_by_batch ON relationship (batch_id);

-- Append-only, hash-chained audit trail: each entry's hash covers its content and the previous hash, so
-- an altered, removed or reordered entry breaks the chain (`cmdbw audit verify`).
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  target    TEXT,
  detail    TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
) STRICT;
