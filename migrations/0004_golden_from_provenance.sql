-- A CI's golden record is not stored twice: each golden value is the stored value of the record that
-- supplied it, and ci_cluster.provenance names that record for every attribute, so the golden record is
-- rebuilt from provenance and the members' attributes when it is read (src/reconcile/golden-record.ts).
-- The copy made a reconciliation write a third more (130 MB at 700,000 records), for one reader.
ALTER TABLE ci_cluster DROP COLUMN golden;
