CREATE TABLE "cpms"."patient_shares" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"target_sub" text,
	"target_provider_id" uuid,
	"ern_code" text NOT NULL,
	"target_name" text NOT NULL,
	"reason" text NOT NULL,
	"shared_by_sub" text NOT NULL,
	"shared_by_name" text NOT NULL,
	"shared_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by_sub" text,
	"revoked_by_name" text,
	"revoke_reason" text,
	CONSTRAINT "patient_shares_one_target" CHECK (("cpms"."patient_shares"."kind" = 'user' and "cpms"."patient_shares"."target_sub" is not null and "cpms"."patient_shares"."target_provider_id" is null) or ("cpms"."patient_shares"."kind" = 'hcp' and "cpms"."patient_shares"."target_provider_id" is not null and "cpms"."patient_shares"."target_sub" is null))
);
--> statement-breakpoint
ALTER TABLE "cpms"."patient_shares" ADD CONSTRAINT "patient_shares_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "cpms"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "patient_shares_open_user" ON "cpms"."patient_shares" USING btree ("patient_id","target_sub") WHERE "cpms"."patient_shares"."revoked_at" is null and "cpms"."patient_shares"."kind" = 'user';--> statement-breakpoint
CREATE UNIQUE INDEX "patient_shares_open_hcp" ON "cpms"."patient_shares" USING btree ("patient_id","target_provider_id") WHERE "cpms"."patient_shares"."revoked_at" is null and "cpms"."patient_shares"."kind" = 'hcp';--> statement-breakpoint
CREATE INDEX "patient_shares_open_by_user" ON "cpms"."patient_shares" USING btree ("target_sub","patient_id") WHERE "cpms"."patient_shares"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "patient_shares_open_by_hcp" ON "cpms"."patient_shares" USING btree ("target_provider_id","patient_id") WHERE "cpms"."patient_shares"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "patient_shares_patient_id_shared_at_index" ON "cpms"."patient_shares" USING btree ("patient_id","shared_at");