import { alertKindLabel, describeAlert, SEVERITY_LABEL, type AlertSeverity, type DescribableAlert } from './describe-alert';

export { describeAlert } from './describe-alert';

const SEVERITY_STYLE: Record<AlertSeverity, string> = {
  urgent: 'border-red-300 bg-red-50 text-red-900',
  warning: 'border-amber-300 bg-amber-50 text-amber-900',
  info: 'border-slate-300 bg-slate-50 text-slate-800',
};

/** Severity as a word (never colour alone), e.g. "Urgent · Risk". */
export function AlertBadge({ severity, kind }: { severity: AlertSeverity; kind: string }) {
  return (
    <span className={`inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-semibold whitespace-nowrap ${SEVERITY_STYLE[severity]}`}>
      {SEVERITY_LABEL[severity]} · {alertKindLabel(kind)}
    </span>
  );
}

/** The one rendering of "what happened": severity and kind, then the plain sentence with its numbers. */
export function AlertSummary({ alert }: { alert: DescribableAlert & { severity: AlertSeverity } }) {
  return (
    <span className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
      <AlertBadge severity={alert.severity} kind={alert.kind} />
      <span className="text-slate-900">{describeAlert(alert)}</span>
    </span>
  );
}
