CREATE TABLE "cpms"."rp_logins" (
	"key_hash" text PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"nonce" text NOT NULL,
	"code_verifier" text NOT NULL,
	"return_to" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cpms"."rp_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"sub" text NOT NULL,
	"sid" text,
	"email" text,
	"name" text NOT NULL,
	"acr" text NOT NULL,
	"amr" text[] NOT NULL,
	"auth_time" timestamp with time zone,
	"id_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "rp_logins_expires_at_index" ON "cpms"."rp_logins" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "rp_sessions_sub_index" ON "cpms"."rp_sessions" USING btree ("sub");--> statement-breakpoint
CREATE INDEX "rp_sessions_sid_index" ON "cpms"."rp_sessions" USING btree ("sid");--> statement-breakpoint
CREATE INDEX "rp_sessions_expires_at_index" ON "cpms"."rp_sessions" USING btree ("expires_at");