-- Issue 16: the supervisor home's two largest reads answered from the index alone. Measured with
-- EXPLAIN ANALYZE at full size (10,000 clients; a supervisor of ten therapists, 90 days): the
-- rollup aggregate 5.1 → 3.0 ms (5,334 rows; the primary key made it visit the table for each) and
-- the client-form count 4.6 → 3.4 ms (7,353 assignments; right after VACUUM: rows changed since
-- then are still read from the table, and recent forms change, so under the benchmark's load it
-- stayed near 8 ms while the rollup read fell from ~7 to ~5 ms). The rollup index holds every figure the
-- comparison sums, so it is about the table's size (75 MB at full size); a submission's refresh
-- writes it for the few rows it rewrites.
CREATE INDEX IF NOT EXISTS "supervision_rollup_read_idx" ON "supervision_rollup" USING btree ("therapist_id", "day") INCLUDE ("clinic_id", "client_id", "since_day", "wai_n", "overall_sum", "goal_sum", "task_sum", "bond_sum", "below_n", "gap_sessions", "gap_sum", "ruptures", "ruptures_acknowledged_within_7_days", "ruptures_repaired", "ruptures_unrepaired", "phq9_last_at", "gad7_last_at");
--> statement-breakpoint
-- Replaces 0004's index of the same key, which carried only the status: the completion count also
-- reads the clinic, when the form was answered, when it expires and when it was made.
CREATE INDEX IF NOT EXISTS "measure_assignments_client_due_cover_idx" ON "measure_assignments" USING btree ("therapist_id", "due_at") INCLUDE ("status", "clinic_id", "completed_at", "expires_at", "created_at") WHERE "respondent" = 'client';
--> statement-breakpoint
DROP INDEX IF EXISTS "measure_assignments_client_due_idx";
