-- A revision's duplicate keys are digests of its segments, written with it by the application.
-- The application never rewrites a revision, but SQL can (an operator's repair, a script): a
-- rewrite that leaves the keys as they were forgets them, so the duplicate guard compares that
-- revision in full until the api next computes them, instead of trusting keys of another text.
CREATE OR REPLACE FUNCTION post_revisions_forget_stale_duplicate_keys() RETURNS trigger AS $$
BEGIN
  IF NEW.segments IS DISTINCT FROM OLD.segments
     AND NEW.duplicate_keys IS NOT DISTINCT FROM OLD.duplicate_keys THEN
    NEW.duplicate_keys := NULL;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
DROP TRIGGER IF EXISTS post_revisions_forget_stale_duplicate_keys ON post_revisions;
--> statement-breakpoint
CREATE TRIGGER post_revisions_forget_stale_duplicate_keys
  BEFORE UPDATE OF segments ON post_revisions
  FOR EACH ROW EXECUTE FUNCTION post_revisions_forget_stale_duplicate_keys();
