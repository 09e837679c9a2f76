import { enum as zodEnum } from 'zod/mini';
import { ENTRY_SOURCES } from './entry-source';

/*
 * The entry source of a client's answers entered by their therapist: one schema, used by the
 * questionnaire form (in the browser) and by the therapist's submit action (through
 * therapistSubmitInputSchema in ./measures). zod/mini: the same zod 4 engine and messages as
 * classic zod, but only what is used reaches the browser.
 */
export const entrySourceSchema = zodEnum(ENTRY_SOURCES, { error: 'Choose where these answers came from.' });
