ALTER TABLE "applications" ADD COLUMN "reference" text;--> statement-breakpoint
-- Applications made before references get one derived from their id: md5's first 8 bytes, each taken
-- mod 32 into Crockford base32 (no I, L, O, U), in the ENT-XXXX-XXXX form new ones are drawn in.
UPDATE "applications" AS a SET "reference" = 'ENT-' || overlay((
  SELECT string_agg(substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', get_byte(decode(md5(a."id"::text), 'hex'), i) % 32 + 1, 1), '' ORDER BY i)
  FROM generate_series(0, 7) AS i
) placing '-' from 5 for 0);--> statement-breakpoint
ALTER TABLE "applications" ALTER COLUMN "reference" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_reference_unique" UNIQUE("reference");
