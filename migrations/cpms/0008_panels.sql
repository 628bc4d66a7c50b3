CREATE TABLE "cpms"."panel_agreements" (
	"outcome_id" uuid NOT NULL,
	"sub" text NOT NULL,
	"name" text NOT NULL,
	"revision" integer NOT NULL,
	"agrees" boolean NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "panel_agreements_outcome_id_sub_pk" PRIMARY KEY("outcome_id","sub")
);
--> statement-breakpoint
CREATE TABLE "cpms"."panel_contributions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"panel_id" uuid NOT NULL,
	"author_sub" text NOT NULL,
	"author_name" text NOT NULL,
	"assessment" text DEFAULT '' NOT NULL,
	"investigations" text DEFAULT '' NOT NULL,
	"recommendation" text DEFAULT '' NOT NULL,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "cpms"."panel_files" (
	"panel_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"source" text NOT NULL,
	"added_by_sub" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "panel_files_panel_id_file_id_pk" PRIMARY KEY("panel_id","file_id")
);
--> statement-breakpoint
CREATE TABLE "cpms"."panel_members" (
	"panel_id" uuid NOT NULL,
	"sub" text NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"role" text DEFAULT 'member' NOT NULL,
	"status" text DEFAULT 'invited' NOT NULL,
	"ern_code" text NOT NULL,
	"provider_label" text DEFAULT '' NOT NULL,
	"country_code" text DEFAULT '' NOT NULL,
	"via_thematic_area" boolean DEFAULT false NOT NULL,
	"invited_by_sub" text NOT NULL,
	"invited_by_name" text NOT NULL,
	"invited_at" timestamp with time zone DEFAULT now() NOT NULL,
	"notified_at" timestamp with time zone,
	"responded_at" timestamp with time zone,
	"decline_reason" text,
	"removed_at" timestamp with time zone,
	"removed_by_sub" text,
	"removed_by_name" text,
	"remove_reason" text,
	CONSTRAINT "panel_members_panel_id_sub_pk" PRIMARY KEY("panel_id","sub")
);
--> statement-breakpoint
CREATE TABLE "cpms"."panel_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"panel_id" uuid NOT NULL,
	"kind" text DEFAULT 'message' NOT NULL,
	"author_sub" text NOT NULL,
	"author_name" text NOT NULL,
	"body" text NOT NULL,
	"mentions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reply_to" uuid,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cpms"."panel_outcomes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"panel_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"recommendation" text DEFAULT '' NOT NULL,
	"investigations" text DEFAULT '' NOT NULL,
	"follow_up" text DEFAULT '' NOT NULL,
	"contributions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"author_sub" text NOT NULL,
	"author_name" text NOT NULL,
	"agreement_requested_at" timestamp with time zone,
	"signed_at" timestamp with time zone,
	"signed_by_sub" text,
	"signed_by_name" text,
	"signed_sha256" text,
	"superseded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cpms"."panels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"ern_code" text NOT NULL,
	"patient_id" uuid NOT NULL,
	"pseudonym" text NOT NULL,
	"title" text NOT NULL,
	"question" text NOT NULL,
	"thematic_area_id" uuid,
	"thematic_area_name" text DEFAULT '' NOT NULL,
	"urgency" text DEFAULT 'routine' NOT NULL,
	"due_date" date NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"lead_sub" text NOT NULL,
	"lead_name" text NOT NULL,
	"lead_provider_id" text NOT NULL,
	"created_by_sub" text NOT NULL,
	"created_by_name" text NOT NULL,
	"shared_sections" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"request_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"reminded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "cpms"."notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sub" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"link" text DEFAULT '' NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "cpms"."assistance_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"ern_code" text NOT NULL,
	"patient_id" uuid NOT NULL,
	"pseudonym" text NOT NULL,
	"requester_sub" text NOT NULL,
	"requester_name" text NOT NULL,
	"requester_email" text,
	"requester_provider_id" text NOT NULL,
	"requester_provider_label" text NOT NULL,
	"requester_is_guest" boolean DEFAULT false NOT NULL,
	"question" text NOT NULL,
	"thematic_area_id" uuid,
	"thematic_area_name" text DEFAULT '' NOT NULL,
	"urgency" text DEFAULT 'routine' NOT NULL,
	"due_date" date NOT NULL,
	"shared_sections" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"shared_file_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by_sub" text,
	"decided_by_name" text,
	"decline_reason" text,
	"assigned_lead_sub" text,
	"assigned_lead_name" text,
	"panel_id" uuid,
	CONSTRAINT "assistance_requests_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
