import { formatDate } from '@/lib/format';
import { localDate } from '@/lib/time';

/**
 * How the portal names a questionnaire and its deadline to the client: a plain, unalarming title
 * (the instrument's own name goes second), and one date.
 */
const CLIENT_TITLES: Record<string, string> = {
  'wai-sr-client': 'How our sessions are going',
  'phq-9': 'How you have been feeling',
  'gad-7': 'Worry and anxiety',
};

/** The client-facing title of an instrument; its formal title when there is no plainer one. */
export function clientFormTitle(instrumentKey: string, formalTitle: string): string {
  return CLIENT_TITLES[instrumentKey] ?? formalTitle;
}

/**
 * The one date the client needs. Until the due day (in the clinic's zone) has passed: "Please fill
 * this in by <due day>." After it, while the form is still open: that it is late, and the last day
 * it can still be filled in.
 */
export function clientDueText(form: { dueAt: Date; expiresAt: Date }, now: Date, timeZone: string): { late: boolean; text: string } {
  if (localDate(form.dueAt, timeZone) >= localDate(now, timeZone)) {
    return { late: false, text: `Please fill this in by ${formatDate(form.dueAt, timeZone)}.` };
  }
  return { late: true, text: `This is late, but you can still fill it in until ${formatDate(form.expiresAt, timeZone)}.` };
}
