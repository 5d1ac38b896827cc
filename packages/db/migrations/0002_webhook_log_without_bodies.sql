ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "webhook_deliveries_snippet_check";--> statement-breakpoint
ALTER TABLE "webhook_deliveries" DROP COLUMN "response_snippet";