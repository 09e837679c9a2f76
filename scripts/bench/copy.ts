import { once } from 'node:events';
import type { Sql, TransactionSql } from 'postgres';

/*
 * PostgreSQL COPY (text format) through postgres.js: rows are encoded here and streamed into
 * `copy <table> (<columns>) from stdin`, which goes through every constraint, trigger and index of
 * the real schema (nothing is dropped or deferred).
 */

export type CopyValue = string | number | boolean | Date | null | undefined | Record<string, unknown> | unknown[];

/** One value in COPY text format: `\N` for null, ISO instants for dates, JSON for objects. */
export function copyField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`COPY cannot encode ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : text;
}

export function copyLine(values: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : '\t') + copyField(values[i]);
  return `${line}\n`;
}

/**
 * Watches the COPY connection from a second one. postgres.js loses an error raised when the server
 * finishes a COPY (foreign keys are checked at the end of the statement): the stream then never
 * finishes. The watchdog turns "our backend sits in an aborted transaction" into an error.
 */
export type CopyWatchdog = { side: Sql; backendPid: number };

async function abortedBackend(watchdog: CopyWatchdog): Promise<boolean> {
  const [row] = await watchdog.side<{ state: string | null }[]>`select state from pg_stat_activity where pid = ${watchdog.backendPid}`;
  return row?.state === 'idle in transaction (aborted)';
}

/** Streams pre-encoded lines into one COPY statement on `sql` (a transaction or a reserved connection). */
export async function copyLines(
  sql: Sql | TransactionSql,
  table: string,
  columns: readonly string[],
  lines: readonly string[],
  watchdog?: CopyWatchdog,
): Promise<void> {
  if (lines.length === 0) return;
  const writable = await sql`copy ${sql(table)} (${sql(columns as string[])}) from stdin`.writable();
  // Batches of ~256 kB keep the socket busy without one huge string per table.
  let buffer = '';
  for (const line of lines) {
    buffer += line;
    if (buffer.length >= 262_144) {
      if (!writable.write(buffer)) await once(writable, 'drain');
      buffer = '';
    }
  }
  if (buffer) writable.write(buffer);
  const finished = once(writable, 'finish');
  writable.end();
  if (!watchdog) {
    await finished;
    return;
  }
  let done = false;
  const watching = (async () => {
    while (!done) {
      await new Promise((r) => setTimeout(r, 1000));
      if (!done && (await abortedBackend(watchdog))) {
        throw new Error(`COPY into ${table} failed at the end of the statement (a constraint, e.g. a foreign key); see the PostgreSQL server log for the row.`);
      }
    }
  })();
  try {
    await Promise.race([finished, watching]);
  } finally {
    done = true;
  }
}
