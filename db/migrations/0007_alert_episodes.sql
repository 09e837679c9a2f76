ALTER TABLE "alerts" ADD COLUMN "episode_id" uuid;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "raise_count" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "last_raised_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "alerts_episode_idx" ON "alerts" USING btree ("episode_id");--> statement-breakpoint
-- Existing alerts: those raised by one response (or by a draft of its form) share its assignment.
UPDATE "alerts" SET "episode_id" = "measure_responses"."assignment_id" FROM "measure_responses" WHERE "measure_responses"."id" = "alerts"."response_id";--> statement-breakpoint
UPDATE "alerts" SET "episode_id" = substring("dedupe_key" from 6)::uuid WHERE "episode_id" IS NULL AND "dedupe_key" ~ '^risk:[0-9a-f-]{36}$';
