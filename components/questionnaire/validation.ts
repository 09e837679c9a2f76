import { zodResolver } from '@hookform/resolvers/zod';
import { object } from 'zod/mini';
import { answersSchema } from '@/lib/instruments/scoring';
import type { InstrumentRules } from '@/lib/instruments/types';
import { entrySourceSchema } from '@/lib/validation/entry-source-schema';

/*
 * The questionnaire form's validation: the instrument version's own answersSchema (the schema the
 * server checks a submit with) and, when a therapist enters a client's answers, the entry source.
 * Its own module because the form loads it on first use (see loadValidation in
 * questionnaire-form.tsx): zod is not part of the page's first-load JavaScript.
 */
export function questionnaireResolver(rules: InstrumentRules, askSource: boolean) {
  const answers = answersSchema(rules);
  const schema = askSource ? object({ answers, source: entrySourceSchema }) : object({ answers });
  // jitless: zod must not try to compile code (the CSP forbids eval).
  return zodResolver(schema, { jitless: true });
}
