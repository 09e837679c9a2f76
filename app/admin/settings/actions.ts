'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actorAction, type ActionResult } from '@/lib/action';
import { requireActor } from '@/lib/auth/session';
import { rotateExportPseudonyms } from '@/lib/data/pseudonyms';
import { adoptProposedThresholds, getClinicSettingsForAdmin, SETTINGS_CONFLICT_FIELD, updateClinicSettings, type SettingsUpdateResult } from '@/lib/data/settings';
import {
  adoptThresholdsInputSchema,
  settingsFormDefaults,
  updateClinicSettingsInputSchema,
  type ClinicSettingsFormInput,
} from '@/lib/validation/settings';

const PATH = '/admin/settings';

/**
 * The save's answer: ActionResult, plus the version now stored after a save, or — when someone
 * saved first — the settings as they are now, so the form can keep the user's edits beside them.
 */
export type SaveSettingsResult =
  | (Extract<ActionResult, { ok: true }> & { version: number })
  | (Extract<ActionResult, { ok: false }> & { latest?: { version: number; values: ClinicSettingsFormInput } });

export async function saveSettingsAction(input: ClinicSettingsFormInput & { expectedVersion: number }): Promise<SaveSettingsResult> {
  let saved: SettingsUpdateResult | undefined;
  const save = actorAction(updateClinicSettingsInputSchema, async ({ expectedVersion, ...values }, actor) => {
    saved = await updateClinicSettings(actor, values, expectedVersion);
    revalidatePath(PATH);
    const changes = saved.changed.length;
    return { ok: true, message: changes === 0 ? 'Nothing had changed, so nothing was saved.' : `Settings saved (${changes} ${changes === 1 ? 'change' : 'changes'}).` };
  });
  const result = await save(input);
  if (result.ok) return { ...result, version: saved?.version ?? input.expectedVersion };
  if (result.fieldErrors?.[SETTINGS_CONFLICT_FIELD]) {
    const view = await getClinicSettingsForAdmin(await requireActor());
    return { ...result, latest: { version: view.version, values: settingsFormDefaults(view.settings) } };
  }
  return result;
}

const adopt = actorAction(adoptThresholdsInputSchema, async ({ expectedVersion }, actor) => {
  const adopted = await adoptProposedThresholds(actor, expectedVersion);
  revalidatePath(PATH);
  return {
    ok: true,
    message: `Adopted as version ${adopted.adoptionVersion}: from now on a drop of ${adopted.reliableDrop.toFixed(2)} or more counts as a rupture (from ${adopted.clients} clients).`,
  };
});

export async function adoptThresholdsAction(input: { expectedVersion: number }): Promise<ActionResult> {
  return adopt(input);
}

const rotate = actorAction(z.object({}), async (_input, actor) => {
  await rotateExportPseudonyms(actor);
  revalidatePath(PATH);
  return { ok: true, message: 'Export pseudonyms rotated. Exports from now on use new pseudonyms and cannot be matched with earlier ones.' };
});

export async function rotateExportPseudonymsAction(): Promise<ActionResult> {
  return rotate({});
}
