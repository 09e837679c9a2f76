import { z } from 'zod';
import { DEFAULT_ALLIANCE_THRESHOLDS } from '@/lib/alliance/rules';

/**
 * A clinic's settings, stored as one JSON document (clinic_settings.settings) and read through
 * this schema, so a new setting needs a default here rather than a migration.
 */
export const clinicSettingsSchema = z.object({
  alliance: z
    .object({
      lowAlliance: z.number().min(1).max(5).default(DEFAULT_ALLIANCE_THRESHOLDS.lowAlliance),
      reliableDrop: z.number().positive().max(4).default(DEFAULT_ALLIANCE_THRESHOLDS.reliableDrop),
      personalSdK: z.number().positive().max(3).default(DEFAULT_ALLIANCE_THRESHOLDS.personalSdK),
      personalMinPrior: z.number().int().min(2).max(20).default(DEFAULT_ALLIANCE_THRESHOLDS.personalMinPrior),
      ratingGap: z.number().positive().max(4).default(1.0),
    })
    .prefault({}),
  outcomes: z
    .object({
      // measures.md: 6 (NHS Talking Therapies) or 5 (Löwe et al. 2004); the flag records which.
      phq9ReliableChange: z.number().int().min(1).max(27).default(6),
      gad7ReliableChange: z.number().int().min(1).max(21).default(4),
    })
    .prefault({}),
  schedule: z
    .object({
      clientWaiFromSession: z.number().int().min(1).default(2),
      clientWaiEveryNthSession: z.number().int().min(1).default(1),
      outcomeEveryNthSession: z.number().int().min(1).default(4),
      assignmentExpiryDays: z.number().int().min(1).max(60).default(7),
    })
    .prefault({}),
  portal: z
    .object({
      showAllianceResultsToClients: z.boolean().default(false),
      crisisText: z
        .string()
        .max(2000)
        .default(
          'If you are in danger or thinking about harming yourself, call your local emergency number now, or go to the nearest emergency department. Your answers here are not monitored in real time.',
        ),
    })
    .prefault({}),
  risk: z.object({ escalateAfterHours: z.number().int().min(1).max(168).default(24) }).prefault({}),
});

export type ClinicSettings = z.output<typeof clinicSettingsSchema>;

export function readClinicSettings(stored: unknown): ClinicSettings {
  return clinicSettingsSchema.parse(stored ?? {});
}
