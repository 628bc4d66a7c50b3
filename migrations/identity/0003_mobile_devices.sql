CREATE TABLE "identity"."mobile_app_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"question" text NOT NULL,
	"number" smallint,
	"context" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"denied_because" text,
	"answered_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	CONSTRAINT "mobile_app_request_number" CHECK ("identity"."mobile_app_requests"."kind" <> 'approve' or "identity"."mobile_app_requests"."number" between 10 and 99)
);
--> statement-breakpoint
CREATE TABLE "identity"."mobile_devices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"init_token_hash" text,
	"init_expires_at" timestamp with time zone,
	"pin_hash" text NOT NULL,
	"public_key" text,
	"secret" text,
	"activation_nonce" text,
	"failed_pins" smallint DEFAULT 0 NOT NULL,
	"push_subscription" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activated_at" timestamp with time zone,
	"locked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "mobile_devices_initTokenHash_unique" UNIQUE("init_token_hash"),
	CONSTRAINT "mobile_device_name_length" CHECK (char_length("identity"."mobile_devices"."name") between 1 and 60),
	CONSTRAINT "mobile_device_active_has_keys" CHECK ("identity"."mobile_devices"."status" = 'pending' or ("identity"."mobile_devices"."public_key" is not null and "identity"."mobile_devices"."secret" is not null))
);
--> statement-breakpoint
ALTER TABLE "identity"."mobile_app_requests" ADD CONSTRAINT "mobile_app_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."mobile_app_requests" ADD CONSTRAINT "mobile_app_requests_answered_by_mobile_devices_id_fk" FOREIGN KEY ("answered_by") REFERENCES "identity"."mobile_devices"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."mobile_devices" ADD CONSTRAINT "mobile_devices_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mobile_app_requests_user_id_status_index" ON "identity"."mobile_app_requests" USING btree ("user_id","status");--> statement-breakpoint
CREATE INDEX "mobile_app_requests_expires_at_index" ON "identity"."mobile_app_requests" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "mobile_devices_user_id_index" ON "identity"."mobile_devices" USING btree ("user_id");