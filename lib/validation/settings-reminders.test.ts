import { describe, expect, it } from 'vitest';
import { applySettingsForm, changedSettingKeys, clinicSettingsFormSchema, readClinicSettings, settingsFormDefaults } from './settings';

/* The reminders group of the settings form: the moment reminders go on is recorded by the server. */

const form = (reminders: Partial<ReturnType<typeof settingsFormDefaults>['reminders']>) => {
  const defaults = settingsFormDefaults(readClinicSettings({}));
  return clinicSettingsFormSchema.parse({ ...defaults, reminders: { ...defaults.reminders, ...reminders } });
};

describe('reminder settings', () => {
  it('default off, once on assignment and a day before expiry, quiet 21–8, at most two', () => {
    expect(readClinicSettings({}).reminders).toEqual({
      enabled: false,
      onAssignment: true,
      hoursBeforeExpiry: 24,
      quietStartHour: 21,
      quietEndHour: 8,
      maxReminders: 2,
      enabledSince: null,
    });
  });

  it('switching on records when; switching off clears it; other edits keep it', () => {
    const on = applySettingsForm({}, form({ enabled: true }), new Date('2026-12-01T09:00:00Z'));
    expect(on.settings.reminders.enabledSince).toBe('2026-12-01T09:00:00.000Z');
    expect(changedSettingKeys(readClinicSettings({}), on.settings)).toEqual(['reminders.enabled']);
    const edited = applySettingsForm(on.document, form({ enabled: true, maxReminders: 3 }), new Date('2026-12-05T09:00:00Z'));
    expect(edited.settings.reminders.enabledSince).toBe('2026-12-01T09:00:00.000Z');
    const off = applySettingsForm(edited.document, form({ enabled: false, maxReminders: 3 }), new Date('2026-12-06T09:00:00Z'));
    expect(off.settings.reminders.enabledSince).toBeNull();
  });

  it('refuses hours outside 0–23 and a maximum outside 1–5 with a plain message', () => {
    const defaults = settingsFormDefaults(readClinicSettings({}));
    const bad = clinicSettingsFormSchema.safeParse({ ...defaults, reminders: { ...defaults.reminders, quietStartHour: 24, maxReminders: 0 } });
    expect(bad.success).toBe(false);
    const messages = bad.success ? [] : bad.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual([
      'reminders.quietStartHour: Enter a whole number of hours between 0 and 23.',
      'reminders.maxReminders: Enter a whole number of reminders between 1 and 5.',
    ]);
  });
});
