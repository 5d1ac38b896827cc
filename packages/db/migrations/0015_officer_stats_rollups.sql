CREATE TABLE "application_day_marks" (
	"application_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"day" date NOT NULL,
	"authority_id" text NOT NULL,
	CONSTRAINT "application_day_marks_application_id_kind_day_pk" PRIMARY KEY("application_id","kind","day")
);
--> statement-breakpoint
CREATE TABLE "application_decisions" (
	"application_id" uuid PRIMARY KEY NOT NULL,
	"authority_id" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	"service_level_hours" integer NOT NULL,
	CONSTRAINT "application_decisions_service_level_check" CHECK ("application_decisions"."service_level_hours" > 0)
);
--> statement-breakpoint
CREATE TABLE "application_fee_marks" (
	"application_id" uuid NOT NULL,
	"chain_id" integer NOT NULL,
	"token" text NOT NULL,
	"authority_id" text NOT NULL,
	"day" date NOT NULL,
	"amount" numeric(78, 0) NOT NULL,
	CONSTRAINT "application_fee_marks_application_id_chain_id_token_pk" PRIMARY KEY("application_id","chain_id","token")
);
--> statement-breakpoint
CREATE TABLE "authority_daily_activity" (
	"authority_id" text NOT NULL,
	"day" date NOT NULL,
	"submitted" integer DEFAULT 0 NOT NULL,
	"paid" integer DEFAULT 0 NOT NULL,
	"decided" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "authority_daily_activity_authority_id_day_pk" PRIMARY KEY("authority_id","day")
);
--> statement-breakpoint
CREATE TABLE "authority_daily_fees" (
	"authority_id" text NOT NULL,
	"day" date NOT NULL,
	"chain_id" integer NOT NULL,
	"token" text NOT NULL,
	"amount" numeric(78, 0) NOT NULL,
	CONSTRAINT "authority_daily_fees_authority_id_day_chain_id_token_pk" PRIMARY KEY("authority_id","day","chain_id","token")
);
--> statement-breakpoint
-- Products already there commit to their decision deadline until the catalogue's sync (at start-up)
-- writes their published service level.
ALTER TABLE "products" ADD COLUMN "service_level_hours" integer;--> statement-breakpoint
UPDATE "products" SET "service_level_hours" = "processing_days" * 24;--> statement-breakpoint
ALTER TABLE "products" ALTER COLUMN "service_level_hours" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "application_decisions_authority_decided_idx" ON "application_decisions" USING btree ("authority_id","decided_at","paid_at","service_level_hours");--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_service_level_check" CHECK ("products"."service_level_hours" > 0 and "products"."service_level_hours" <= "products"."processing_days" * 24);--> statement-breakpoint
-- Keeps the officer dashboard's rollups (application_day_marks → authority_daily_activity,
-- application_fee_marks → authority_daily_fees, application_decisions). Each application named is
-- recounted from its whole trail: its old contribution is taken off the day totals and its new one
-- added (each by one statement), so repeats, reorg rollbacks and events written out of order give what a recount from
-- scratch gives. Totals are changed in key order, so two transactions lock the rows they share in the
-- same order and cannot deadlock on them.
CREATE FUNCTION "officer_stats_recount"("ids" uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- A day's activity: an application counts once a day per kind.
  WITH "gone" AS (
    DELETE FROM "application_day_marks" WHERE "application_id" = ANY("ids") RETURNING "authority_id", "day", "kind"
  )
  INSERT INTO "authority_daily_activity" AS t ("authority_id", "day", "submitted", "paid", "decided")
    SELECT "authority_id", "day", -count(*) FILTER (WHERE "kind" = 'submitted'),
      -count(*) FILTER (WHERE "kind" = 'paid'), -count(*) FILTER (WHERE "kind" = 'decided')
    FROM "gone" GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT ("authority_id", "day") DO UPDATE SET "submitted" = t."submitted" + excluded."submitted",
      "paid" = t."paid" + excluded."paid", "decided" = t."decided" + excluded."decided";
  WITH "marked" AS (
    INSERT INTO "application_day_marks" ("application_id", "kind", "day", "authority_id")
      SELECT DISTINCT e."application_id",
        CASE e."event" WHEN 'submit' THEN 'submitted' WHEN 'confirm_payment' THEN 'paid' ELSE 'decided' END,
        (e."at" AT TIME ZONE 'UTC')::date, a."authority_id"
      FROM "application_events" e JOIN "applications" a ON a."id" = e."application_id"
      WHERE e."application_id" = ANY("ids") AND e."event" IN ('submit', 'confirm_payment', 'approve', 'reject')
      RETURNING "authority_id", "day", "kind"
  )
  INSERT INTO "authority_daily_activity" AS t ("authority_id", "day", "submitted", "paid", "decided")
    SELECT "authority_id", "day", count(*) FILTER (WHERE "kind" = 'submitted'),
      count(*) FILTER (WHERE "kind" = 'paid'), count(*) FILTER (WHERE "kind" = 'decided')
    FROM "marked" GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT ("authority_id", "day") DO UPDATE SET "submitted" = t."submitted" + excluded."submitted",
      "paid" = t."paid" + excluded."paid", "decided" = t."decided" + excluded."decided";

  -- Fees released: on the day of the first issue after the application last left `issued` (a reorg
  -- rollback), none while it has left it since its last issue.
  WITH "gone" AS (
    DELETE FROM "application_fee_marks" WHERE "application_id" = ANY("ids")
      RETURNING "authority_id", "day", "chain_id", "token", "amount"
  )
  INSERT INTO "authority_daily_fees" AS t ("authority_id", "day", "chain_id", "token", "amount")
    SELECT "authority_id", "day", "chain_id", "token", -sum("amount") FROM "gone" GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT ("authority_id", "day", "chain_id", "token") DO UPDATE SET "amount" = t."amount" + excluded."amount";
  WITH "trail" AS (
    SELECT e."application_id", e."id", e."event", e."at",
      max(CASE WHEN e."from_state" = 'issued' AND e."to_state" <> 'issued' THEN e."id" END)
        OVER (PARTITION BY e."application_id") AS "last_left"
    FROM "application_events" e
    WHERE e."application_id" = ANY("ids")
  ), "issued" AS (
    SELECT DISTINCT ON ("application_id") "application_id", ("at" AT TIME ZONE 'UTC')::date AS "day"
    FROM "trail"
    WHERE "event" = 'issue' AND "id" > coalesce("last_left", 0)
    ORDER BY "application_id", "id"
  ), "marked" AS (
    INSERT INTO "application_fee_marks" ("application_id", "chain_id", "token", "authority_id", "day", "amount")
      SELECT i."application_id", q."chain_id", lower(q."token"), a."authority_id", i."day", sum(q."token_amount")
      FROM "issued" i
      JOIN "applications" a ON a."id" = i."application_id"
      JOIN "quotes" q ON q."application_id" = i."application_id" AND q."status" = 'paid'
      GROUP BY 1, 2, 3, 4, 5
      RETURNING "authority_id", "day", "chain_id", "token", "amount"
  )
  INSERT INTO "authority_daily_fees" AS t ("authority_id", "day", "chain_id", "token", "amount")
    SELECT "authority_id", "day", "chain_id", "token", sum("amount") FROM "marked" GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT ("authority_id", "day", "chain_id", "token") DO UPDATE SET "amount" = t."amount" + excluded."amount";

  -- Decisions: the latest decision, timed from the first confirmed payment.
  DELETE FROM "application_decisions" WHERE "application_id" = ANY("ids");
  INSERT INTO "application_decisions" ("application_id", "authority_id", "decided_at", "paid_at", "service_level_hours")
    SELECT e."application_id", a."authority_id",
      max(e."at") FILTER (WHERE e."event" IN ('approve', 'reject')),
      min(e."at") FILTER (WHERE e."event" = 'confirm_payment'),
      p."service_level_hours"
    FROM "application_events" e
    JOIN "applications" a ON a."id" = e."application_id"
    JOIN "products" p ON p."id" = a."product_id"
    WHERE e."application_id" = ANY("ids") AND e."event" IN ('confirm_payment', 'approve', 'reject')
    GROUP BY e."application_id", a."authority_id", p."service_level_hours"
    HAVING bool_or(e."event" IN ('approve', 'reject'))
    ORDER BY 1;
END;
$$;--> statement-breakpoint
CREATE FUNCTION "officer_stats_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only the applications whose counted events changed: a review or a request for information
  -- changes no figure.
  PERFORM "officer_stats_recount"(array(
    SELECT DISTINCT "application_id" FROM new_rows
    WHERE "event" IN ('submit', 'confirm_payment', 'approve', 'reject', 'issue') OR "from_state" = 'issued'
    ORDER BY 1
  ));
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "officer_stats_insert" AFTER INSERT ON "application_events"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "officer_stats_apply"();--> statement-breakpoint
SELECT "officer_stats_recount"(array(SELECT DISTINCT "application_id" FROM "application_events" ORDER BY 1));
