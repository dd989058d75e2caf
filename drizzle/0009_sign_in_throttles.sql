CREATE TABLE "sign_in_throttles" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_failure_at" timestamp with time zone,
	"blocked_until" timestamp with time zone
);
--> statement-breakpoint
-- Tokens made before lifetimes existed get the default maximum (90 days) from their creation.
UPDATE "api_tokens" SET "expires_at" = "created_at" + interval '90 days' WHERE "expires_at" IS NULL;--> statement-breakpoint
-- Disabling used to hide a user's tokens, so re-enabling would have revived them: revoke them now.
UPDATE "api_tokens" SET "revoked_at" = now()
  FROM "users"
  WHERE "users"."id" = "api_tokens"."user_id" AND "users"."disabled_at" IS NOT NULL AND "api_tokens"."revoked_at" IS NULL;--> statement-breakpoint
ALTER TABLE "api_tokens" ALTER COLUMN "expires_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "failed_logins";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "locked_until";