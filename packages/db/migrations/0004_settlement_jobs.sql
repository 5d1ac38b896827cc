CREATE TABLE "settlement_jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"quote_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"chain_id" integer NOT NULL,
	"relayer_key" text NOT NULL,
	"to_address" text NOT NULL,
	"data" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"locked_by" text,
	"locked_until" timestamp with time zone,
	"last_error_code" text,
	"last_error_message" text,
	"tx_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "settlement_jobs_kind_check" CHECK ("settlement_jobs"."kind" in ('release', 'refund', 'claim')),
	CONSTRAINT "settlement_jobs_status_check" CHECK ("settlement_jobs"."status" in ('queued', 'sent', 'succeeded', 'blocked', 'cancelled')),
	CONSTRAINT "settlement_jobs_relayer_key_check" CHECK (char_length("settlement_jobs"."relayer_key") between 1 and 255),
	CONSTRAINT "settlement_jobs_to_check" CHECK ("settlement_jobs"."to_address" ~ '^0x[0-9a-f]{40}$'),
	CONSTRAINT "settlement_jobs_data_check" CHECK ("settlement_jobs"."data" ~ '^0x([0-9a-f]{2})*$'),
	CONSTRAINT "settlement_jobs_tx_hash_check" CHECK ("settlement_jobs"."tx_hash" is null or "settlement_jobs"."tx_hash" ~ '^0x[0-9a-f]{64}$'),
	CONSTRAINT "settlement_jobs_attempts_check" CHECK ("settlement_jobs"."attempts" >= 0),
	CONSTRAINT "settlement_jobs_blocked_reason_check" CHECK ("settlement_jobs"."status" <> 'blocked' or "settlement_jobs"."last_error_code" is not null)
);
--> statement-breakpoint
ALTER TABLE "settlement_jobs" ADD CONSTRAINT "settlement_jobs_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_jobs" ADD CONSTRAINT "settlement_jobs_quote_id_quotes_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."quotes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_jobs_relayer_key_key" ON "settlement_jobs" USING btree ("relayer_key");--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_jobs_live_key" ON "settlement_jobs" USING btree ("application_id","kind") WHERE "settlement_jobs"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "settlement_jobs_due_idx" ON "settlement_jobs" USING btree ("next_attempt_at","id") WHERE "settlement_jobs"."next_attempt_at" is not null;--> statement-breakpoint
CREATE INDEX "settlement_jobs_status_idx" ON "settlement_jobs" USING btree ("status","created_at");