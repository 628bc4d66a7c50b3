CREATE TABLE "cpms"."terminology_releases" (
	"system" text PRIMARY KEY NOT NULL,
	"version" text NOT NULL,
	"source" text NOT NULL,
	"term_count" integer NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cpms"."terms" (
	"system" text NOT NULL,
	"code" text NOT NULL,
	"label" text NOT NULL,
	"synonyms" text[] DEFAULT '{}'::text[] NOT NULL,
	"parents" text[] DEFAULT '{}'::text[] NOT NULL,
	"icd10" text[] DEFAULT '{}'::text[] NOT NULL,
	"is_obsolete" boolean DEFAULT false NOT NULL,
	"replaced_by" text,
	"label_key" text NOT NULL,
	"search_text" text NOT NULL,
	"source" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "terms_system_code_pk" PRIMARY KEY("system","code"),
	CONSTRAINT "terms_system_check" CHECK ("cpms"."terms"."system" in ('HPO', 'ORPHA', 'ICD10'))
);
--> statement-breakpoint
CREATE INDEX "terms_code_prefix_idx" ON "cpms"."terms" USING btree ("system","code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "terms_label_prefix_idx" ON "cpms"."terms" USING btree ("system","label_key" text_pattern_ops) WHERE not "cpms"."terms"."is_obsolete";