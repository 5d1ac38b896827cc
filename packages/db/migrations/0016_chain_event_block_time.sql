ALTER TABLE "chain_events" ADD COLUMN "block_timestamp" timestamp with time zone;--> statement-breakpoint
-- Logs already stored: their block's time while its header is still kept, else when they were read.
UPDATE "chain_events" SET "block_timestamp" = coalesce(
  (SELECT "chain_blocks"."timestamp" FROM "chain_blocks"
    WHERE "chain_blocks"."chain_id" = "chain_events"."chain_id"
      AND "chain_blocks"."address" = "chain_events"."address"
      AND "chain_blocks"."number" = "chain_events"."block_number"
      AND "chain_blocks"."hash" = "chain_events"."block_hash"),
  "chain_events"."created_at");--> statement-breakpoint
ALTER TABLE "chain_events" ALTER COLUMN "block_timestamp" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "chain_events_settlement_time_idx" ON "chain_events" USING btree ("block_timestamp","id") WHERE "chain_events"."event_name" in ('EscrowReleased', 'EscrowRefunded', 'EscrowClaimed') and not "chain_events"."removed";
