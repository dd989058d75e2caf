CREATE TABLE "channel_follower_snapshots" (
	"channel_id" uuid NOT NULL,
	"day" date NOT NULL,
	"followers" integer NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_follower_snapshots_channel_id_day_pk" PRIMARY KEY("channel_id","day")
);
--> statement-breakpoint
CREATE TABLE "metric_read_holds" (
	"channel_id" uuid PRIMARY KEY NOT NULL,
	"until" timestamp with time zone NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decision_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"what" text NOT NULL,
	"why" text NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "objective_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"objective_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"reason" text,
	"after_start" boolean NOT NULL,
	"changed_by" uuid,
	"changed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "objective_changes_kind_check" CHECK (kind IN ('created', 'updated', 'removed'))
);
--> statement-breakpoint
CREATE TABLE "objectives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"target" double precision NOT NULL,
	"window_from" timestamp with time zone NOT NULL,
	"window_to" timestamp with time zone NOT NULL,
	"channel_id" uuid,
	"language" text,
	"theme_key" text,
	"baseline" double precision,
	"min_sample" integer DEFAULT 5 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "objectives_metric_check" CHECK (metric IN ('impressions', 'engagements', 'engagement_rate', 'likes', 'reposts', 'replies', 'quotes', 'bookmarks', 'followers_gained', 'posts_published')),
	CONSTRAINT "objectives_window_check" CHECK (window_to > window_from),
	CONSTRAINT "objectives_target_check" CHECK (target >= 0),
	CONSTRAINT "objectives_min_sample_check" CHECK (min_sample >= 1)
);
--> statement-breakpoint
CREATE TABLE "post_metrics" (
	"post_id" uuid NOT NULL,
	"checkpoint_hours" integer NOT NULL,
	"is_latest" boolean NOT NULL,
	"campaign_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"language" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"local_weekday" smallint NOT NULL,
	"local_hour" smallint NOT NULL,
	"thread" boolean NOT NULL,
	"theme_keys" text[] NOT NULL,
	"quote_ids" uuid[] NOT NULL,
	"defector_ids" uuid[] NOT NULL,
	"impressions" bigint,
	"likes" bigint NOT NULL,
	"reposts" bigint NOT NULL,
	"replies" bigint NOT NULL,
	"quotes" bigint NOT NULL,
	"bookmarks" bigint NOT NULL,
	"engagements" bigint NOT NULL,
	"synthetic" boolean NOT NULL,
	CONSTRAINT "post_metrics_post_id_checkpoint_hours_pk" PRIMARY KEY("post_id","checkpoint_hours")
);
--> statement-breakpoint
DROP INDEX "metric_snapshots_post_idx";--> statement-breakpoint
ALTER TABLE "metric_snapshots" ALTER COLUMN "taken_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "metric_snapshots" ALTER COLUMN "impressions" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "metric_checkpoints" integer[];--> statement-breakpoint
ALTER TABLE "metric_snapshots" ADD COLUMN "segment" smallint NOT NULL;--> statement-breakpoint
ALTER TABLE "metric_snapshots" ADD COLUMN "checkpoint_hours" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "metric_snapshots" ADD COLUMN "synthetic" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "channel_follower_snapshots" ADD CONSTRAINT "channel_follower_snapshots_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_read_holds" ADD CONSTRAINT "metric_read_holds_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_log" ADD CONSTRAINT "decision_log_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_log" ADD CONSTRAINT "decision_log_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objective_changes" ADD CONSTRAINT "objective_changes_objective_id_objectives_id_fk" FOREIGN KEY ("objective_id") REFERENCES "public"."objectives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objective_changes" ADD CONSTRAINT "objective_changes_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objective_changes" ADD CONSTRAINT "objective_changes_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objectives" ADD CONSTRAINT "objectives_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objectives" ADD CONSTRAINT "objectives_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objectives" ADD CONSTRAINT "objectives_theme_key_themes_key_fk" FOREIGN KEY ("theme_key") REFERENCES "public"."themes"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objectives" ADD CONSTRAINT "objectives_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_metrics" ADD CONSTRAINT "post_metrics_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "decision_log_campaign_at_idx" ON "decision_log" USING btree ("campaign_id","at");--> statement-breakpoint
CREATE INDEX "objective_changes_objective_idx" ON "objective_changes" USING btree ("objective_id","id");--> statement-breakpoint
CREATE INDEX "objectives_campaign_idx" ON "objectives" USING btree ("campaign_id","created_at");--> statement-breakpoint
CREATE INDEX "post_metrics_checkpoint_published_idx" ON "post_metrics" USING btree ("checkpoint_hours","published_at");--> statement-breakpoint
CREATE INDEX "post_metrics_latest_published_idx" ON "post_metrics" USING btree ("published_at") WHERE is_latest;--> statement-breakpoint
CREATE INDEX "post_metrics_campaign_idx" ON "post_metrics" USING btree ("campaign_id","checkpoint_hours","published_at");--> statement-breakpoint
CREATE INDEX "metric_snapshots_checkpoint_idx" ON "metric_snapshots" USING btree ("checkpoint_hours","post_id");--> statement-breakpoint
ALTER TABLE "metric_snapshots" ADD CONSTRAINT "metric_snapshots_checkpoint_key" UNIQUE("post_id","checkpoint_hours","segment");--> statement-breakpoint
ALTER TABLE "metric_snapshots" ADD CONSTRAINT "metric_snapshots_checkpoint_check" CHECK (checkpoint_hours > 0);--> statement-breakpoint
ALTER TABLE "metric_snapshots" ADD CONSTRAINT "metric_snapshots_segment_check" CHECK (segment >= 0);