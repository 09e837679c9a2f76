'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actorAction, type ActionResult } from '@/lib/action';
import { rotateExportPseudonyms } from '@/lib/data/pseudonyms';
import { adoptProposedThresholds, getClinicSettingsForAdmin, updateClinicSettings } from '@/lib/data/settings';
import { adoptThresholdsInputSchema, settingsFormDefaults, updateClinicSettingsInputSchema, type ClinicSettingsFormInput } from '@/lib/validation/settings';

const PATH = '/admin/settings';

/** A save answers the version now stored; when someone saved first it answers `conflict` (see latestSettingsAction). */
export type SaveSettingsResult = ActionResult<{ version: number; message: string }>;

export const saveSettingsAction = actorAction(updateClinicSettingsInputSchema, async ({ expectedVersion, ...values }, actor) => {
  const saved = await updateClinicSettings(actor, values, expectedVersion);
  revalidatePath(PATH);
  const changes = saved.changed.length;
  return {
    version: saved.version,
    message: changes === 0 ? 'Nothing had changed, so nothing was saved.' : `Settings saved (${changes} ${changes === 1 ? 'change' : 'changes'}).`,
  };
});

/** The settings as they are now, after a save was refused as a conflict: the form keeps the user's edits beside them. */
export const latestSettingsAction = actorAction(z.object({}), async (_input, actor): Promise<{ version: number; values: ClinicSettingsFormInput }> => {
  const view = await getClinicSettingsForAdmin(actor);
  return { version: view.version, values: settingsFormDefaults(view.settings) };
});

export const adoptThresholdsAction = actorAction(adoptThresholdsInputSchema, async ({ expectedVersion }, actor) => {
  const adopted = await adoptProposedThresholds(actor, expectedVersion);
  revalidatePath(PATH);
  return {
    message: `Adopted as version ${adopted.adoptionVersion}: from now on a drop of ${adopted.reliableDrop.toFixed(2)} or more counts as a rupture (from ${adopted.clients} clients).`,
  };
});

export const rotateExportPseudonymsAction = actorAction(z.object({}), async (_input, actor) => {
  await rotateExportPseudonyms(actor);
  revalidatePath(PATH);
  return { message: 'Export pseudonyms rotated. Exports from now on use new pseudonyms and cannot be matched with earlier ones.' };
});
