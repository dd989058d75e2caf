CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"goal" text NOT NULL,
	"audience" text NOT NULL,
	"language" text NOT NULL,
	"call_to_action" text,
	"evaluation_plan" text,
	"timezone" text NOT NULL,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"status" text DEFAULT 'active' NOT NULL,
	"extra_stages" text[] DEFAULT '{}'::text[] NOT NULL,
	"minimum_verification" text DEFAULT 'single_source' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_status_check" CHECK (status IN ('active', 'paused', 'archived')),
	CONSTRAINT "campaigns_dates_check" CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at)
);
--> statement-breakpoint
CREATE TABLE "channels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"platform" text NOT NULL,
	"handle" text NOT NULL,
	"display_name" text,
	"language" text NOT NULL,
	"timezone" text NOT NULL,
	"weekly_slots" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"min_spacing_minutes" integer DEFAULT 60 NOT NULL,
	"daily_cap" integer DEFAULT 8 NOT NULL,
	"status" text DEFAULT 'connected' NOT NULL,
	"credentials" text,
	"platform_account_id" text,
	"rate_limit" jsonb,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channels_platform_check" CHECK (platform IN ('x', 'sandbox')),
	CONSTRAINT "channels_status_check" CHECK (status IN ('connected', 'needs_reconnect', 'disabled')),
	CONSTRAINT "channels_spacing_check" CHECK (min_spacing_minutes >= 0),
	CONSTRAINT "channels_cap_check" CHECK (daily_cap >= 1)
);
--> statement-breakpoint
CREATE TABLE "identity_clearances" (
	"post_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"detail_id" uuid NOT NULL,
	"cleared_by" uuid NOT NULL,
	"note" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "identity_clearances_post_id_revision_detail_id_pk" PRIMARY KEY("post_id","revision","detail_id")
);
--> statement-breakpoint
CREATE TABLE "pauses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"scope" text NOT NULL,
	"campaign_id" uuid,
	"channel_id" uuid,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"action" text DEFAULT 'hold' NOT NULL,
	"reason" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"lifted_at" timestamp with time zone,
	"lifted_by" uuid,
	CONSTRAINT "pauses_kind_check" CHECK (kind IN ('pause', 'blackout')),
	CONSTRAINT "pauses_action_check" CHECK (action IN ('hold', 'defer')),
	CONSTRAINT "pauses_scope_check" CHECK ((scope = 'global' AND campaign_id IS NULL AND channel_id IS NULL)
        OR (scope = 'campaign' AND campaign_id IS NOT NULL AND channel_id IS NULL)
        OR (scope = 'channel' AND channel_id IS NOT NULL AND campaign_id IS NULL)),
	CONSTRAINT "pauses_window_check" CHECK (ends_at IS NULL OR ends_at > starts_at),
	CONSTRAINT "pauses_blackout_ends_check" CHECK (kind = 'pause' OR ends_at IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "post_comments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"post_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "post_quotes" (
	"post_id" uuid NOT NULL,
	"quote_id" uuid NOT NULL,
	CONSTRAINT "post_quotes_post_id_quote_id_pk" PRIMARY KEY("post_id","quote_id")
);
--> statement-breakpoint
CREATE TABLE "post_revisions" (
	"post_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"segments" text[] NOT NULL,
	"quote_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"hash" text NOT NULL,
	"author_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "post_revisions_post_id_revision_pk" PRIMARY KEY("post_id","revision")
);
--> statement-breakpoint
CREATE TABLE "posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"current_revision" integer DEFAULT 1 NOT NULL,
	"approved_revision" integer,
	"approved_hash" text,
	"scheduled_at" timestamp with time zone,
	"author_id" uuid NOT NULL,
	"last_revised_by" uuid NOT NULL,
	"submitted_at" timestamp with time zone,
	"claim_id" uuid,
	"external_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"last_error" text,
	"status_reason" text,
	"needs_retraction" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "posts_status_check" CHECK (status IN ('draft', 'in_review', 'approved', 'rejected', 'scheduled', 'publishing', 'published', 'failed', 'unknown', 'held', 'withdrawn', 'cancelled', 'deleted'))
);
--> statement-breakpoint
CREATE TABLE "reviews" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"post_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"hash" text NOT NULL,
	"stage" text NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reviews_stage_check" CHECK (stage IN ('editorial', 'safety', 'legal')),
	CONSTRAINT "reviews_decision_check" CHECK (decision IN ('approve', 'request_changes', 'reject'))
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_clearances" ADD CONSTRAINT "identity_clearances_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_clearances" ADD CONSTRAINT "identity_clearances_cleared_by_users_id_fk" FOREIGN KEY ("cleared_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pauses" ADD CONSTRAINT "pauses_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pauses" ADD CONSTRAINT "pauses_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pauses" ADD CONSTRAINT "pauses_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pauses" ADD CONSTRAINT "pauses_lifted_by_users_id_fk" FOREIGN KEY ("lifted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_comments" ADD CONSTRAINT "post_comments_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_comments" ADD CONSTRAINT "post_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_quotes" ADD CONSTRAINT "post_quotes_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_quotes" ADD CONSTRAINT "post_quotes_quote_id_quotes_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."quotes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_revisions" ADD CONSTRAINT "post_revisions_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_revisions" ADD CONSTRAINT "post_revisions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_last_revised_by_users_id_fk" FOREIGN KEY ("last_revised_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaigns_created_idx" ON "campaigns" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "channels_platform_handle_idx" ON "channels" USING btree ("platform",lower("handle"));--> statement-breakpoint
CREATE INDEX "pauses_window_idx" ON "pauses" USING btree ("starts_at","ends_at");--> statement-breakpoint
CREATE INDEX "post_comments_post_idx" ON "post_comments" USING btree ("post_id","id");--> statement-breakpoint
CREATE INDEX "post_quotes_quote_idx" ON "post_quotes" USING btree ("quote_id");--> statement-breakpoint
CREATE INDEX "posts_status_idx" ON "posts" USING btree ("status","scheduled_at");--> statement-breakpoint
CREATE INDEX "posts_campaign_idx" ON "posts" USING btree ("campaign_id","created_at");--> statement-breakpoint
CREATE INDEX "posts_channel_idx" ON "posts" USING btree ("channel_id","scheduled_at");--> statement-breakpoint
CREATE UNIQUE INDEX "posts_channel_slot_idx" ON "posts" USING btree ("channel_id","scheduled_at") WHERE status IN ('scheduled', 'publishing', 'published', 'unknown');--> statement-breakpoint
CREATE INDEX "reviews_post_idx" ON "reviews" USING btree ("post_id","revision");