-- A finding's fingerprint stays unique, through a named index instead of a column constraint: every
-- reconciliation replaces all findings, and a table's named indexes are dropped for the refill and built
-- once from sorted data (src/workspace/bulk-replace.ts). A column constraint's automatic index cannot be
-- dropped, and taking 200,000 fingerprints in random order was a third of the cost of writing findings.
CREATE TABLE finding_next (
  id              INTEGER PRIMARY KEY,
  fingerprint     TEXT NOT NULL,
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

INSERT INTO finding_next (id, fingerprint, category, severity, cluster_id, record_id, relationship_id, source,
                          native_key, attribute, summary, evidence, first_seen_run, last_seen_run)
  SELECT id, fingerprint, category, severity, cluster_id, record_id, relationship_id, source,
         native_key, attribute, summary, evidence, first_seen_run, last_seen_run
    FROM finding;

DROP TABLE finding;
ALTER TABLE finding_next RENAME TO finding;

CREATE UNIQUE INDEX finding_by_fingerprint ON finding (fingerprint);
CREATE INDEX finding_by_category ON finding (category, severity);
CREATE INDEX finding_by_cluster ON finding (cluster_id);
