ALTER TABLE "post_revisions" ADD COLUMN "duplicate_keys" text[];--> statement-breakpoint
CREATE INDEX "post_revisions_duplicate_keys_idx" ON "post_revisions" USING gin ("duplicate_keys") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "post_revisions_duplicate_keys_missing_idx" ON "post_revisions" USING btree ("post_id","revision") WHERE duplicate_keys IS NULL;