DROP INDEX "posts_channel_publishing_idx";--> statement-breakpoint
CREATE INDEX "posts_channel_sending_idx" ON "posts" USING btree ("channel_id") WHERE status IN ('publishing', 'unknown');