ALTER TABLE "cpms"."panel_agreements" ADD CONSTRAINT "panel_agreements_outcome_id_panel_outcomes_id_fk" FOREIGN KEY ("outcome_id") REFERENCES "cpms"."panel_outcomes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpms"."panel_contributions" ADD CONSTRAINT "panel_contributions_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "cpms"."panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpms"."panel_files" ADD CONSTRAINT "panel_files_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "cpms"."panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpms"."panel_files" ADD CONSTRAINT "panel_files_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "cpms"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpms"."panel_members" ADD CONSTRAINT "panel_members_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "cpms"."panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpms"."panel_messages" ADD CONSTRAINT "panel_messages_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "cpms"."panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpms"."panel_outcomes" ADD CONSTRAINT "panel_outcomes_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "cpms"."panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpms"."panels" ADD CONSTRAINT "panels_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "cpms"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpms"."assistance_requests" ADD CONSTRAINT "assistance_requests_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "cpms"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "panel_contributions_one_per_member" ON "cpms"."panel_contributions" USING btree ("panel_id","author_sub");--> statement-breakpoint
CREATE INDEX "panel_contributions_panel_id_submitted_at_index" ON "cpms"."panel_contributions" USING btree ("panel_id","submitted_at");--> statement-breakpoint
CREATE INDEX "panel_files_file_id_index" ON "cpms"."panel_files" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "panel_members_sub_status_index" ON "cpms"."panel_members" USING btree ("sub","status");--> statement-breakpoint
CREATE UNIQUE INDEX "panel_members_one_lead" ON "cpms"."panel_members" USING btree ("panel_id") WHERE "cpms"."panel_members"."role" = 'lead';--> statement-breakpoint
CREATE INDEX "panel_messages_panel_id_created_at_index" ON "cpms"."panel_messages" USING btree ("panel_id","created_at");--> statement-breakpoint
CREATE INDEX "panel_outcomes_panel_id_created_at_index" ON "cpms"."panel_outcomes" USING btree ("panel_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "panel_outcomes_one_current" ON "cpms"."panel_outcomes" USING btree ("panel_id") WHERE "cpms"."panel_outcomes"."status" <> 'superseded';--> statement-breakpoint
CREATE UNIQUE INDEX "panels_reference_unique" ON "cpms"."panels" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "panels_ern_code_status_due_date_index" ON "cpms"."panels" USING btree ("ern_code","status","due_date");--> statement-breakpoint
CREATE INDEX "panels_patient_id_created_at_index" ON "cpms"."panels" USING btree ("patient_id","created_at");--> statement-breakpoint
CREATE INDEX "panels_lead_sub_status_index" ON "cpms"."panels" USING btree ("lead_sub","status");--> statement-breakpoint
CREATE INDEX "panels_lead_provider_id_index" ON "cpms"."panels" USING btree ("lead_provider_id");--> statement-breakpoint
CREATE UNIQUE INDEX "panels_request_unique" ON "cpms"."panels" USING btree ("request_id") WHERE "cpms"."panels"."request_id" is not null;--> statement-breakpoint
CREATE INDEX "notifications_sub_created_at_index" ON "cpms"."notifications" USING btree ("sub","created_at");--> statement-breakpoint
CREATE INDEX "notifications_unread" ON "cpms"."notifications" USING btree ("sub") WHERE "cpms"."notifications"."read_at" is null;--> statement-breakpoint
CREATE INDEX "assistance_requests_ern_code_status_created_at_index" ON "cpms"."assistance_requests" USING btree ("ern_code","status","created_at");--> statement-breakpoint
CREATE INDEX "assistance_requests_requester_sub_created_at_index" ON "cpms"."assistance_requests" USING btree ("requester_sub","created_at");--> statement-breakpoint
CREATE INDEX "assistance_requests_patient_id_index" ON "cpms"."assistance_requests" USING btree ("patient_id");