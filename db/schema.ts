import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/*
 * The whole domain (DESIGN.md, "Domain"). Every clinical row carries clinic_id so that every query
 * can be scoped by clinic in its WHERE clause. Timestamps are UTC instants (timestamptz).
 */

const id = () => uuid('id').primaryKey().defaultRandom();
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const clinicRef = () =>
  uuid('clinic_id')
    .notNull()
    .references(() => clinics.id, { onDelete: 'restrict' });

export const roleEnum = pgEnum('role', ['admin', 'supervisor', 'therapist', 'client']);
export const clientStatusEnum = pgEnum('client_status', ['active', 'waitlist', 'discharged']);
export const attendanceEnum = pgEnum('attendance', ['attended', 'no_show', 'cancelled']);
export const respondentEnum = pgEnum('respondent', ['client', 'therapist']);
export const assignmentStatusEnum = pgEnum('assignment_status', ['pending', 'in_progress', 'completed', 'expired', 'cancelled']);
export const responseSourceEnum = pgEnum('response_source', ['portal', 'in_session', 'paper', 'therapist']);
export const alertKindEnum = pgEnum('alert_kind', ['low_alliance', 'rupture', 'rating_gap', 'risk', 'deterioration', 'missed_measures', 'goal_disagreement']);
export const alertSeverityEnum = pgEnum('alert_severity', ['info', 'warning', 'urgent']);
export const alertStatusEnum = pgEnum('alert_status', ['open', 'acknowledged', 'resolved']);
export const planStatusEnum = pgEnum('plan_status', ['draft', 'active', 'completed', 'archived']);
export const goalStatusEnum = pgEnum('goal_status', ['not_started', 'in_progress', 'achieved', 'revised', 'dropped']);
export const auditOutcomeEnum = pgEnum('audit_outcome', ['success', 'failure', 'denied']);

