/**
 * Turns a stored alert (kind, rule, details) into one plain sentence with the numbers and the
 * thresholds that made it fire. Pure and defensive: `details` is JSON from the database, so every
 * number is checked before it is used, and an alert whose details are missing or unexpected still
 * gets a sensible sentence for its kind.
 */
export type AlertKind = 'low_alliance' | 'rupture' | 'rating_gap' | 'risk' | 'deterioration' | 'missed_measures' | 'goal_disagreement';
export type AlertSeverity = 'info' | 'warning' | 'urgent';

export type DescribableAlert = { kind: AlertKind | (string & {}); rule: string; details: Record<string, unknown> | null | undefined };

export const ALERT_KIND_LABEL: Record<AlertKind, string> = {
  risk: 'Risk',
  rupture: 'Rupture',
  low_alliance: 'Low alliance',
  rating_gap: 'Rating gap',
  deterioration: 'Deterioration',
  missed_measures: 'Missed measures',
  goal_disagreement: 'Goal disagreement',
};

export const SEVERITY_LABEL: Record<AlertSeverity, string> = { urgent: 'Urgent', warning: 'Warning', info: 'Info' };

const SCALE_LABEL: Record<string, string> = { goal: 'Goal', task: 'Task', bond: 'Bond', overall: 'Overall' };
const INSTRUMENT_LABEL: Record<string, string> = { 'phq-9': 'PHQ-9', 'gad-7': 'GAD-7', 'wai-sr-client': 'WAI-SR', 'wai-sr-therapist': 'therapist WAI-SR' };

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** A WAI-SR mean (1–5 scale) as the clinic reads it: two decimals. */
export function mean2(value: number): string {
  return (Math.round((value + Number.EPSILON) * 100) / 100).toFixed(2);
}

