CREATE TABLE "cpms"."consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"given" boolean NOT NULL,
	"date" date NOT NULL,
	"recorded_by_sub" text NOT NULL,
	"recorded_by_name" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"form_file_id" uuid,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by_sub" text,
	"withdrawn_by_name" text,
	"withdrawal_reason" text
);
--> statement-breakpoint
CREATE TABLE "cpms"."patient_diagnoses" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"patient_id" uuid NOT NULL,
	"ern_code" text NOT NULL,
	"orpha_code" text,
	"icd10_code" text,
	"status" text NOT NULL,
	"date" date,
	CONSTRAINT "patient_diagnoses_coded" CHECK ("cpms"."patient_diagnoses"."orpha_code" is not null or "cpms"."patient_diagnoses"."icd10_code" is not null)
);
--> statement-breakpoint
CREATE TABLE "cpms"."patient_phenotypes" (
	"patient_id" uuid NOT NULL,
	"ern_code" text NOT NULL,
	"hpo_code" text NOT NULL,
	"present" boolean NOT NULL,
	CONSTRAINT "patient_phenotypes_patient_id_hpo_code_pk" PRIMARY KEY("patient_id","hpo_code")
);
--> statement-breakpoint
CREATE TABLE "cpms"."patient_versions" (
	"patient_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"record" jsonb NOT NULL,
	"author_sub" text NOT NULL,
	"author_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "patient_versions_patient_id_version_pk" PRIMARY KEY("patient_id","version")
);
--> statement-breakpoint
CREATE TABLE "cpms"."patients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pseudonym" text NOT NULL,
	"ern_code" text NOT NULL,
	"provider_id" uuid NOT NULL,
	"provider_code" text NOT NULL,
	"provider_name" text NOT NULL,
	"enrolled_by_sub" text NOT NULL,
	"enrolled_by_name" text NOT NULL,
	"local_number" text,
	"consent_care" boolean DEFAULT true NOT NULL,
	"withdrawn" boolean DEFAULT false NOT NULL,
	"consent_research" boolean DEFAULT false NOT NULL,
	"consent_registries" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "patients_version_positive" CHECK ("cpms"."patients"."version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "cpms"."consents" ADD CONSTRAINT "consents_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "cpms"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpms"."patient_diagnoses" ADD CONSTRAINT "patient_diagnoses_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "cpms"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpms"."patient_phenotypes" ADD CONSTRAINT "patient_phenotypes_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "cpms"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpms"."patient_versions" ADD CONSTRAINT "patient_versions_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "cpms"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "consents_standing_unique" ON "cpms"."consents" USING btree ("patient_id","kind") WHERE "cpms"."consents"."withdrawn_at" is null;--> statement-breakpoint
CREATE INDEX "consents_patient_id_recorded_at_index" ON "cpms"."consents" USING btree ("patient_id","recorded_at");--> statement-breakpoint
CREATE INDEX "patient_diagnoses_ern_code_orpha_code_patient_id_index" ON "cpms"."patient_diagnoses" USING btree ("ern_code","orpha_code","patient_id");--> statement-breakpoint
CREATE INDEX "patient_diagnoses_ern_code_icd10_code_patient_id_index" ON "cpms"."patient_diagnoses" USING btree ("ern_code","icd10_code","patient_id");--> statement-breakpoint
CREATE INDEX "patient_diagnoses_patient_id_index" ON "cpms"."patient_diagnoses" USING btree ("patient_id");--> statement-breakpoint
CREATE INDEX "patient_phenotypes_ern_code_hpo_code_present_patient_id_index" ON "cpms"."patient_phenotypes" USING btree ("ern_code","hpo_code","present","patient_id");--> statement-breakpoint
CREATE UNIQUE INDEX "patients_pseudonym_unique" ON "cpms"."patients" USING btree ("pseudonym");--> statement-breakpoint
CREATE INDEX "patients_ern_code_created_at_index" ON "cpms"."patients" USING btree ("ern_code","created_at");--> statement-breakpoint
CREATE INDEX "patients_provider_id_created_at_index" ON "cpms"."patients" USING btree ("provider_id","created_at");--> statement-breakpoint
CREATE INDEX "patients_enrolled_by_sub_index" ON "cpms"."patients" USING btree ("enrolled_by_sub");