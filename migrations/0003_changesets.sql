-- Changesets: plans of CMDB changes built from findings, reviewed item by item, approved (frozen under a
-- content hash) and exported to the target CMDB's formats. A changeset keeps its id for life; every edit
-- after approval makes a new revision, so what was approved stays exactly as it was.

CREATE TABLE changeset (
  id            INTEGER PRIMARY KEY,
  -- globally unique (UUID): names the changeset in exported files and survives export and re-import
  ref           TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  -- how it was made (JSON): from findings (run, categories, filters) or imported from a file
  origin        TEXT NOT NULL,
  head_revision INTEGER NOT NULL
) STRICT;

CREATE TABLE changeset_revision (
  changeset_id INTEGER NOT NULL REFERENCES changeset (id),
  revision     INTEGER NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('draft', 'approved')),
  created_at   TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  -- the revision this one was copied from (an edit after approval)
  based_on     INTEGER,
  -- the CMDB snapshot the plan was made against (JSON: source, format, batch id, import time)
  snapshot     TEXT NOT NULL,
  -- planning rules in force (JSON), e.g. the retirement threshold
  settings     TEXT NOT NULL,
  -- findings that did not become items, counted by reason (JSON)
  skipped      TEXT NOT NULL,
  approved_at  TEXT,
  approved_by  TEXT,
  content_hash TEXT,
  PRIMARY KEY (changeset_id, revision)
) STRICT;

CREATE TABLE changeset_item (
  changeset_id  INTEGER NOT NULL,
  revision      INTEGER NOT NULL,
  seq           INTEGER NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('create_ci', 'update_attribute', 'merge_duplicates', 'retire_ci',
                  'flag_for_verification', 'add_relationship', 'remove_relationship', 'repoint_relationship',
                  'set_owner', 'set_support_group')),
  -- the finding the item answers (id and fingerprint: the id is local, the fingerprint survives re-runs)
  finding_id    INTEGER,
  fingerprint   TEXT,
  category      TEXT,
  severity      TEXT,
  cluster_id    INTEGER,
  -- the CMDB record the item changes (source name and native key, e.g. a sys_id); NULL for a new CI
  target_source TEXT,
  target_key    TEXT,
  target_class  TEXT,
  target_name   TEXT,
  -- the whole reference (JSON): class, type, and the values that identify it as the CMDB holds them
  target_ref    TEXT,
  -- what the planner proposes, kind-specific (JSON)
  proposal      TEXT NOT NULL,
  -- the CMDB records and relationships the item touches, with their batch and content hash at planning
  base          TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected', 'edited')),
  -- the reviewer's values replacing proposed ones (JSON), for status 'edited'
  override      TEXT,
  reviewer      TEXT,
  reviewed_at   TEXT,
  comment       TEXT,
  PRIMARY KEY (changeset_id, revision, seq),
  FOREIGN KEY (changeset_id, revision) REFERENCES changeset_revision (changeset_id, revision)
) STRICT;

-- Every export of an approved revision: where it went and the SHA-256 of each file written.
CREATE TABLE changeset_export (
  id           INTEGER PRIMARY KEY,
  changeset_id INTEGER NOT NULL,
  revision     INTEGER NOT NULL,
  format       TEXT NOT NULL,
  exported_at  TEXT NOT NULL,
  exported_by  TEXT NOT NULL,
  directory    TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  files        TEXT NOT NULL,
  warnings     TEXT NOT NULL,
  FOREIGN KEY (changeset_id, revision) REFERENCES changeset_revision (changeset_id, revision)
) STRICT;

CREATE INDEX changeset_export_by_changeset ON changeset_export (changeset_id, revision);

-- Review progress (counts by status) without reading the items' JSON.
CREATE INDEX changeset_item_by_status ON changeset_item (changeset_id, revision, status);
