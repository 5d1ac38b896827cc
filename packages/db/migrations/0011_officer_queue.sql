DROP INDEX "applications_authority_state_idx";--> statement-breakpoint
ALTER TABLE "applicants" ADD COLUMN "name_index" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "applicants_name_index_idx" ON "applicants" USING gin ("name_index");--> statement-breakpoint
CREATE INDEX "application_events_event_at_idx" ON "application_events" USING btree ("event","at");--> statement-breakpoint
CREATE INDEX "applications_authority_deadline_idx" ON "applications" USING btree ("authority_id","decision_deadline","id");--> statement-breakpoint
CREATE INDEX "applications_authority_undecided_idx" ON "applications" USING btree ("authority_id","decision_deadline","id") WHERE "applications"."state" in ('paid', 'under_review', 'needs_info');--> statement-breakpoint
CREATE INDEX "applications_authority_state_idx" ON "applications" USING btree ("authority_id","state","decision_deadline","id");