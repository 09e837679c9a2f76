/*
 * Readable names for the audit log's "What" filter. The filter still matches the stored action code
 * by its beginning (lib/data/admin.ts), so an entry is either one event's code or, for "All …", a
 * family's prefix. audit-actions.test.ts checks this list against the codes lib/data writes.
 */

export type AuditActionOption = { code: string; label: string };
export type AuditActionGroup = { label: string; options: readonly AuditActionOption[] };

export const AUDIT_ACTION_GROUPS: readonly AuditActionGroup[] = [
  {
    label: 'Signing in',
    options: [
      { code: 'auth.', label: 'All sign-in events' },
      { code: 'auth.sign_in', label: 'Sign-in attempts' },
      { code: 'auth.sign_out', label: 'Sign-outs' },
      { code: 'auth.lockout', label: 'Account locked after failed sign-ins' },
      { code: 'auth.sign_in.unknown_account', label: 'Sign-in tried for an unknown account from an address seen here' },
    ],
  },
  {
    label: 'Own account',
    options: [
      { code: 'account.', label: 'All own-account events' },
      { code: 'account.password_change', label: 'Password changed' },
      { code: 'account.password_link.use', label: 'Password set from a one-time link' },
      { code: 'account.mfa.enrol_start', label: 'Two-step sign-in set-up started' },
      { code: 'account.mfa.enable', label: 'Two-step sign-in turned on' },
    ],
  },
  {
    label: 'Account administration',
    options: [
      { code: 'admin.account.', label: 'All account administration' },
      { code: 'admin.account.create', label: 'Account created' },
      { code: 'admin.account.disable', label: 'Account disabled' },
      { code: 'admin.account.enable', label: 'Account enabled' },
      { code: 'admin.account.unlock', label: 'Account unlocked' },
      { code: 'admin.account.password_link', label: 'Password link sent' },
      { code: 'admin.account.reset_mfa', label: 'Two-step sign-in reset' },
      { code: 'users.read', label: 'Account list viewed' },
    ],
  },
  {
    label: 'Clinic administration',
    options: [
      { code: 'admin.', label: 'All admin actions' },
      { code: 'admin.supervision.start', label: 'Supervision started' },
      { code: 'admin.supervision.end', label: 'Supervision ended' },
      { code: 'admin.client.reassign', label: 'Client moved to another therapist' },
      { code: 'admin.assignments.read', label: 'Assignments viewed' },
      { code: 'admin.urgent_alerts.read', label: 'Unacknowledged urgent alerts viewed' },
      { code: 'admin.completion.read', label: 'Clinic form completion viewed' },
      { code: 'admin.audit.read', label: 'Audit log viewed' },
      { code: 'admin.audit.export', label: 'Audit log exported' },
      { code: 'admin.settings.rotate_export_pseudonyms', label: 'Export pseudonyms renewed' },
    ],
  },
  {
    label: 'Clinic settings',
    options: [
      { code: 'settings.', label: 'All settings events' },
      { code: 'settings.read', label: 'Settings viewed' },
      { code: 'settings.update', label: 'Settings changed' },
      { code: 'settings.norms.propose', label: 'Clinic norms proposed' },
      { code: 'settings.norms.adopt', label: 'Clinic norms adopted' },
    ],
  },
  {
    label: 'Clients',
    options: [
      { code: 'client.', label: 'All client record events' },
      { code: 'client.create', label: 'Client added' },
      { code: 'client.read', label: 'Client record opened' },
      { code: 'client.update_contact', label: 'Contact details changed' },
      { code: 'client.discharge', label: 'Client discharged' },
      { code: 'caseload.read', label: 'Caseload viewed' },
      { code: 'invitation.create', label: 'Portal invitation created' },
      { code: 'invitation.accept', label: 'Portal invitation accepted' },
      { code: 'invitation.read', label: 'Portal access viewed' },
      { code: 'invitation.revoke', label: 'Portal invitation withdrawn' },
      { code: 'portal.home.read', label: 'Portal home opened' },
      { code: 'portal.plan.read', label: 'Own plan opened in the portal' },
      { code: 'portal.progress.read', label: 'Own progress opened in the portal' },
      { code: 'portal.reminders.read', label: 'Own reminder choice opened in the portal' },
      { code: 'portal.reminders.update', label: 'Reminders switched on or off by the client' },
    ],
  },
  {
    label: 'Sessions and questionnaires',
    options: [
      { code: 'session.record', label: 'Session recorded' },
      { code: 'sessions.read', label: 'Session history viewed' },
      { code: 'measure.', label: 'All questionnaire events' },
      { code: 'measure.assign', label: 'Questionnaire assigned' },
      { code: 'measure.form.read', label: 'Questionnaire opened' },
      { code: 'measure.draft.save', label: 'Questionnaire draft saved' },
      { code: 'measure.submit', label: 'Questionnaire submitted' },
      { code: 'measure.risk.closed_form', label: 'Risk answer on a closed form' },
      { code: 'measures.read', label: 'Questionnaire answers viewed' },
      { code: 'measures.scores.read', label: 'Score charts viewed' },
      { code: 'measures.open.read', label: 'Open questionnaires viewed' },
      { code: 'reminders.client.read', label: 'Form reminders sent to a client viewed' },
    ],
  },
  {
    label: 'Treatment plans',
    options: [
      { code: 'plan.', label: 'All treatment plan events' },
      { code: 'plan.create', label: 'Plan created' },
      { code: 'plan.save', label: 'Plan saved' },
      { code: 'plan.activate', label: 'Plan made active' },
      { code: 'plan.complete', label: 'Plan completed' },
      { code: 'plan.archive', label: 'Plan archived' },
      { code: 'plan.status', label: 'Plan status changed' },
      { code: 'plan.read', label: 'Plan viewed' },
      { code: 'plan.list', label: 'Plans listed' },
      { code: 'plan.revisions.read', label: 'Plan history viewed' },
      { code: 'plan.revision.read', label: 'Plan version opened' },
      { code: 'plan.review_dates.read', label: 'Plan review dates viewed' },
      { code: 'plan.review', label: 'Plan reviewed' },
      { code: 'plan.goal.agreement', label: 'Goal agreement by the client' },
    ],
  },
  {
    label: 'Alerts',
    options: [
      { code: 'alert', label: 'All alert events' },
      { code: 'alert.acknowledge', label: 'Alert acknowledged' },
      { code: 'alerts.inbox.read', label: 'Alert inbox viewed' },
      { code: 'alerts.client.read', label: 'Client alerts viewed' },
    ],
  },
  {
    label: 'Supervision',
    options: [
      { code: 'supervision.', label: 'All supervision events' },
      // Also covers the completion table since it came with the comparison (older rows: supervision.completion.read).
      { code: 'supervision.comparison.read', label: 'Therapist comparison viewed' },
      { code: 'supervision.therapist.read', label: 'Therapist page viewed' },
      { code: 'supervision.therapist.clients.read', label: 'Therapist’s clients viewed' },
      { code: 'supervision.therapist.alerts.read', label: 'Therapist’s alerts viewed' },
      { code: 'supervision.notes.read', label: 'Supervision notes read' },
      { code: 'supervision.note.create', label: 'Supervision note written' },
      { code: 'supervision.export.comparison', label: 'Comparison exported' },
      { code: 'supervision.export.alerts', label: 'Alerts exported' },
    ],
  },
  {
    label: 'FHIR exports',
    options: [
      { code: 'fhir.export.client', label: 'Client record exported as FHIR' },
      { code: 'research.', label: 'All research export events' },
      { code: 'research.overview.read', label: 'Research export page viewed' },
      { code: 'research.export.fhir', label: 'Research export file downloaded' },
    ],
  },
];

const LABELS = new Map(AUDIT_ACTION_GROUPS.flatMap((g) => g.options.map((o) => [o.code, o.label] as const)));

/** The readable name of a filter value, or undefined when it is not one of the listed choices. */
export function auditActionLabel(code: string): string | undefined {
  return LABELS.get(code);
}