export const clinics = pgTable('clinics', {
  id: id(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull().default('UTC'),
  // The secret key of the export pseudonyms (HMAC-SHA-256): made on first use, replaced by rotation.
  // Never leaves lib/data; without it a pseudonym cannot be recomputed from the ids.
  exportPseudonymKey: text('export_pseudonym_key'),
  exportPseudonymKeyCreatedAt: timestamp('export_pseudonym_key_created_at', { withTimezone: true }),
  createdAt: createdAt(),
});

/** Clinic settings as one validated JSON document (lib/validation/settings.ts), versioned. */
export const clinicSettings = pgTable('clinic_settings', {
  clinicId: uuid('clinic_id')
    .primaryKey()
    .references(() => clinics.id, { onDelete: 'cascade' }),
  settings: jsonb('settings').notNull().default({}),
  version: integer('version').notNull().default(1),
  updatedAt: updatedAt(),
  updatedBy: uuid('updated_by'),
});

export const users = pgTable(
  'users',
  {
    id: id(),
    clinicId: clinicRef(),
    // Stored lower-cased; unique across all clinics because sign-in has no clinic field.
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: roleEnum('role').notNull(),
    passwordHash: text('password_hash'),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    // Bumped to sign a user out everywhere (disable, password change, reset).
    sessionVersion: integer('session_version').notNull().default(1),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    // TOTP (lib/data/mfa.ts): the secret is AES-256-GCM ciphertext (lib/auth/mfa-crypto.ts), never plain.
    // A secret without totp_enabled_at is an enrolment not yet confirmed with a first code.
    totpSecret: text('totp_secret'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
    /** The last accepted TOTP time step: a code for this step or an earlier one is refused (no replay). */
    totpLastStep: integer('totp_last_step'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    index('users_clinic_role_idx').on(t.clinicId, t.role),
    check('users_email_lowercase', sql`${t.email} = lower(${t.email})`),
  ],
);

export const supervision = pgTable(
  'supervision',
  {
    id: id(),
    clinicId: clinicRef(),
    supervisorId: uuid('supervisor_id')
      .notNull()
      .references(() => users.id),
    therapistId: uuid('therapist_id')
      .notNull()
      .references(() => users.id),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('supervision_active_pair_key')
      .on(t.supervisorId, t.therapistId)
      .where(sql`${t.endedAt} is null`),
    index('supervision_therapist_idx').on(t.therapistId),
  ],
);

export const clients = pgTable(
  'clients',
  {
    id: id(),
    clinicId: clinicRef(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    preferredName: text('preferred_name'),
    dateOfBirth: date('date_of_birth'),
    email: text('email'),
    phone: text('phone'),
    status: clientStatusEnum('status').notNull().default('active'),
    primaryTherapistId: uuid('primary_therapist_id').references(() => users.id),
    portalUserId: uuid('portal_user_id').references(() => users.id),
    intakeDate: date('intake_date'),
    dischargedAt: timestamp('discharged_at', { withTimezone: true }),
    dischargeReason: text('discharge_reason'),
    // Set when the client switches form reminders off in the portal; null means reminders may be sent.
    remindersOptedOutAt: timestamp('reminders_opted_out_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('clients_clinic_therapist_status_idx').on(t.clinicId, t.primaryTherapistId, t.status),
    uniqueIndex('clients_portal_user_key').on(t.portalUserId),
  ],
);

export const caseloadHistory = pgTable(
  'caseload_history',
  {
    id: id(),
    clinicId: clinicRef(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    therapistId: uuid('therapist_id')
      .notNull()
      .references(() => users.id),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    reason: text('reason'),
  },
  (t) => [index('caseload_history_client_idx').on(t.clientId, t.startedAt)],
);

export const therapySessions = pgTable(
  'therapy_sessions',
  {
    id: id(),
    clinicId: clinicRef(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    therapistId: uuid('therapist_id')
      .notNull()
      .references(() => users.id),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    attendance: attendanceEnum('attendance').notNull(),
    // Counts attended sessions only (no-shows do not advance schedules); null when not attended.
    sessionNumber: integer('session_number'),
    note: text('note'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('therapy_sessions_client_time_idx').on(t.clientId, t.occurredAt)],
);

export const measureAssignments = pgTable(
  'measure_assignments',
  {
    id: id(),
    clinicId: clinicRef(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    // The therapist responsible at the time the measure was assigned.
    therapistId: uuid('therapist_id')
      .notNull()
      .references(() => users.id),
    sessionId: uuid('session_id').references(() => therapySessions.id),
    instrumentKey: text('instrument_key').notNull(),
    respondent: respondentEnum('respondent').notNull(),
    status: assignmentStatusEnum('status').notNull().default('pending'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    // Save-as-you-go answers; cleared when the response is stored.
    draftAnswers: jsonb('draft_answers'),
    draftInstrumentVersion: text('draft_instrument_version'),
    draftUpdatedAt: timestamp('draft_updated_at', { withTimezone: true }),
    assignedBy: uuid('assigned_by').references(() => users.id),
    createdAt: createdAt(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    index('measure_assignments_client_status_idx').on(t.clientId, t.status, t.dueAt),
    index('measure_assignments_status_expires_idx').on(t.status, t.expiresAt),
  ],
);

export const measureResponses = pgTable(
  'measure_responses',
  {
    id: id(),
    clinicId: clinicRef(),
    // One response per assignment: the unique key makes submission exactly-once.
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => measureAssignments.id),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    therapistId: uuid('therapist_id')
      .notNull()
      .references(() => users.id),
    sessionId: uuid('session_id').references(() => therapySessions.id),
    instrumentKey: text('instrument_key').notNull(),
    instrumentVersion: text('instrument_version').notNull(),
    respondent: respondentEnum('respondent').notNull(),
    source: responseSourceEnum('source').notNull(),
    answers: jsonb('answers').notNull(),
    scores: jsonb('scores').notNull(),
    // Headline score (WAI-SR mean 1–5, PHQ-9/GAD-7 total) for indexed trend and latest-value queries.
    headlineScore: doublePrecision('headline_score').notNull(),
    submittedBy: uuid('submitted_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('measure_responses_assignment_key').on(t.assignmentId),
    index('measure_responses_client_instrument_time_idx').on(t.clientId, t.instrumentKey, t.submittedAt),
    // The supervisor comparison's scans (one therapist, instrument and date range at a time), covering:
    // the trailing columns let PostgreSQL answer them from the index alone, not from scattered heap pages.
    index('measure_responses_therapist_instrument_time_idx').on(
      t.therapistId,
      t.instrumentKey,
      t.submittedAt,
      t.clientId,
      t.sessionId,
      t.headlineScore,
      t.clinicId,
    ),
  ],
);

export const alerts = pgTable(
  'alerts',
  {
    id: id(),
    clinicId: clinicRef(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    therapistId: uuid('therapist_id')
      .notNull()
      .references(() => users.id),
    responseId: uuid('response_id').references(() => measureResponses.id),
    kind: alertKindEnum('kind').notNull(),
    severity: alertSeverityEnum('severity').notNull(),
    // The rule that fired, with the numbers and thresholds it used.
    rule: text('rule').notNull(),
    details: jsonb('details').notNull(),
    status: alertStatusEnum('status').notNull().default('open'),
    createdAt: createdAt(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
    acknowledgementNote: text('acknowledgement_note'),
    repairedAt: timestamp('repaired_at', { withTimezone: true }),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    escalatedTo: uuid('escalated_to').references(() => users.id),
    // One alert per cause (e.g. `risk:<assignment>`), so a draft save and the submit raise one alert.
    dedupeKey: text('dedupe_key'),
    // Alerts raised by one response (its assignment) about one client form one episode: shown as
    // one card with every reason, acknowledged once. Null for alerts raised on their own (sweep, plans).
    episodeId: uuid('episode_id'),
    // An open alert of a kind is updated rather than repeated: how often, and when last.
    raiseCount: integer('raise_count').notNull().default(1),
    lastRaisedAt: timestamp('last_raised_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('alerts_dedupe_key').on(t.dedupeKey),
    index('alerts_escalation_idx').on(t.severity, t.status, t.createdAt),
    index('alerts_therapist_status_idx').on(t.therapistId, t.status, t.createdAt),
    index('alerts_client_idx').on(t.clientId, t.createdAt),
    index('alerts_episode_idx').on(t.episodeId),
  ],
);

export const treatmentPlans = pgTable(
  'treatment_plans',
  {
    id: id(),
    clinicId: clinicRef(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    therapistId: uuid('therapist_id')
      .notNull()
      .references(() => users.id),
    status: planStatusEnum('status').notNull().default('draft'),
    title: text('title').notNull(),
    presentingProblem: text('presenting_problem').notNull().default(''),
    diagnosis: text('diagnosis'),
    icd10Code: text('icd10_code'),
    startDate: date('start_date'),
    nextReviewDate: date('next_review_date'),
    // Optimistic concurrency: a save names the version it edited; a newer one refuses it.
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('treatment_plans_one_active_key')
      .on(t.clientId)
      .where(sql`${t.status} = 'active'`),
    index('treatment_plans_client_idx').on(t.clientId),
  ],
);

export const planProblems = pgTable(
  'plan_problems',
  {
    id: id(),
    clinicId: clinicRef(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => treatmentPlans.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    description: text('description').notNull(),
  },
  (t) => [index('plan_problems_plan_idx').on(t.planId)],
);

export const planGoals = pgTable(
  'plan_goals',
  {
    // Stable across plan versions so agreement can carry over when wording does not change.
    id: id(),
    clinicId: clinicRef(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => treatmentPlans.id, { onDelete: 'cascade' }),
    problemId: uuid('problem_id').references(() => planProblems.id, { onDelete: 'set null' }),
    position: integer('position').notNull(),
    clientWords: text('client_words').notNull(),
    targetDate: date('target_date'),
    status: goalStatusEnum('status').notNull().default('not_started'),
  },
  (t) => [index('plan_goals_plan_idx').on(t.planId)],
);

export const planObjectives = pgTable(
  'plan_objectives',
  {
    id: id(),
    clinicId: clinicRef(),
    goalId: uuid('goal_id')
      .notNull()
      .references(() => planGoals.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    description: text('description').notNull(),
    target: text('target'),
    status: goalStatusEnum('status').notNull().default('not_started'),
    progress: integer('progress').notNull().default(0),
  },
  (t) => [index('plan_objectives_goal_idx').on(t.goalId)],
);

export const planInterventions = pgTable(
  'plan_interventions',
  {
    id: id(),
    clinicId: clinicRef(),
    goalId: uuid('goal_id')
      .notNull()
      .references(() => planGoals.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    modality: text('modality').notNull(),
    frequency: text('frequency'),
    provider: text('provider'),
  },
  (t) => [index('plan_interventions_goal_idx').on(t.goalId)],
);

/** Every saved version of a plan, as a full snapshot (history and diffs read these). */
export const planRevisions = pgTable(
  'plan_revisions',
  {
    id: id(),
    clinicId: clinicRef(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => treatmentPlans.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    snapshot: jsonb('snapshot').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('plan_revisions_plan_version_key').on(t.planId, t.version)],
);

/** A client's agreement with a goal, recorded against the plan version and the goal's wording. */
export const planGoalAcknowledgements = pgTable(
  'plan_goal_acknowledgements',
  {
    id: id(),
    clinicId: clinicRef(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => treatmentPlans.id, { onDelete: 'cascade' }),
    // Kept when a goal is later removed from the plan: the wording and version say what was agreed.
    goalId: uuid('goal_id').references(() => planGoals.id, { onDelete: 'set null' }),
    planVersion: integer('plan_version').notNull(),
    goalWording: text('goal_wording').notNull(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    agrees: boolean('agrees').notNull(),
    comment: text('comment'),
    createdAt: createdAt(),
  },
  (t) => [index('plan_goal_acknowledgements_goal_idx').on(t.goalId, t.createdAt)],
);

export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    clinicId: clinicRef(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    email: text('email').notNull(),
    // SHA-256 of the one-time token; the token itself is never stored.
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('invitations_token_hash_key').on(t.tokenHash), index('invitations_client_idx').on(t.clientId)],
);

/**
 * One-time links to set an account's own password: a new staff account's first password, or a reset
 * an admin starts. Like invitations, only the SHA-256 of the token is stored; a link works once,
 * expires, and a newer link for the same account revokes the older one.
 */
export const passwordLinks = pgTable(
  'password_links',
  {
    id: id(),
    clinicId: clinicRef(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    purpose: text('purpose', { enum: ['setup', 'reset'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('password_links_token_hash_key').on(t.tokenHash),
    index('password_links_user_idx').on(t.userId),
    check('password_links_purpose', sql`${t.purpose} in ('setup', 'reset')`),
  ],
);

/**
 * Append-only audit trail. Who, what, which records, when, request id and outcome — never clinical
 * values, because admins read it.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: id(),
    clinicId: uuid('clinic_id').references(() => clinics.id),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    actorRole: roleEnum('actor_role'),
    action: text('action').notNull(),
    outcome: auditOutcomeEnum('outcome').notNull(),
    targetType: text('target_type'),
    targetId: uuid('target_id'),
    clientId: uuid('client_id'),
    requestId: text('request_id'),
    ip: text('ip'),
    details: jsonb('details'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('audit_events_clinic_time_idx').on(t.clinicId, t.occurredAt.desc().nullsFirst()),
    // Per-IP sign-in throttle counts recent failures from one address.
    index('audit_events_ip_action_time_idx').on(t.ip, t.action, t.occurredAt),
  ],
);

export const notificationKindEnum = pgEnum('notification_kind', ['urgent_alert', 'escalated_alert', 'alert']);

/**
 * In-app notifications (mailed too when SMTP is configured). They carry no health data: only that
 * something needs attention, and a link.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    clinicId: clinicRef(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: notificationKindEnum('kind').notNull(),
    alertId: uuid('alert_id').references(() => alerts.id),
    link: text('link').notNull(),
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true }),
    emailedAt: timestamp('emailed_at', { withTimezone: true }),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.readAt, t.createdAt),
    uniqueIndex('notifications_user_alert_kind_key').on(t.userId, t.alertId, t.kind),
  ],
);

/** Alliance thresholds an admin adopted from a local-norms proposal, with the numbers behind them. */
export const thresholdAdoptions = pgTable(
  'threshold_adoptions',
  {
    id: id(),
    clinicId: clinicRef(),
    version: integer('version').notNull(),
    thresholds: jsonb('thresholds').notNull(),
    basis: jsonb('basis').notNull(),
    adoptedBy: uuid('adopted_by').references(() => users.id),
    adoptedAt: timestamp('adopted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('threshold_adoptions_clinic_version_key').on(t.clinicId, t.version)],
);

/**
 * One row per signed-in session (the JWT carries its id), so signing out ends that session on the
 * server too: a copied or re-issued cookie for a revoked session is refused.
 */
export const userSessions = pgTable(
  'user_sessions',
  {
    id: id(),
    clinicId: clinicRef(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('user_sessions_user_idx').on(t.userId)],
);

/** A supervisor's note on a supervised therapist, optionally about one alert (audited). */
export const supervisionNotes = pgTable(
  'supervision_notes',
  {
    id: id(),
    clinicId: clinicRef(),
    supervisorId: uuid('supervisor_id')
      .notNull()
      .references(() => users.id),
    therapistId: uuid('therapist_id')
      .notNull()
      .references(() => users.id),
    alertId: uuid('alert_id').references(() => alerts.id),
    note: text('note').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('supervision_notes_therapist_idx').on(t.therapistId, t.createdAt)],
);

/** One-time recovery codes for two-step sign-in, stored as argon2id hashes; used_at set when spent. */
export const mfaRecoveryCodes = pgTable(
  'mfa_recovery_codes',
  {
    id: id(),
    clinicId: clinicRef(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    createdAt: createdAt(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('mfa_recovery_codes_user_idx').on(t.userId)],
);

export const reminderKindEnum = pgEnum('reminder_kind', ['assigned', 'before_expiry']);

/**
 * Form reminders mailed to clients (lib/data/reminders.ts). The unique key (assignment, number) is
 * the claim: a sweep inserts the row before sending, so of several sweeps exactly one sends each
 * reminder; a failed send deletes its row so a later sweep tries again. sent_at null = claimed, not sent yet.
 */
export const formReminders = pgTable(
  'form_reminders',
  {
    id: id(),
    clinicId: clinicRef(),
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => measureAssignments.id, { onDelete: 'cascade' }),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    reminderNumber: integer('reminder_number').notNull(),
    kind: reminderKindEnum('kind').notNull(),
    scheduledFor: timestamp('scheduled_for', { withTimezone: true }).notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('form_reminders_assignment_number_key').on(t.assignmentId, t.reminderNumber),
    index('form_reminders_client_idx').on(t.clientId, t.sentAt),
  ],
);

/**
 * The supervisor comparison's figures, summed per therapist (of the time) × client × day in the
 * clinic's zone, so the comparison reads a few rows per client instead of every response, alert and
 * subquery behind them. Derived data: kept exact in the transaction of every write that changes it
 * (db/supervision-rollup.ts), and rebuilt from the raw tables by `npm run rollup:rebuild`.
 *
 * `since_day` is the first day of a WAI-SR client/therapist rating pair that spans days (its row is
 * on the later day and holds only the pair); every other row has since_day = day. A range counts a
 * row when day is in it and since_day is too, which is when the raw query sees both ratings (a
 * session has one assignment per instrument, made when it is recorded, so one rating of each).
 */
export const supervisionRollup = pgTable(
  'supervision_rollup',
  {
    clinicId: clinicRef(),
    therapistId: uuid('therapist_id')
      .notNull()
      .references(() => users.id),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    day: date('day', { mode: 'string' }).notNull(),
    sinceDay: date('since_day', { mode: 'string' }).notNull(),
    // WAI-SR client responses: count, sums of the overall and subscale means, and how many fell below
    // the clinic's low-alliance line (rebuilt for the clinic when that line changes).
    waiN: integer('wai_n').notNull().default(0),
    overallSum: doublePrecision('overall_sum'),
    goalSum: doublePrecision('goal_sum'),
    taskSum: doublePrecision('task_sum'),
    bondSum: doublePrecision('bond_sum'),
    belowN: integer('below_n').notNull().default(0),
    // Sessions rated by both client and therapist, and the sum of (client − therapist).
    gapSessions: integer('gap_sessions').notNull().default(0),
    gapSum: doublePrecision('gap_sum'),
    // Rupture alerts raised that day, by the therapist the alert names.
    ruptures: integer('ruptures').notNull().default(0),
    rupturesAcknowledgedWithin7Days: integer('ruptures_acknowledged_within_7_days').notNull().default(0),
    rupturesRepaired: integer('ruptures_repaired').notNull().default(0),
    rupturesUnrepaired: integer('ruptures_unrepaired').notNull().default(0),
    // The day's last PHQ-9 and GAD-7 total (the comparison takes a client's latest in the range).
    phq9LastAt: timestamp('phq9_last_at', { withTimezone: true }),
    phq9LastScore: doublePrecision('phq9_last_score'),
    gad7LastAt: timestamp('gad7_last_at', { withTimezone: true }),
    gad7LastScore: doublePrecision('gad7_last_score'),
  },
  (t) => [
    primaryKey({ name: 'supervision_rollup_pkey', columns: [t.therapistId, t.day, t.clientId, t.sinceDay] }),
    // The per-client refresh deletes and rewrites a client's days.
    index('supervision_rollup_client_day_idx').on(t.clientId, t.day),
  ],
);
