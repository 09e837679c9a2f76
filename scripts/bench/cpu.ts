import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/*
 * Where a load step's CPU went, from /proc (Linux): the app server's process (all its threads),
 * every PostgreSQL process on the machine (the benchmark assumes it has the server to itself), and
 * the benchmark's own process (the load generator). Divided by the requests answered, it says what
 * one page costs each side — which is what a share of the ceiling comes down to on a small machine.
 */

export type CpuSample = { app: number; db: number; load: number };

const TICKS_PER_SECOND = (() => {
  const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const value = Number(out.stdout?.trim());
  return Number.isFinite(value) && value > 0 ? value : 100;
})();

/** utime + stime of one process, in ms; 0 when it is gone (or /proc cannot be read). */
function processCpuMs(pid: number | string): { comm: string; ms: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces; the fields after it are positional.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    return { comm, ms: (ticks / TICKS_PER_SECOND) * 1000 };
  } catch {
    return { comm: '', ms: 0 };
  }
}

/** CPU used so far by the app process, all postgres processes and this process (ms), or null off Linux. */
export function cpuSample(appPid: number | undefined): CpuSample | null {
  if (appPid === undefined || process.platform !== 'linux') return null;
  let db = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const { comm, ms } = processCpuMs(entry);
    if (comm === 'postgres') db += ms;
  }
  const own = process.cpuUsage();
  return { app: processCpuMs(appPid).ms, db, load: (own.user + own.system) / 1000 };
}

/** CPU per request between two samples (ms), or null when either is missing or nothing was answered. */
export function cpuPerRequest(before: CpuSample | null, after: CpuSample | null, requests: number): CpuSample | null {
  if (!before || !after || requests <= 0) return null;
  return { app: (after.app - before.app) / requests, db: (after.db - before.db) / requests, load: (after.load - before.load) / requests };
}
