-- The decision log is the record results are read against: an entry is never rewritten or removed
-- (a correction is a new entry). Idempotent: safe to run again.
CREATE OR REPLACE FUNCTION decision_log_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'decision_log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
DROP TRIGGER IF EXISTS decision_log_no_update_delete ON decision_log;
--> statement-breakpoint
CREATE TRIGGER decision_log_no_update_delete
  BEFORE UPDATE OR DELETE ON decision_log
  FOR EACH ROW EXECUTE FUNCTION decision_log_append_only();
--> statement-breakpoint
DROP TRIGGER IF EXISTS decision_log_no_truncate ON decision_log;
--> statement-breakpoint
CREATE TRIGGER decision_log_no_truncate
  BEFORE TRUNCATE ON decision_log
  FOR EACH STATEMENT EXECUTE FUNCTION decision_log_append_only();
