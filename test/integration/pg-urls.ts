/** Connection-URL helpers shared by the global setup and the harness (no I/O). */

export const LOCAL_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The same server and credentials as `url`, on database `databaseName`. */
export function databaseUrlFor(url: string, databaseName: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(databaseName)}`;
  return parsed.toString();
}

/** The database name a URL points at. */
export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** A double-quoted SQL identifier (our generated names are plain, but quote anyway). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
