/** Dates as a clinic reads them. Time zone defaults to UTC until clinic zones are wired in. */
export function formatDate(value: Date | string | null, timeZone = 'UTC'): string {
  if (value === null) return '—';
  const date = typeof value === 'string' ? new Date(`${value.length === 10 ? `${value}T00:00:00Z` : value}`) : value;
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(date);
}

export function formatDateTime(value: Date | null, timeZone = 'UTC'): string {
  if (value === null) return '—';
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone }).format(value);
}
