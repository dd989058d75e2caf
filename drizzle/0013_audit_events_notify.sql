-- Wakes the notification fan-out when audit events commit (NOTIFY is delivered at commit, and
-- one per transaction: identical payloads fold into one). The fan-out's scheduled sweep remains
-- the guarantee; this only makes it prompt.
CREATE OR REPLACE FUNCTION audit_events_notify() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('audit_events', '');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
DROP TRIGGER IF EXISTS audit_events_notify ON audit_events;
--> statement-breakpoint
CREATE TRIGGER audit_events_notify
  AFTER INSERT ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_notify();
