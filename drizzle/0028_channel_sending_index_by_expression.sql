-- The index of the posts being sent (publishing, unknown) per channel takes a condition on an
-- expression of the status, which the spacing check repeats and nothing else matches. With the
-- plain condition, statements that named posts by id "AND status = 'publishing'" combined their
-- ids with the whole index (every post in flight and every version a burst left dead), and the
-- spacing check combined each channel with posts_status_idx, reading every post ever sent that
-- vacuum had not yet cleared: 7,500-12,000 index entries per channel in bench:publish's third to
-- fifth bursts.
-- The index is small (the posts in flight), so building it again reads posts once.
DROP INDEX "posts_channel_sending_idx";--> statement-breakpoint
CREATE INDEX "posts_channel_sending_idx" ON "posts" USING btree ("channel_id") WHERE (status || '') IN ('publishing', 'unknown');