-- Keys created before scopes existed keep everything they could do: every scope.
ALTER TABLE "api_keys" ADD COLUMN "scopes" text[] NOT NULL DEFAULT '{applications:read,documents:read,applications:decide,webhooks:manage}'::text[];--> statement-breakpoint
ALTER TABLE "api_keys" ALTER COLUMN "scopes" DROP DEFAULT;
