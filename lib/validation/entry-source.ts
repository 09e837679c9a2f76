/*
 * Where a client's answers entered by their therapist came from (the portal is the client's own).
 * No zod here: the questionnaire form renders these choices, and its JavaScript should not carry a
 * schema library for that. The one schema of this input is ./entry-source-schema.
 */

export const ENTRY_SOURCES = ['in_session', 'paper'] as const;
export type EntrySource = (typeof ENTRY_SOURCES)[number];
export const ENTRY_SOURCE_LABELS: Readonly<Record<EntrySource, string>> = { in_session: 'In session', paper: 'On paper' };
