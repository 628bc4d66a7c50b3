CREATE TABLE "cpms"."files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_sub" text NOT NULL,
	"owner_name" text DEFAULT '' NOT NULL,
	"patient_id" uuid,
	"kind" text DEFAULT 'attachment' NOT NULL,
	"category" text DEFAULT 'other' NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"attached_at" timestamp with time zone,
	"attached_by_sub" text,
	"deleted_at" timestamp with time zone,
	"deleted_by_sub" text,
	"deleted_reason" text,
	CONSTRAINT "files_storageKey_unique" UNIQUE("storage_key"),
	CONSTRAINT "files_staged_or_attached" CHECK (("cpms"."files"."patient_id" is null) = ("cpms"."files"."attached_at" is null)),
	CONSTRAINT "files_staged_expire" CHECK ("cpms"."files"."patient_id" is not null or "cpms"."files"."expires_at" is not null)
);
--> statement-breakpoint
CREATE INDEX "files_patient_id_created_at_index" ON "cpms"."files" USING btree ("patient_id","created_at");--> statement-breakpoint
CREATE INDEX "files_expires_at_index" ON "cpms"."files" USING btree ("expires_at") WHERE "cpms"."files"."patient_id" is null;