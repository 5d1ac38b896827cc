-- Keeps application_state_counts: one statement trigger per kind of change, each adding up its
-- transition table by (authority, state). Rows are applied in key order, so two transactions lock
-- the counters they share in the same order and cannot deadlock on them.
CREATE FUNCTION "application_state_counts_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "application_state_counts" AS c ("authority_id", "state", "count")
      SELECT "authority_id", "state", count(*) FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT ("authority_id", "state") DO UPDATE SET "count" = c."count" + excluded."count";
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "application_state_counts" AS c ("authority_id", "state", "count")
      SELECT "authority_id", "state", -count(*) FROM old_rows GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT ("authority_id", "state") DO UPDATE SET "count" = c."count" + excluded."count";
  ELSE
    INSERT INTO "application_state_counts" AS c ("authority_id", "state", "count")
      SELECT "authority_id", "state", sum("delta") FROM (
        SELECT "authority_id", "state", -1 AS "delta" FROM old_rows
        UNION ALL
        SELECT "authority_id", "state", 1 FROM new_rows
      ) AS "changes"
      GROUP BY 1, 2 HAVING sum("delta") <> 0 ORDER BY 1, 2
      ON CONFLICT ("authority_id", "state") DO UPDATE SET "count" = c."count" + excluded."count";
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "application_state_counts_insert" AFTER INSERT ON "applications"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "application_state_counts_apply"();--> statement-breakpoint
CREATE TRIGGER "application_state_counts_update" AFTER UPDATE ON "applications"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "application_state_counts_apply"();--> statement-breakpoint
CREATE TRIGGER "application_state_counts_delete" AFTER DELETE ON "applications"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "application_state_counts_apply"();--> statement-breakpoint
INSERT INTO "application_state_counts" ("authority_id", "state", "count")
  SELECT "authority_id", "state", count(*) FROM "applications" GROUP BY 1, 2;