/** A threshold as it was set: no trailing zeros (0.6, 1, 3, 0.75). */
export function threshold(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/** A whole-number total (PHQ-9, GAD-7). */
function total(value: number): string {
  return String(Math.round(value));
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function describeRupture(rule: string, d: Record<string, unknown>): string | null {
  const score = num(d.score);
  if (rule === 'rupture_drop' || d.rule === 'rupture_drop') {
    const previous = num(d.previous);
    const limit = num(d.threshold);
    if (score === null || previous === null) return null;
    const drop = num(d.drop) ?? previous - score;
    return `Alliance dropped from ${mean2(previous)} to ${mean2(score)} (drop ${mean2(drop)}${limit === null ? '' : ` ≥ ${threshold(limit)}`})`;
  }
  if (rule === 'rupture_personal_mean' || d.rule === 'rupture_personal_mean') {
    const priorMean = num(d.priorMean);
    const priorSd = num(d.priorSd);
    const k = num(d.k);
    const cutoff = num(d.cutoff) ?? (priorMean !== null && priorSd !== null && k !== null ? priorMean - k * priorSd : null);
    const count = num(d.priorCount);
    if (score === null || priorMean === null || cutoff === null) return null;
    const observedSd = num(d.observedSd);
    // When the client's own SD was below the clinic's floor, the floor was used: say so.
    const sdText =
      priorSd === null
        ? ''
        : observedSd !== null && observedSd < priorSd
          ? `SD ${mean2(priorSd)} (the clinic's floor; observed ${mean2(observedSd)})`
          : `SD ${mean2(priorSd)}`;
    const formula = priorSd !== null && k !== null ? `: mean ${mean2(priorMean)} − ${threshold(k)} × ${sdText} = ${mean2(cutoff)}` : ` of ${mean2(cutoff)}`;
    return `Alliance ${mean2(score)} fell below the client's own usual level${formula}${count === null ? '' : ` (from ${plural(count, 'earlier measurement', 'earlier measurements')})`}`;
  }
  return null;
}

function describeRatingGap(d: Record<string, unknown>): string | null {
  const gaps = Array.isArray(d.gaps) ? d.gaps : [];
  const limit = num(d.threshold);
  const parts: string[] = [];
  for (const raw of gaps) {
    if (!raw || typeof raw !== 'object') continue;
    const g = raw as Record<string, unknown>;
    const clientMean = num(g.clientMean);
    const therapistMean = num(g.therapistMean);
    if (clientMean === null || therapistMean === null) continue;
    const scale = str(g.subscale);
    const gapLimit = num(g.threshold) ?? limit;
    const gap = Math.abs(num(g.gap) ?? clientMean - therapistMean);
    parts.push(
      `${scale ? (SCALE_LABEL[scale] ?? scale) : 'Alliance'}: client ${mean2(clientMean)}, therapist ${mean2(therapistMean)} (gap ${mean2(gap)}${gapLimit === null ? '' : ` ≥ ${threshold(gapLimit)}`})`,
    );
  }
  if (parts.length === 0) return null;
  return `Client and therapist rated the same session differently — ${parts.join('; ')}`;
}

function describeDeterioration(rule: string, d: Record<string, unknown>): string | null {
  const key = str(d.instrument) ?? (rule.startsWith('phq-9') ? 'phq-9' : rule.startsWith('gad-7') ? 'gad-7' : null);
  const baseline = num(d.baseline);
  const current = num(d.current);
  const limit = num(d.threshold);
  if (baseline === null || current === null) return null;
  const name = key ? (INSTRUMENT_LABEL[key] ?? key.toUpperCase()) : 'Symptom score';
  const change = num(d.change) ?? current - baseline;
  const convention = str(d.convention);
  return `${name} rose from ${total(baseline)} at intake to ${total(current)} (increase ${total(change)}${limit === null ? '' : ` ≥ ${threshold(limit)}`}${convention ? `; ${convention}` : ''})`;
}

function describeMissed(d: Record<string, unknown>): string | null {
  const count = num(d.consecutiveExpired);
  const limit = num(d.threshold);
  if (count === null) return null;
  return `Missed ${total(count)} measures in a row${limit === null || limit === count ? '' : ` (alert at ${threshold(limit)})`}`;
}

function describeLowAlliance(d: Record<string, unknown>): string | null {
  const score = num(d.score);
  const limit = num(d.threshold);
  if (score === null) return null;
  return `Alliance ${mean2(score)} is below the low-alliance threshold${limit === null ? '' : ` of ${threshold(limit)}`}`;
}

const RISK_STAGE: Record<string, string> = {
  draft: 'in a saved draft, before the form was submitted',
  closed_form: 'on a form that had already closed, so the other answers were not kept',
};

/** Which question, the answer given (its words and value) and how it reached us. */
function describeRisk(d: Record<string, unknown>): string {
  const number = num(d.itemNumber) ?? 9;
  const answer = str(d.answerLabel);
  const value = num(d.answer);
  const text = str(d.itemText);
  const stage = str(d.stage);
  const question = `PHQ-9 question ${total(number)}${text ? ` (“${text}”)` : ''}`;
  const given = answer ? `answered “${answer}”${value === null ? '' : ` (${total(value)} of 3)`}` : 'answered above zero';
  return `${question} ${given}${stage && RISK_STAGE[stage] ? ` — ${RISK_STAGE[stage]}` : ''}`;
}

function describeGoalDisagreement(d: Record<string, unknown>): string | null {
  const goal = str(d.goalWording);
  if (!goal) return null;
  const comment = str(d.comment);
  return `The client does not agree with the goal “${goal}”${comment ? ` and wrote: “${comment}”` : ''}`;
}

const FALLBACK: Record<AlertKind, string> = {
  risk: 'A risk answer needs your attention',
  rupture: 'The alliance dropped (a possible rupture)',
  low_alliance: 'The alliance score is below the clinic threshold',
  rating_gap: 'Client and therapist rated the same session differently',
  deterioration: 'Symptoms have reliably worsened',
  missed_measures: 'Several measures in a row were missed',
  goal_disagreement: 'The client disagreed with a goal in the treatment plan',
};

/** The plain sentence for an alert (no trailing full stop, so it can sit in a list or a heading). */
export function describeAlert(alert: DescribableAlert): string {
  const d = alert.details && typeof alert.details === 'object' ? alert.details : {};
  let sentence: string | null = null;
  switch (alert.kind) {
    case 'risk':
      sentence = describeRisk(d);
      break;
    case 'rupture':
      sentence = describeRupture(alert.rule, d);
      break;
    case 'low_alliance':
      sentence = describeLowAlliance(d);
      break;
    case 'rating_gap':
      sentence = describeRatingGap(d);
      break;
    case 'deterioration':
      sentence = describeDeterioration(alert.rule, d);
      break;
    case 'missed_measures':
      sentence = describeMissed(d);
      break;
    case 'goal_disagreement':
      sentence = describeGoalDisagreement(d);
      break;
  }
  if (sentence) return sentence;
  if (alert.kind in FALLBACK) return FALLBACK[alert.kind as AlertKind];
  return `Alert: ${alert.rule.replaceAll('_', ' ')}`;
}

export function alertKindLabel(kind: string): string {
  return kind in ALERT_KIND_LABEL ? ALERT_KIND_LABEL[kind as AlertKind] : kind.replaceAll('_', ' ');
}
