CREATE TABLE "channel_claims" (
	"channel_id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "publish_attempts" ADD COLUMN "channel_seq" bigint;--> statement-breakpoint
ALTER TABLE "channel_claims" ADD CONSTRAINT "channel_claims_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;