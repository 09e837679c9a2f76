import type { RecordSearchParams } from '@/components/record/paging';
import { SessionsTable } from '@/components/record/sessions-table';
import type { SessionPage } from '@/lib/data/sessions';
import { RecordSessionForm } from './record-session-form';
import { RecordSection, SubHeading } from './section';

export function SessionsSection({
  clientId,
  sessions: history,
  params,
  timeZone,
  canRecord,
}: {
  clientId: string;
  sessions: SessionPage;
  params: RecordSearchParams;
  timeZone: string;
  canRecord: boolean;
}) {
  return (
    <RecordSection
      id="sessions"
      title="Sessions"
      description="Recording an attended session creates the measures due after it; no-shows and cancellations do not advance the schedule."
    >
      <div className={`grid gap-6 ${canRecord ? 'lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]' : ''}`}>
        {canRecord ? (
          <div className="min-w-0 self-start rounded-md bg-slate-50 p-4">
            <SubHeading id="record-session-heading">Record a session</SubHeading>
            <RecordSessionForm clientId={clientId} />
          </div>
        ) : null}
        <div className="min-w-0">
          <SubHeading id="session-list-heading">Session history</SubHeading>
          <SessionsTable history={history} timeZone={timeZone} at={{ path: `/therapist/clients/${clientId}`, params }} />
        </div>
      </div>
    </RecordSection>
  );
}
