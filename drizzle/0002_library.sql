CREATE TABLE "defector_consent_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"defector_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"reason" text NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "defector_identifying_details" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"defector_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "defector_identifying_details_kind_check" CHECK (kind IN ('real_name', 'hometown', 'family', 'unit', 'location', 'other'))
);
--> statement-breakpoint
CREATE TABLE "defectors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"display_name" text NOT NULL,
	"nationality" text,
	"age_as_reported" integer,
	"gender" text,
	"internal_notes" text,
	"consent_status" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "defectors_consent_status_check" CHECK (consent_status IN ('public_record', 'obtained', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "quote_themes" (
	"quote_id" uuid NOT NULL,
	"theme_key" text NOT NULL,
	CONSTRAINT "quote_themes_quote_id_theme_key_pk" PRIMARY KEY("quote_id","theme_key")
);
--> statement-breakpoint
CREATE TABLE "quote_verification_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"quote_id" uuid NOT NULL,
	"from_level" text,
	"to_level" text NOT NULL,
	"reason" text NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quote_vetting_decisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"quote_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"decision" text NOT NULL,
	"comment" text NOT NULL,
	"acknowledged_matches" jsonb,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quote_vetting_decisions_stage_check" CHECK (stage IN ('editorial', 'legal')),
	CONSTRAINT "quote_vetting_decisions_decision_check" CHECK (decision IN ('approve', 'reject'))
);
--> statement-breakpoint
CREATE TABLE "quotes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"text" text NOT NULL,
	"language" text NOT NULL,
	"search_config" "regconfig" NOT NULL,
	"translation" text,
	"translation_language" text,
	"translator" text,
	"translation_search_config" "regconfig" NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector(search_config, text) || to_tsvector(translation_search_config, coalesce(translation, ''))) STORED NOT NULL,
	"source_id" uuid NOT NULL,
	"source_locator" text,
	"defector_id" uuid NOT NULL,
	"rebuts_claim" text,
	"verification" text NOT NULL,
	"identity_risk" text NOT NULL,
	"identity_risk_flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"legal_flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"sensitivity_flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"vetting_status" text DEFAULT 'pending' NOT NULL,
	"editorial_decision_id" bigint,
	"legal_decision_id" bigint,
	"created_by" uuid,
	"content_revised_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quotes_verification_check" CHECK (verification IN ('unverified', 'single_source', 'corroborated', 'disputed', 'retracted')),
	CONSTRAINT "quotes_identity_risk_check" CHECK (identity_risk IN ('low', 'medium', 'high')),
	CONSTRAINT "quotes_vetting_status_check" CHECK (vetting_status IN ('pending', 'vetted', 'rejected')),
	CONSTRAINT "quotes_identity_risk_flags_check" CHECK (identity_risk_flags <@ ARRAY['name', 'age', 'hometown', 'family', 'unit', 'location', 'face']::text[]),
	CONSTRAINT "quotes_legal_flags_check" CHECK (legal_flags <@ ARRAY['ongoing_prosecution', 'admitted_crime']::text[]),
	CONSTRAINT "quotes_sensitivity_flags_check" CHECK (sensitivity_flags <@ ARRAY['graphic_violence', 'sexual_violence']::text[])
);
--> statement-breakpoint
CREATE TABLE "sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"outlet" text NOT NULL,
	"title" text NOT NULL,
	"url" text NOT NULL,
	"author" text,
	"published_on" date,
	"retrieved_at" timestamp with time zone,
	"archive_url" text,
	"language" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "themes" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "defector_consent_changes" ADD CONSTRAINT "defector_consent_changes_defector_id_defectors_id_fk" FOREIGN KEY ("defector_id") REFERENCES "public"."defectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "defector_consent_changes" ADD CONSTRAINT "defector_consent_changes_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "defector_identifying_details" ADD CONSTRAINT "defector_identifying_details_defector_id_defectors_id_fk" FOREIGN KEY ("defector_id") REFERENCES "public"."defectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "defector_identifying_details" ADD CONSTRAINT "defector_identifying_details_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "defectors" ADD CONSTRAINT "defectors_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_themes" ADD CONSTRAINT "quote_themes_quote_id_quotes_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."quotes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_themes" ADD CONSTRAINT "quote_themes_theme_key_themes_key_fk" FOREIGN KEY ("theme_key") REFERENCES "public"."themes"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_verification_changes" ADD CONSTRAINT "quote_verification_changes_quote_id_quotes_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."quotes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_verification_changes" ADD CONSTRAINT "quote_verification_changes_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_vetting_decisions" ADD CONSTRAINT "quote_vetting_decisions_quote_id_quotes_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."quotes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_vetting_decisions" ADD CONSTRAINT "quote_vetting_decisions_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_defector_id_defectors_id_fk" FOREIGN KEY ("defector_id") REFERENCES "public"."defectors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_content_revised_by_users_id_fk" FOREIGN KEY ("content_revised_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sources" ADD CONSTRAINT "sources_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "defector_consent_changes_defector_idx" ON "defector_consent_changes" USING btree ("defector_id","id");--> statement-breakpoint
CREATE INDEX "defector_identifying_details_defector_idx" ON "defector_identifying_details" USING btree ("defector_id");--> statement-breakpoint
CREATE INDEX "defectors_created_idx" ON "defectors" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "defectors_display_name_idx" ON "defectors" USING btree ("display_name");--> statement-breakpoint
CREATE INDEX "quote_themes_theme_idx" ON "quote_themes" USING btree ("theme_key","quote_id");--> statement-breakpoint
CREATE INDEX "quote_verification_changes_quote_idx" ON "quote_verification_changes" USING btree ("quote_id","id");--> statement-breakpoint
CREATE INDEX "quote_vetting_decisions_quote_idx" ON "quote_vetting_decisions" USING btree ("quote_id","id");--> statement-breakpoint
CREATE INDEX "quotes_search_idx" ON "quotes" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "quotes_created_idx" ON "quotes" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "quotes_source_idx" ON "quotes" USING btree ("source_id","created_at");--> statement-breakpoint
CREATE INDEX "quotes_defector_idx" ON "quotes" USING btree ("defector_id","created_at");--> statement-breakpoint
CREATE INDEX "quotes_language_idx" ON "quotes" USING btree ("language","created_at");--> statement-breakpoint
CREATE INDEX "quotes_status_idx" ON "quotes" USING btree ("vetting_status","verification","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sources_url_key" ON "sources" USING btree ("url");--> statement-breakpoint
CREATE INDEX "sources_created_idx" ON "sources" USING btree ("created_at","id");--> statement-breakpoint
-- The five narratives of the ICSR report on Islamic State defectors (Neumann, 2015); every database starts with them.
INSERT INTO "themes" ("key", "name", "description") VALUES
	('infighting', 'Infighting', 'Fighting other Sunni groups instead of the regime.'),
	('brutality_against_sunnis', 'Brutality against Sunnis', 'Brutality and killings against fellow Sunni Muslims.'),
	('corruption_unislamic', 'Corruption and un-Islamic conduct', 'Corruption, un-Islamic conduct, racism and favouritism.'),
	('quality_of_life', 'Quality of life', 'Shortages and broken material promises.'),
	('dull_duties', 'Dull duties', 'Menial work instead of the promised heroism.')
ON CONFLICT ("key") DO NOTHING;
