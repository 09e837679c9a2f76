import 'server-only';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { proposeAllianceThresholds, subscaleItemsOf, type AllianceThresholdProposal, type NormResponse, type ScaleNorm } from '@/lib/alliance/norms';
import type { AllianceScale, WaiSubscale } from '@/lib/alliance/rating-gap';
import type { Actor } from '@/lib/authz/policy';
import { getInstrument } from '@/lib/instruments';
import {
  applySettingsForm,
  changedSettingKeys,
  FORM_BOUNDS,
  readClinicSettings,
  type ClinicSettings,
  type ClinicSettingsFormValues,
} from '@/lib/validation/settings';
import { getDb, type Database, type Transaction } from '@/db/client';
import { clinicSettings, measureResponses, thresholdAdoptions, users } from '@/db/schema';
import { rebuildClinicSupervisionRollup } from '@/db/supervision-rollup';
import { requirePermission, auditRead, writeAudit } from './audit';
import { InputError, VersionConflictError } from './errors';

/*
 * Clinic settings administration: the versioned settings document, and local norms — thresholds
 * proposed from the clinic's own WAI-SR data (measures.md "Reliable change and ruptures") that an
 * admin adopts. Admins see aggregate statistics only, never a client's answers or scores.
 */

const WAI_CLIENT = 'wai-sr-client';

/** The field the conflict message belongs to, so a form can tell "someone saved first" apart. */
export const SETTINGS_CONFLICT_FIELD = 'expectedVersion';

export type AdoptedThresholds = {
  reliableDrop: number;
  subscaleReliableDrop: Record<WaiSubscale, number | null>;
};

/** The numbers an adopted threshold came from (aggregates only). */
export type AdoptionBasis = {
  /** The proposal's own sentence, e.g. "one response per client (first), n=62; RCI = …". */
  description: string;
  clients: number;
  minClients: number;
  excludedIncomplete: number;
  perScale: Record<AllianceScale, ScaleNorm>;
  instrument: { key: string; version: string };
  /** The reliable drop in force before this adoption. */
  previousReliableDrop: number;
  /** The clinic settings version this adoption created (alerts record the settings version they used). */
  settingsVersion: number;
};

export type ThresholdAdoption = {
  version: number;
  thresholds: AdoptedThresholds;
  basis: AdoptionBasis;
  adoptedByName: string | null;
  adoptedAt: Date;
};

export type ClinicSettingsAdminView = {
  settings: ClinicSettings;
  /** 0 while the clinic has never saved settings (everything at its default). */
  version: number;
  updatedAt: Date | null;
  updatedByName: string | null;
  /** Newest first. */
  adoptions: ThresholdAdoption[];
};

export type LocalNormsProposal = AllianceThresholdProposal & {
  /** The settings version the proposal was computed against (adopting names it). */
  settingsVersion: number;
  /** The reliable drop in force now, for comparison. */
  currentReliableDrop: number;
};

export type SettingsUpdateResult = { version: number; changed: string[] };
export type AdoptionResult = { adoptionVersion: number; settingsVersion: number; reliableDrop: number; clients: number };

type Db = Database | Transaction;

function requireSettingsManager(actor: Actor, action: string): Promise<void> {
  return requirePermission(actor, 'settings:manage', { action, targetType: 'clinic_settings' });
}

/** The stored document and its version, locked for the rest of the transaction when asked. */
async function storedSettings(db: Db, clinicId: string, lock: boolean): Promise<{ exists: boolean; document: unknown; version: number }> {
  const query = db
    .select({ settings: clinicSettings.settings, version: clinicSettings.version })
    .from(clinicSettings)
    .where(eq(clinicSettings.clinicId, clinicId))
    .limit(1);
  const [row] = lock ? await query.for('update') : await query;
  return row ? { exists: true, document: row.settings, version: row.version } : { exists: false, document: {}, version: 0 };
}

/**
 * Writes a new settings document if the stored version is still `expectedVersion`; false when it
 * moved on (the row lock taken by storedSettings makes the check and the write one step).
 */
