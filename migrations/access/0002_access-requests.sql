CREATE TABLE "access"."api_clients" (
	"client_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"applications" text[] NOT NULL,
	"webhook_url" text,
	"webhook_secret" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access"."webhook_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"event_id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "access"."approvers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"ern_code" text,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approvers_email_ernCode_unique" UNIQUE NULLS NOT DISTINCT("email","ern_code")
);
--> statement-breakpoint
CREATE TABLE "access"."job_runs" (
	"name" text PRIMARY KEY NOT NULL,
	"last_run_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access"."applications" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access"."countries" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access"."erns" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"website" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access"."profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"approves" boolean DEFAULT false NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "profiles_applicationId_name_unique" UNIQUE("application_id","name")
);
--> statement-breakpoint
CREATE TABLE "access"."providers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ern_code" text NOT NULL,
	"country_code" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"city" text,
	"website" text,
	"is_guest" boolean DEFAULT false NOT NULL,
	"search_text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "providers_ernCode_countryCode_code_unique" UNIQUE("ern_code","country_code","code")
);
--> statement-breakpoint
CREATE TABLE "access"."right_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"right_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_sub" text,
	"actor_name" text NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "access"."rights" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"submission_id" uuid NOT NULL,
	"sub" text NOT NULL,
	"requester_email" text NOT NULL,
	"requester_name" text NOT NULL,
	"application_id" text NOT NULL,
	"profile_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"decision_reason" text,
	"decided_by_sub" text,
	"decided_by_name" text,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "access"."webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_client_id_api_clients_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "access"."api_clients"("client_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access"."approvers" ADD CONSTRAINT "approvers_ern_code_erns_code_fk" FOREIGN KEY ("ern_code") REFERENCES "access"."erns"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access"."profiles" ADD CONSTRAINT "profiles_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "access"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access"."providers" ADD CONSTRAINT "providers_ern_code_erns_code_fk" FOREIGN KEY ("ern_code") REFERENCES "access"."erns"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access"."providers" ADD CONSTRAINT "providers_country_code_countries_code_fk" FOREIGN KEY ("country_code") REFERENCES "access"."countries"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access"."right_events" ADD CONSTRAINT "right_events_right_id_rights_id_fk" FOREIGN KEY ("right_id") REFERENCES "access"."rights"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access"."rights" ADD CONSTRAINT "rights_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "access"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access"."rights" ADD CONSTRAINT "rights_profile_id_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "access"."profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access"."rights" ADD CONSTRAINT "rights_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "access"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_next_attempt_at_index" ON "access"."webhook_deliveries" USING btree ("next_attempt_at") WHERE "access"."webhook_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "providers_country_code_index" ON "access"."providers" USING btree ("country_code");--> statement-breakpoint
CREATE INDEX "providers_search_text_idx" ON "access"."providers" USING btree ("search_text" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "right_events_right_id_at_index" ON "access"."right_events" USING btree ("right_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "rights_open_unique" ON "access"."rights" USING btree ("sub","profile_id","provider_id") WHERE "access"."rights"."status" in ('requested', 'granted', 'deletion_requested');--> statement-breakpoint
CREATE INDEX "rights_sub_index" ON "access"."rights" USING btree ("sub");--> statement-breakpoint
CREATE INDEX "rights_status_requested_at_index" ON "access"."rights" USING btree ("status","requested_at");--> statement-breakpoint
CREATE INDEX "rights_provider_id_index" ON "access"."rights" USING btree ("provider_id");