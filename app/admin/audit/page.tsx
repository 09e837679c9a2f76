import type { Metadata } from 'next';
import Form from 'next/form';
import Link from 'next/link';
import { AUDIT_ACTION_GROUPS, auditActionLabel } from '@/components/admin/audit-actions';
import { AuditTable } from '@/components/admin/audit-table';
import { ROLE_LABEL } from '@/components/admin/labels';
import { LinkButton } from '@/components/admin/link-button';
import { SelectField } from '@/components/admin/select-field';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { TextField } from '@/components/ui/text-field';
import { requireAreaActor } from '@/lib/auth/session';
import { SWAPPED_DATES_NOTICE, wasSwapped } from '@/lib/validation/fields';
import { AUDIT_PAGE_SIZE, getAssignmentsOverview, listAuditEvents } from '@/lib/data/admin';
import { getClinicTimeZone } from '@/lib/data/clinic';
import { listClinicUsers } from '@/lib/data/users';
import { orHttpError } from '@/lib/http';
import { auditQuery, hasAnyFilter, readAuditFilter, type SearchParams } from './filters';

export const metadata: Metadata = { title: 'Audit log' };

const pagerLink =
  'inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold text-slate-900 hover:bg-slate-50 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-teal-600';

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireAreaActor('admin');
  const params = await searchParams;
  const { filter, problems } = readAuditFilter(params);
  // The events first, so the reads this page makes below (also audited) do not show on it.
  const events = await orHttpError(listAuditEvents(actor, filter));
  const [users, overview, timeZone] = await Promise.all([
    orHttpError(listClinicUsers(actor)),
    orHttpError(getAssignmentsOverview(actor)),
    getClinicTimeZone(actor),
  ]);
  const staff = users.filter((u) => u.role !== 'client');
  const portalUsers = users.filter((u) => u.role === 'client');
  const userNames = new Map(users.map((u) => [u.id, u.name]));
  const clientNames = new Map(overview.clients.map((c) => [c.id, c.name]));
  const query = auditQuery(filter);
  const firstValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const swapped = wasSwapped({ from: firstValue(params.from), to: firstValue(params.to) }, filter);
  const first = (filter.page - 1) * AUDIT_PAGE_SIZE + 1;

  return (
    <>
      <PageHeader title="Audit log">
        <a href={`/admin/audit/export${query}`} className={`${pagerLink} self-start sm:self-auto`} download>
          Download CSV
        </a>
      </PageHeader>
      <div className="flex flex-col gap-5">
        <p className="text-sm text-slate-600">
          Who did what, to which record, and when — including reads and refusals. Events name records by id and never hold answers, scores or notes. Sign-ins to
          unknown accounts (auth.sign_in.unknown_account) are shown when they came from an address used to sign in to this clinic’s accounts in the week before;
          the email address tried is never recorded. The CSV has the events matching these filters (up to 10,000).
        </p>

        {/* Keyed by the query, so "Clear" and the pager show the filters that are in force. */}
        <Form
          key={query}
          action="/admin/audit"
          prefetch={false}
          aria-label="Filter the audit log"
          className="rounded-lg border border-slate-200 bg-white p-4 sm:p-5"
        >
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            <SelectField id="audit-who" label="Who" name="actorUserId" defaultValue={filter.actorUserId ?? ''}>
              <option value="">Anyone</option>
              <optgroup label="Staff">
                {staff.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name} ({ROLE_LABEL[u.role]})
                  </option>
                ))}
              </optgroup>
              {portalUsers.length > 0 ? (
                <optgroup label="Clients’ portal accounts">
                  {portalUsers.map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </SelectField>
            <SelectField id="audit-client" label="Which client" name="clientId" defaultValue={filter.clientId ?? ''}>
              <option value="">Any client</option>
              {overview.clients.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </SelectField>
            <SelectField id="audit-action" label="What" name="action" defaultValue={filter.action ?? ''}>
              <option value="">Anything</option>
              {AUDIT_ACTION_GROUPS.map((group) => (
                <optgroup key={group.label} label={group.label}>
                  {group.options.map((option) => (
                    <option key={option.code} value={option.code}>
                      {option.label}
                    </option>
                  ))}
                </optgroup>
              ))}
              {/* A code from a bookmarked or shared address that is not among the choices still filters. */}
              {filter.action && !auditActionLabel(filter.action) ? (
                <optgroup label="From the address">
                  <option value={filter.action}>Actions starting “{filter.action}”</option>
                </optgroup>
              ) : null}
            </SelectField>
            <TextField id="audit-from" label="From" name="from" type="date" defaultValue={filter.from ?? ''} />
            <TextField id="audit-to" label="To" name="to" type="date" defaultValue={filter.to ?? ''} />
            <div className="flex flex-wrap items-end gap-2">
              <Button type="submit">Apply filters</Button>
              {hasAnyFilter(filter) ? (
                <LinkButton href="/admin/audit" variant="secondary" prefetch={false}>
                  Clear
                </LinkButton>
              ) : null}
            </div>
          </div>
        </Form>

        {problems.length > 0 ? (
          <Notice tone="error">
            Some filters in the address could not be used:
            <ul className="mt-1 ml-5 list-disc">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </Notice>
        ) : null}
        {swapped ? <Notice tone="info">{SWAPPED_DATES_NOTICE}</Notice> : null}

        <div className="flex flex-col gap-3">
          <p className="text-sm text-slate-700" aria-live="polite">
            {events.rows.length === 0
              ? filter.page > 1
                ? 'No events on this page.'
                : 'No events match these filters.'
              : `Events ${first}–${first + events.rows.length - 1}, newest first. Times in ${timeZone}.`}
          </p>
          {events.rows.length > 0 ? <AuditTable rows={events.rows} timeZone={timeZone} userNames={userNames} clientNames={clientNames} /> : null}
          {filter.page > 1 || events.hasMore ? (
            <nav aria-label="Audit log pages" className="flex flex-wrap items-center gap-2">
              {filter.page > 1 ? (
                <Link href={`/admin/audit${auditQuery(filter, filter.page - 1)}`} prefetch={false} rel="prev" className={pagerLink}>
                  ← Newer
                </Link>
              ) : null}
              {events.hasMore ? (
                <Link href={`/admin/audit${auditQuery(filter, filter.page + 1)}`} prefetch={false} rel="next" className={pagerLink}>
                  Older →
                </Link>
              ) : null}
              <span className="text-sm text-slate-600">Page {filter.page}</span>
            </nav>
          ) : null}
        </div>
      </div>
    </>
  );
}