async function writeSettings(tx: Transaction, actor: Actor, exists: boolean, expectedVersion: number, document: Record<string, unknown>): Promise<boolean> {
  const version = expectedVersion + 1;
  if (!exists) {
    const inserted = await tx
      .insert(clinicSettings)
      .values({ clinicId: actor.clinicId, settings: document, version, updatedBy: actor.userId })
      .onConflictDoNothing()
      .returning({ version: clinicSettings.version });
    return inserted.length === 1;
  }
  const updated = await tx
    .update(clinicSettings)
    .set({ settings: document, version, updatedAt: sql`now()`, updatedBy: actor.userId })
    .where(and(eq(clinicSettings.clinicId, actor.clinicId), eq(clinicSettings.version, expectedVersion)))
    .returning({ version: clinicSettings.version });
  return updated.length === 1;
}

const SAVE_CONFLICT =
  'Someone else saved these settings while you were editing, so yours were not saved. Check your changes against the saved values and save again.';
const ADOPT_CONFLICT =
  'The settings changed after this proposal was computed, so nothing was adopted. Compute the proposal again and check it before adopting.';

function conflictError(message = SAVE_CONFLICT): InputError {
  return new VersionConflictError(message, null, SETTINGS_CONFLICT_FIELD);
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The clinic's settings, their version and the history of adopted thresholds — for admins only. */
export async function getClinicSettingsForAdmin(actor: Actor): Promise<ClinicSettingsAdminView> {
  const db = getDb();
  await requireSettingsManager(actor, 'settings.read');
  const [row] = await db
    .select({ settings: clinicSettings.settings, version: clinicSettings.version, updatedAt: clinicSettings.updatedAt, updatedByName: users.name })
    .from(clinicSettings)
    .leftJoin(users, and(eq(users.id, clinicSettings.updatedBy), eq(users.clinicId, actor.clinicId)))
    .where(eq(clinicSettings.clinicId, actor.clinicId))
    .limit(1);
  const adoptionRows = await db
    .select({
      version: thresholdAdoptions.version,
      thresholds: thresholdAdoptions.thresholds,
      basis: thresholdAdoptions.basis,
      adoptedAt: thresholdAdoptions.adoptedAt,
      adoptedByName: users.name,
    })
    .from(thresholdAdoptions)
    .leftJoin(users, and(eq(users.id, thresholdAdoptions.adoptedBy), eq(users.clinicId, actor.clinicId)))
    .where(eq(thresholdAdoptions.clinicId, actor.clinicId))
    .orderBy(desc(thresholdAdoptions.version));
  await auditRead(db, actor, { action: 'settings.read', outcome: 'success', targetType: 'clinic_settings', details: { version: row?.version ?? 0 } });
  return {
    settings: readClinicSettings(row?.settings ?? {}),
    version: row?.version ?? 0,
    updatedAt: row ? row.updatedAt : null,
    updatedByName: row?.updatedByName ?? null,
    adoptions: adoptionRows.map((a) => ({
      version: a.version,
      thresholds: a.thresholds as AdoptedThresholds,
      basis: a.basis as AdoptionBasis,
      adoptedByName: a.adoptedByName,
      adoptedAt: a.adoptedAt,
    })),
  };
}

/**
 * Saves the settings form (values parsed by clinicSettingsFormSchema) over the stored document,
 * if nobody saved since `expectedVersion`; otherwise refuses with an InputError on
 * SETTINGS_CONFLICT_FIELD and changes nothing. A save that changes nothing keeps the version.
 */
export async function updateClinicSettings(actor: Actor, input: ClinicSettingsFormValues, expectedVersion: number): Promise<SettingsUpdateResult> {
  const db = getDb();
  await requireSettingsManager(actor, 'settings.update');
  if (!Number.isInteger(expectedVersion) || expectedVersion < 0) throw new InputError('The settings version is missing. Reload the page and try again.');

  const outcome = await db.transaction(async (tx) => {
    const stored = await storedSettings(tx, actor.clinicId, true);
    if (stored.version !== expectedVersion) return { conflict: true as const, storedVersion: stored.version };
    const before = readClinicSettings(stored.document);
    const { document, settings } = applySettingsForm(stored.document, input);
    const changed = changedSettingKeys(before, settings);
    if (changed.length === 0) return { conflict: false as const, version: stored.version, changed };
    if (!(await writeSettings(tx, actor, stored.exists, expectedVersion, document))) return { conflict: true as const, storedVersion: stored.version };
    // The supervisor's rollup counts responses below this line: recounted with the new one, in this transaction.
    if (settings.alliance.lowAlliance !== before.alliance.lowAlliance) await rebuildClinicSupervisionRollup(tx, actor.clinicId);
    const version = expectedVersion + 1;
    await writeAudit(tx, actor, {
      action: 'settings.update',
      outcome: 'success',
      targetType: 'clinic_settings',
      // Settings are not clinical, but the keys say enough; values stay in the settings row.
      details: { changed: changed.join(','), fromVersion: expectedVersion, toVersion: version },
    });
    return { conflict: false as const, version, changed };
  });

  if (outcome.conflict) {
    await writeAudit(db, actor, {
      action: 'settings.update',
      outcome: 'failure',
      targetType: 'clinic_settings',
      details: { reason: 'version_conflict', expectedVersion, storedVersion: outcome.storedVersion },
    });
    throw conflictError();
  }
  return { version: outcome.version, changed: outcome.changed };
}

/** The clinic's client WAI-SR responses, the first per client, selected and scoped in SQL. */
async function firstWaiResponsesPerClient(db: Db, clinicId: string): Promise<NormResponse[]> {
  const rows = await db
    .selectDistinctOn([measureResponses.clientId], {
      clientId: measureResponses.clientId,
      submittedAt: measureResponses.submittedAt,
      answers: measureResponses.answers,
    })
    .from(measureResponses)
    .where(and(eq(measureResponses.clinicId, clinicId), eq(measureResponses.instrumentKey, WAI_CLIENT), eq(measureResponses.respondent, 'client')))
    .orderBy(asc(measureResponses.clientId), asc(measureResponses.submittedAt), asc(measureResponses.id));
  return rows.map((r) => ({
    clientId: r.clientId,
    submittedAt: r.submittedAt.toISOString(),
    answers: Object.fromEntries(Object.entries(asObject(r.answers)).filter((e): e is [string, number] => typeof e[1] === 'number')),
  }));
}

async function computeProposal(db: Db, clinicId: string, minClients: number): Promise<AllianceThresholdProposal> {
  const responses = await firstWaiResponsesPerClient(db, clinicId);
  return proposeAllianceThresholds(responses, { minClients, subscaleItems: subscaleItemsOf(getInstrument(WAI_CLIENT)) });
}

/**
 * Thresholds proposed from the clinic's own WAI-SR data (one response per client, the first), or
 * how many clients are still missing. Aggregates only: n, mean, SD, α and RCI per scale.
 */
export async function proposeLocalThresholds(actor: Actor): Promise<LocalNormsProposal> {
  const db = getDb();
  await requireSettingsManager(actor, 'settings.norms.propose');
  const stored = await storedSettings(db, actor.clinicId, false);
  const settings = readClinicSettings(stored.document);
  const proposal = await computeProposal(db, actor.clinicId, settings.norms.minClients);
  await writeAudit(db, actor, {
    action: 'settings.norms.propose',
    outcome: 'success',
    targetType: 'clinic_settings',
    details: { status: proposal.status, clients: proposal.clients, minClients: proposal.minClients },
  });
  return { ...proposal, settingsVersion: stored.version, currentReliableDrop: settings.alliance.reliableDrop };
}

type Refusal = { refused: true; reason: string; error: InputError };

/**
 * Adopts the thresholds proposed from the clinic's data *now*: the proposal is recomputed here, in
 * the same transaction that writes it, so no number from a browser is ever stored. Writes the next
 * threshold_adoptions version with its basis, sets `alliance.reliableDrop` (other settings kept),
 * and bumps the settings version. Refuses when the settings moved on since `expectedVersion`,
 * when there are too few clients, or when no usable threshold comes out.
 */
export async function adoptProposedThresholds(actor: Actor, expectedVersion: number): Promise<AdoptionResult> {
  const db = getDb();
  await requireSettingsManager(actor, 'settings.norms.adopt');
  if (!Number.isInteger(expectedVersion) || expectedVersion < 0) throw new InputError('The settings version is missing. Reload the page and try again.');

  const outcome = await db.transaction(async (tx): Promise<Refusal | ({ refused: false } & AdoptionResult)> => {
    const stored = await storedSettings(tx, actor.clinicId, true);
    if (stored.version !== expectedVersion) return { refused: true, reason: 'version_conflict', error: conflictError(ADOPT_CONFLICT) };
    const current = readClinicSettings(stored.document);
    const proposal = await computeProposal(tx, actor.clinicId, current.norms.minClients);
    if (proposal.status === 'insufficient') {
      return {
        refused: true,
        reason: 'insufficient_data',
        error: new InputError(`Not enough data yet: ${proposal.clients} of ${proposal.minClients} clients have answered the WAI-SR. Nothing was adopted.`),
      };
    }
    const reliableDrop = proposal.proposed.reliableDrop;
    if (reliableDrop === null || !(reliableDrop > 0)) {
      return {
        refused: true,
        reason: 'no_threshold',
        error: new InputError("The clinic's answers vary too little for a reliable-change threshold (Cronbach's α could not be used). Nothing was adopted."),
      };
    }
    const bounds = FORM_BOUNDS.reliableDrop;
    if (reliableDrop < bounds.min || reliableDrop > bounds.max) {
      return {
        refused: true,
        reason: 'out_of_bounds',
        error: new InputError(`The proposed drop of ${reliableDrop} is outside what Rapport accepts (${bounds.min}–${bounds.max}). Nothing was adopted.`),
      };
    }

    const [latest] = await tx
      .select({ version: sql<number>`coalesce(max(${thresholdAdoptions.version}), 0)::int` })
      .from(thresholdAdoptions)
      .where(eq(thresholdAdoptions.clinicId, actor.clinicId));
    const adoptionVersion = (latest?.version ?? 0) + 1;
    const settingsVersion = expectedVersion + 1;

    const base = asObject(stored.document);
    const document = {
      ...base,
      alliance: { ...asObject(base.alliance), reliableDrop },
      norms: { ...asObject(base.norms), adoptedVersion: adoptionVersion },
    };
    // Checked as it will be read: fields adoption does not touch may hold values older bounds allowed.
    readClinicSettings(document);

    const instrument = getInstrument(WAI_CLIENT);
    const thresholds: AdoptedThresholds = { reliableDrop, subscaleReliableDrop: proposal.proposed.subscaleReliableDrop };
    const basis: AdoptionBasis = {
      description: proposal.basis,
      clients: proposal.clients,
      minClients: proposal.minClients,
      excludedIncomplete: proposal.excludedIncomplete,
      perScale: proposal.perScale,
      instrument: { key: instrument.key, version: instrument.version },
      previousReliableDrop: current.alliance.reliableDrop,
      settingsVersion,
    };
    // Settings first: when two first-ever writes race, the loser stops here, before its adoption row.
    if (!(await writeSettings(tx, actor, stored.exists, expectedVersion, document))) {
      return { refused: true, reason: 'version_conflict', error: conflictError(ADOPT_CONFLICT) };
    }
    await tx.insert(thresholdAdoptions).values({ clinicId: actor.clinicId, version: adoptionVersion, thresholds, basis, adoptedBy: actor.userId });
    await writeAudit(tx, actor, {
      action: 'settings.norms.adopt',
      outcome: 'success',
      targetType: 'clinic_settings',
      details: { adoptionVersion, fromVersion: expectedVersion, toVersion: settingsVersion, clients: proposal.clients },
    });
    return { refused: false, adoptionVersion, settingsVersion, reliableDrop, clients: proposal.clients };
  });

  if (outcome.refused) {
    await writeAudit(db, actor, {
      action: 'settings.norms.adopt',
      outcome: 'failure',
      targetType: 'clinic_settings',
      details: { reason: outcome.reason, expectedVersion },
    });
    throw outcome.error;
  }
  return { adoptionVersion: outcome.adoptionVersion, settingsVersion: outcome.settingsVersion, reliableDrop: outcome.reliableDrop, clients: outcome.clients };
}
