-- Issue 7 (performance): partial indexes that EXPLAIN (ANALYZE) on the seed:large data showed missing.
-- Open alerts by client: the therapist and supervisor alert inboxes and the caseload's open/urgent
-- counts read only open alerts; without this index each inbox scanned the clinic's whole alert history.
CREATE INDEX IF NOT EXISTS "alerts_open_client_idx" ON "alerts" USING btree ("client_id", "created_at") WHERE "status" = 'open';
--> statement-breakpoint
-- Client measures due per therapist over a date range (the supervisor comparison's response rate):
-- without it the query scanned every assignment of the clinic.
CREATE INDEX IF NOT EXISTS "measure_assignments_client_due_idx" ON "measure_assignments" USING btree ("therapist_id", "due_at") INCLUDE ("status") WHERE "respondent" = 'client';
