CREATE TABLE "cpms"."members" (
	"sub" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"search_text" text DEFAULT '' NOT NULL,
	"fetched_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cpms"."memberships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sub" text NOT NULL,
	"right_id" text NOT NULL,
	"profile" text NOT NULL,
	"ern_code" text NOT NULL,
	"ern_name" text NOT NULL,
	"country_code" text NOT NULL,
	"country_name" text NOT NULL,
	"provider_id" text NOT NULL,
	"provider_code" text NOT NULL,
	"provider_name" text NOT NULL,
	"is_guest" boolean DEFAULT false NOT NULL,
	"granted_since" timestamp with time zone,
	CONSTRAINT "memberships_sub_rightId_unique" UNIQUE("sub","right_id")
);
--> statement-breakpoint
CREATE TABLE "cpms"."preference_areas" (
	"sub" text NOT NULL,
	"ern_code" text NOT NULL,
	"area_id" uuid NOT NULL,
	CONSTRAINT "preference_areas_sub_area_id_pk" PRIMARY KEY("sub","area_id")
);
--> statement-breakpoint
CREATE TABLE "cpms"."preferences" (
	"sub" text NOT NULL,
	"ern_code" text NOT NULL,
	"professional_role" text NOT NULL,
	"other_role" text,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "preferences_sub_ern_code_pk" PRIMARY KEY("sub","ern_code")
);
--> statement-breakpoint
CREATE TABLE "cpms"."thematic_areas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ern_code" text NOT NULL,
	"name" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "cpms"."memberships" ADD CONSTRAINT "memberships_sub_members_sub_fk" FOREIGN KEY ("sub") REFERENCES "cpms"."members"("sub") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpms"."preference_areas" ADD CONSTRAINT "preference_areas_area_id_thematic_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "cpms"."thematic_areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpms"."preference_areas" ADD CONSTRAINT "preference_areas_sub_ern_code_preferences_sub_ern_code_fk" FOREIGN KEY ("sub","ern_code") REFERENCES "cpms"."preferences"("sub","ern_code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "members_search_text_index" ON "cpms"."members" USING btree ("search_text");--> statement-breakpoint
CREATE INDEX "memberships_ern_code_profile_index" ON "cpms"."memberships" USING btree ("ern_code","profile");--> statement-breakpoint
CREATE INDEX "memberships_provider_id_index" ON "cpms"."memberships" USING btree ("provider_id");--> statement-breakpoint
CREATE INDEX "preference_areas_area_id_index" ON "cpms"."preference_areas" USING btree ("area_id");--> statement-breakpoint
CREATE INDEX "thematic_areas_ern_code_sort_order_index" ON "cpms"."thematic_areas" USING btree ("ern_code","sort_order");--> statement-breakpoint
CREATE UNIQUE INDEX "thematic_areas_offered_name" ON "cpms"."thematic_areas" USING btree ("ern_code",lower("name")) WHERE "cpms"."thematic_areas"."retired_at" is null;