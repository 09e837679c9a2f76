import { setDatabase } from '@/db/client';
import { runSweep } from '@/lib/data/sweep';
import { argValue, runWithDatabase } from './lib/cli';

// npm run sweep [-- --now 2026-12-01T09:00:00Z]   (the clock is controllable for tests and drills)
const nowArg = argValue('--now');
const now = nowArg ? new Date(nowArg) : new Date();
if (Number.isNaN(now.getTime())) {
  console.error(`Error: --now must be an ISO date-time, got "${nowArg}"`);
  process.exit(1);
}

void runWithDatabase(async (handle) => {
  setDatabase(handle);
  const result = await runSweep({ now });
  return `Sweep at ${now.toISOString()}: ${result.expired} expired, ${result.missedMeasureAlerts} missed-measure alerts, ${result.escalated} escalated, ${result.emailed} emailed, ${result.reminded} form reminders sent.`;
});
