-- The notification fan-out's watermark becomes a transaction id (notification_cursor.settled_tx):
-- every event recorded by a transaction below it has been handled. The low-water mark over audit
-- ids it replaces could only move to events older than ten minutes, since ids commit out of
-- order, so every sweep re-read ten minutes of events (in a publishing burst, 29-69 audit rows
-- per published post), and an event whose transaction stayed open longer was missed.
-- Events recorded before this keep a null transaction: those at or below the old mark were
-- settled. Those above it may not have been handled yet, so they take this migration's
-- transaction id, which a watermark starting at 0 lets the first sweep read (each is handled
-- once: notification_sources). The append-only trigger is lifted for that one statement, which
-- fills the new column and changes nothing an event says.
ALTER TABLE "audit_events" ADD COLUMN "tx" xid8;--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "tx" SET DEFAULT pg_current_xact_id();--> statement-breakpoint
ALTER TABLE "audit_events" DISABLE TRIGGER "audit_events_no_update_delete";--> statement-breakpoint
UPDATE "audit_events" SET "tx" = pg_current_xact_id()
  WHERE "id" > COALESCE((SELECT "audit_event_id" FROM "notification_cursor" WHERE "name" = 'audit'), 0);--> statement-breakpoint
ALTER TABLE "audit_events" ENABLE TRIGGER "audit_events_no_update_delete";--> statement-breakpoint
CREATE INDEX "audit_events_tx_idx" ON "audit_events" USING btree ("tx","id");--> statement-breakpoint
ALTER TABLE "notification_cursor" ADD COLUMN "settled_tx" xid8 NOT NULL DEFAULT '0';--> statement-breakpoint
ALTER TABLE "notification_cursor" ALTER COLUMN "settled_tx" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "notification_cursor" DROP COLUMN "audit_event_id";
