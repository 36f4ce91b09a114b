-- Reconciliation results: which records are the same CI (clusters with stable ids), why (match evidence),
-- what is wrong (findings, with a stable fingerprint so review decisions survive re-runs), the golden
-- record of each cluster, and the user-editable rules behind it (precedence, staleness).

CREATE TABLE reconcile_run (
  id           INTEGER PRIMARY KEY,
  started_at   TEXT NOT NULL,
  finished_at  TEXT NOT NULL,
  actor        TEXT NOT NULL,
  records      INTEGER NOT NULL,
  clusters     INTEGER NOT NULL,
  findings     INTEGER NOT NULL,
  -- the current batch ids the run read, so a later run on unchanged data can be recognised
  inputs       TEXT NOT NULL,
  stats        TEXT NOT NULL
) STRICT;

-- The current clustering (replaced by each run; ids are carried over from the previous run by overlap).
CREATE TABLE ci_cluster (
  id              INTEGER PRIMARY KEY,
  run_id          INTEGER NOT NULL REFERENCES reconcile_run (id),
  ci_type         TEXT NOT NULL,
  -- golden values promoted to columns for sorting and filtering the CI grid in SQL
  name            TEXT,
  host_name       TEXT,
  ip_address      TEXT,
  serial_number   TEXT,
  os              TEXT,
  os_family       TEXT,
  owner           TEXT,
  support_group   TEXT,
  location        TEXT,
  status          TEXT,
  sources         TEXT NOT NULL,
  member_count    INTEGER NOT NULL,
  cmdb_count      INTEGER NOT NULL,
  discovery_count INTEGER NOT NULL,
  finding_count   INTEGER NOT NULL,
  quality         REAL NOT NULL,
  -- the whole golden record (attribute -> value) and, per attribute, the record that supplied it
  golden          TEXT NOT NULL,
  provenance      TEXT NOT NULL,
  quality_detail  TEXT NOT NULL
) STRICT;

CREATE INDEX ci_cluster_by_type ON ci_cluster (ci_type, name);
CREATE INDEX ci_cluster_by_name ON ci_cluster (name);
CREATE INDEX ci_cluster_by_quality ON ci_cluster (quality);

CREATE TABLE cluster_member (
  record_id  INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL,
  source_id  INTEGER NOT NULL,
  native_key TEXT NOT NULL,
  -- how this record joined: the pair merge that brought it in (NULL for the cluster's first record)
  via_match  INTEGER
) STRICT;

CREATE INDEX cluster_member_by_cluster ON cluster_member (cluster_id);
CREATE INDEX cluster_member_by_key ON cluster_member (source_id, native_key);

-- Every scored candidate pair that mattered: merges, vetoed merges and near misses, with the evidence.
CREATE TABLE match_evidence (
  id         INTEGER PRIMARY KEY,
  record_a   INTEGER NOT NULL,
  record_b   INTEGER NOT NULL,
  score      REAL NOT NULL,
  decision   TEXT NOT NULL CHECK (decision IN ('merged', 'vetoed', 'below_threshold', 'same_cluster')),
  reason     TEXT NOT NULL,
  evidence   TEXT NOT NULL
) STRICT;

CREATE INDEX match_evidence_by_a ON match_evidence (record_a);
CREATE INDEX match_evidence_by_b ON match_evidence (record_b);

CREATE TABLE finding (
  id              INTEGER PRIMARY KEY,
  fingerprint     TEXT NOT NULL UNIQUE,
  category        TEXT NOT NULL,
  severity        TEXT NOT NULL CHECK (severity IN ('high', 'medium', 'low', 'info')),
  cluster_id      INTEGER,
  record_id       INTEGER,
  relationship_id INTEGER,
  source          TEXT NOT NULL,
  native_key      TEXT NOT NULL,
  attribute       TEXT,
  summary         TEXT NOT NULL,
  evidence        TEXT NOT NULL,
  first_seen_run  INTEGER NOT NULL,
  last_seen_run   INTEGER NOT NULL
) STRICT;

CREATE INDEX finding_by_category ON finding (category, severity);
CREATE INDEX finding_by_cluster ON finding (cluster_id);

-- Which source wins each attribute of a golden record. `attribute` '*technical' / '*business' are the
-- defaults for attribute groups; `source` is a source name or a role ('role:cmdb', 'role:discovery').
CREATE TABLE precedence_rule (
  attribute TEXT NOT NULL,
  source    TEXT NOT NULL,
  rank      INTEGER NOT NULL,
  PRIMARY KEY (attribute, source)
) STRICT;

CREATE TABLE source_policy (
  source_id      INTEGER PRIMARY KEY REFERENCES source (id),
  -- values from a snapshot older than this are stale and lose to fresher ones
  staleness_days INTEGER,
  -- which part of the estate the source is expected to see (JSON: subnets, domains, ci types)
  scope          TEXT
) STRICT;
