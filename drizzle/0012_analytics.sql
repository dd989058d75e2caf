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
DROP INDEX "metric_snapshots_post_idx";--> statement-breakpoint
ALTER TABLE "metric_snapshots" ALTER COLUMN "taken_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "metric_snapshots" ALTER COLUMN "impressions" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "metric_checkpoints" integer[];--> statement-breakpoint
ALTER TABLE "metric_snapshots" ADD COLUMN "segment" smallint NOT NULL;--> statement-breakpoint
ALTER TABLE "metric_snapshots" ADD COLUMN "checkpoint_hours" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "metric_snapshots" ADD COLUMN "synthetic" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "channel_follower_snapshots" ADD CONSTRAINT "channel_follower_snapshots_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_read_holds" ADD CONSTRAINT "metric_read_holds_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "metric_snapshots_checkpoint_idx" ON "metric_snapshots" USING btree ("checkpoint_hours","post_id");--> statement-breakpoint
ALTER TABLE "metric_snapshots" ADD CONSTRAINT "metric_snapshots_checkpoint_key" UNIQUE("post_id","checkpoint_hours","segment");--> statement-breakpoint
ALTER TABLE "metric_snapshots" ADD CONSTRAINT "metric_snapshots_checkpoint_check" CHECK (checkpoint_hours > 0);--> statement-breakpoint
ALTER TABLE "metric_snapshots" ADD CONSTRAINT "metric_snapshots_segment_check" CHECK (segment >= 0);