CREATE TYPE "public"."failure_cause" AS ENUM('platform_rejected', 'auth_refused', 'duplicate_refused', 'duplicate_absent', 'duplicate_tracked', 'no_answer', 'claim_expired', 'rate_limited', 'platform_unreachable', 'content_changed', 'thread_stopped', 'internal_error');--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "failure_cause" "failure_cause";--> statement-breakpoint
CREATE INDEX "posts_external_ids_idx" ON "posts" USING gin ("external_ids");--> statement-breakpoint
-- Unknown posts refused as duplicates were marked by a prefix of last_error until now.
UPDATE "posts" SET "failure_cause" = 'duplicate_refused'
  WHERE "status" = 'unknown' AND "last_error" LIKE 'duplicate%';--> statement-breakpoint
-- A failure cause only describes a post that publishing left without publishing it.
ALTER TABLE "posts" ADD CONSTRAINT "posts_failure_cause_check"
  CHECK ("failure_cause" IS NULL OR "status" IN ('scheduled', 'held', 'failed', 'unknown'));--> statement-breakpoint
-- The notes on a status belong to that status: when the status moves on, a reason and a failure
-- cause the same statement did not set again are cleared, so no writer can leave a stale one (a
-- failed post saying it is "publishing again"). The platform's message goes with its cause.
CREATE FUNCTION "posts_status_notes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    IF NEW.status_reason IS NOT DISTINCT FROM OLD.status_reason THEN
      NEW.status_reason := NULL;
    END IF;
    IF NEW.failure_cause IS NOT DISTINCT FROM OLD.failure_cause THEN
      NEW.failure_cause := NULL;
    END IF;
  END IF;
  IF NEW.failure_cause IS NULL THEN
    NEW.last_error := NULL;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "posts_status_notes" BEFORE UPDATE ON "posts"
  FOR EACH ROW EXECUTE FUNCTION "posts_status_notes"();
--> statement-breakpoint
-- A post with segments live on the platform stays where they can be seen and deleted (the
-- transition table refuses edit and cancel for it); NOT VALID: older rows are not rechecked.
ALTER TABLE "posts" ADD CONSTRAINT "posts_live_segments_check"
  CHECK (cardinality("external_ids") = 0 OR "status" IN ('scheduled', 'publishing', 'published',
    'failed', 'unknown', 'held', 'withdrawn', 'deleted')) NOT VALID;
