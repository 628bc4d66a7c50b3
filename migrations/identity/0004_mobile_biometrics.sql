ALTER TABLE "identity"."mobile_app_requests" ADD COLUMN "approved_with" text;--> statement-breakpoint
ALTER TABLE "identity"."mobile_devices" ADD COLUMN "biometrics" jsonb;--> statement-breakpoint
ALTER TABLE "identity"."mobile_devices" ADD COLUMN "biometrics_challenge" text;--> statement-breakpoint
ALTER TABLE "identity"."mobile_devices" ADD COLUMN "biometrics_challenge_expires_at" timestamp with time zone;