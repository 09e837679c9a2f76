import type { AuditEvent } from '@/lib/data/admin';
import { Badge, type BadgeTone } from './badge';
import { OUTCOME_LABEL, ROLE_LABEL } from './labels';
import { dateTimeFormat } from '@/lib/format';
import { ScrollRegion } from '@/components/ui/scroll-region';

const OUTCOME_TONE: Record<AuditEvent['outcome'], BadgeTone> = { success: 'green', failure: 'amber', denied: 'red' };
const th = 'px-3 py-2 text-left font-semibold whitespace-nowrap';
const td = 'px-3 py-2 align-top';

/** An id shortened for reading; the whole id is in the title and in the CSV export. */
function ShortId({ id }: { id: string }) {
  return (
    <code title={id} className="font-mono text-xs text-slate-700">
      {id.slice(0, 8)}
    </code>
  );
}

function whenFormatter(timeZone: string) {
  return dateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone });
}

/**
 * Audit events, newest first: who did what to which record, when (in the clinic's time zone), and
 * how it ended. Events carry ids, never clinical values; ids of people and clients are shown as names.
 */
export function AuditTable({
  rows,
  timeZone,
  userNames,
  clientNames,
}: {
  rows: AuditEvent[];
  timeZone: string;
  userNames: ReadonlyMap<string, string>;
  clientNames: ReadonlyMap<string, string>;
}) {
  const when = whenFormatter(timeZone);
  const target = (row: AuditEvent) => {
    if (!row.targetType) return <span className="text-slate-500">—</span>;
    const name = row.targetId
      ? row.targetType === 'user'
        ? userNames.get(row.targetId)
        : row.targetType === 'client'
          ? clientNames.get(row.targetId)
          : undefined
      : undefined;
    return (
      <>
        <span className="text-slate-600">{row.targetType}</span>{' '}
        {name ? <span className="font-medium">{name}</span> : row.targetId ? <ShortId id={row.targetId} /> : null}
      </>
    );
  };
  return (
    <ScrollRegion className="rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Audit events, newest first</caption>
        <thead className="bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className={th}>
              When
            </th>
            <th scope="col" className={th}>
              Who
            </th>
            <th scope="col" className={th}>
              Role
            </th>
            <th scope="col" className={th}>
              Action
            </th>
            <th scope="col" className={th}>
              Outcome
            </th>
            <th scope="col" className={th}>
              Target
            </th>
            <th scope="col" className={th}>
              Client
            </th>
            <th scope="col" className={th}>
              Request id
            </th>
            <th scope="col" className={th}>
              IP
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.id}>
              <td className={`${td} whitespace-nowrap tabular-nums`}>
                <time dateTime={row.occurredAt.toISOString()}>{when.format(row.occurredAt)}</time>
              </td>
              <td className={`${td} whitespace-nowrap`}>
                {row.actorName ?? <span className="text-slate-500">{row.action.startsWith('auth.sign_in') ? 'Unknown account' : '—'}</span>}
              </td>
              <td className={td}>{row.actorRole ? ROLE_LABEL[row.actorRole] : <span className="text-slate-500">—</span>}</td>
              <td className={`${td} whitespace-nowrap`}>
                <code className="font-mono text-xs">{row.action}</code>
              </td>
              <td className={td}>
                <Badge tone={OUTCOME_TONE[row.outcome]}>{OUTCOME_LABEL[row.outcome]}</Badge>
              </td>
              <td className={`${td} whitespace-nowrap`}>{target(row)}</td>
              <td className={`${td} whitespace-nowrap`}>
                {row.clientId ? (clientNames.get(row.clientId) ?? <ShortId id={row.clientId} />) : <span className="text-slate-500">—</span>}
              </td>
              <td className={td}>{row.requestId ? <ShortId id={row.requestId} /> : <span className="text-slate-500">—</span>}</td>
              <td className={`${td} whitespace-nowrap`}>
                {row.ip ? <code className="font-mono text-xs">{row.ip}</code> : <span className="text-slate-500">—</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
