import 'server-only';
import { cache } from 'react';
import { eq } from 'drizzle-orm';
import { readClinicSettings, type ClinicSettings } from '@/lib/validation/settings';
import { getDb, type Database, type Transaction } from '@/db/client';
import { clinics, clinicSettings } from '@/db/schema';

export type ClinicContext = { timeZone: string; settings: ClinicSettings; settingsVersion: number };

async function readClinicContext(db: Database | Transaction, clinicId: string): Promise<ClinicContext | null> {
  const [row] = await db
    .select({ timeZone: clinics.timeZone, settings: clinicSettings.settings, version: clinicSettings.version })
    .from(clinics)
    .leftJoin(clinicSettings, eq(clinicSettings.clinicId, clinics.id))
    .where(eq(clinics.id, clinicId))
    .limit(1);
  return row ? { timeZone: row.timeZone, settings: readClinicSettings(row.settings), settingsVersion: row.version ?? 0 } : null;
}

// Once per request (React's cache is scoped to one server render or action; outside one it does not
// memoise): a page's lib/data calls all need the clinic's zone and settings.
const clinicContextOfRequest = cache((clinicId: string) => readClinicContext(getDb(), clinicId));

/** The clinic's time zone and validated settings (internal to lib/data: callers already checked access). */
export async function clinicContext(db: Database | Transaction, clinicId: string): Promise<ClinicContext> {
  // A transaction reads its own view (it may just have changed the settings).
  const context = db === getDb() ? await clinicContextOfRequest(clinicId) : await readClinicContext(db, clinicId);
  if (!context) throw new Error(`Clinic ${clinicId} not found`);
  return context;
}

/** The actor's clinic time zone, for formatting dates on pages (not clinical data). */
export async function getClinicTimeZone(actor: { clinicId: string }): Promise<string> {
  return (await clinicContextOfRequest(actor.clinicId))?.timeZone ?? 'UTC';
}

/** The clinic's reliable-change rules for PHQ-9 and GAD-7, for drawing charts (settings, not clinical data). */
export async function getClinicOutcomeRules(actor: { clinicId: string }): Promise<{ phq9ReliableChange: number; gad7ReliableChange: number }> {
  const { settings } = await clinicContext(getDb(), actor.clinicId);
  return { phq9ReliableChange: settings.outcomes.phq9ReliableChange, gad7ReliableChange: settings.outcomes.gad7ReliableChange };
}

/** The clinic's low-alliance threshold on the WAI-SR mean (1–5), drawn as a line on alliance charts (settings, not clinical data). */
export async function getClinicLowAllianceThreshold(actor: { clinicId: string }): Promise<number> {
  const { settings } = await clinicContext(getDb(), actor.clinicId);
  return settings.alliance.lowAlliance;
}
