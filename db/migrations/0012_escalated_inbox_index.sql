-- Issue 16: the supervisor's escalated-alert inbox. Without it PostgreSQL walked every client of the
-- clinic and probed each one's open alerts (66 ms at 10,000 clients, the page's costliest statement);
-- open escalated alerts are few, so this small partial index answers it directly (1.6 ms; 7.8 ms
-- with 300 of them open).
CREATE INDEX IF NOT EXISTS "alerts_open_escalated_idx" ON "alerts" USING btree ("clinic_id", "client_id") WHERE "status" = 'open' AND "escalated_at" IS NOT NULL;
