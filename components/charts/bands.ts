/*
 * One colour per severity band name, whatever the questionnaire: "Moderate" on the PHQ-9 chart is
 * the same shade as "Moderate" on the GAD-7 chart. Light to dark with severity; every band is also
 * named in the chart's legend and table, so the colour is never the only cue. Pure, no React.
 */

/** Band names in order of severity, each with its fill. */
export const BAND_FILLS = [
  { name: 'Minimal', fill: '#f0fdf4' },
  { name: 'Mild', fill: '#fefce8' },
  { name: 'Moderate', fill: '#fef3c7' },
  { name: 'Moderately severe', fill: '#ffedd5' },
  { name: 'Severe', fill: '#fee2e2' },
] as const;

/** The fill of a band name no instrument uses yet: neutral, so a new band never borrows a severity shade. */
export const UNKNOWN_BAND_FILL = '#f1f5f9';

const normalise = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();
const FILL_BY_NAME = new Map<string, string>(BAND_FILLS.map((b) => [normalise(b.name), b.fill]));

/** The fill for a band, by its name (case and spacing do not matter). */
export function bandFill(name: string): string {
  return FILL_BY_NAME.get(normalise(name)) ?? UNKNOWN_BAND_FILL;
}
