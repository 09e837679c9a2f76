/**
 * The one mapping from a response's findings to alert rows (DESIGN.md "Alerts"), pure. The live
 * path (lib/data/measures.ts), the demo seed and the benchmark generator all call these functions,
 * so what an alert says, when it merges into an open one and when a rupture counts as repaired
 * cannot drift apart. Structural input types only: no import of lib/instruments.
 */
import { outcomeFinding, outcomeRuleSettings, type ClinicOutcomeSettings } from './outcomes';
import { ratingGap, subscaleMeansOf, type MeanScores } from './rating-gap';
import { preDropLevelOf } from './repair';
import { evaluateAlliance, repairIndex, type AllianceFinding, type AllianceThresholds } from './rules';

export type AlertKindName = 'low_alliance' | 'rupture' | 'rating_gap' | 'risk' | 'deterioration' | 'missed_measures' | 'goal_disagreement';
export type AlertSeverityName = 'info' | 'warning' | 'urgent';

/** An alert to raise, before it is stored: what fired, with the numbers and thresholds it used. */
export type AlertDraft = {
  kind: AlertKindName;
  severity: AlertSeverityName;
  rule: string;
  details: Record<string, unknown>;
  /** One alert per cause: a retry, or a draft save followed by the submit, raises it once. */
  dedupeKey: string;
  /**
   * Which open alert of the same client this one continues instead of repeating: same kind, or same
   * rule (PHQ-9 and GAD-7 deteriorations are separate concerns). Null: never merged (risk answers).
   */
  mergeOn: 'kind' | 'rule' | null;
};

/** The alliance settings the rules read (structurally `ClinicSettings['alliance']`). */
export type AllianceAlertSettings = AllianceThresholds & { ratingGap: number };

export type AlertSettings = { alliance: AllianceAlertSettings; outcomes: ClinicOutcomeSettings };

/** The risk item as the instrument defines it (PHQ-9 item 9), with the labels of its options. */
export type RiskItem = { id: string; number: number; text: string; options: readonly { value: number; label: string }[] };

export type RiskContext = {
  /** The assignment the answer belongs to: one risk alert per form, whether from a draft or the submit. */
  assignmentId: string;
  /** How the answer reached us: a draft save, the submit, or a form that had closed while open. */
  stage: 'draft' | 'submitted' | 'closed_form';
  answeredAt: Date;
};

/**
 * The urgent alert for a risk answer (the item's value above zero), naming the item, the answer
 * given and when, so the therapist knows what happened without opening the form.
 */
export function riskAlert(item: RiskItem, answers: Readonly<Record<string, unknown>>, context: RiskContext): AlertDraft | null {
  const value = answers[item.id];
  if (typeof value !== 'number' || !(value > 0)) return null;
  const answerLabel = item.options.find((o) => o.value === value)?.label ?? String(value);
  return {
    kind: 'risk',
    severity: 'urgent',
    rule: 'phq9_item9_above_zero',
    details: {
      rule: 'phq9_item9_above_zero',
      item: item.id,
      itemNumber: item.number,
      itemText: item.text,
      answer: value,
      answerLabel,
      threshold: 0,
      stage: context.stage,
      answeredAt: context.answeredAt.toISOString(),
    },
    dedupeKey: `risk:${context.assignmentId}`,
    mergeOn: null,
  };
}

/** One stored response, as the rules need it. */
export type ResponseForAlerts = {
  responseId: string;
  sessionId: string | null;
  instrumentKey: string;
  scores: MeanScores & { readonly total: number };
};

export type ResponseHistory = {
  /** The client's earlier headline scores on the same instrument, oldest first (this one excluded). */
  priorHeadlines: readonly number[];
  /** The other respondent's WAI-SR scores for the same session, when both have answered. */
  otherRating: MeanScores | null;
};

/** Alliance findings keep full precision: a rupture's pre-drop level is compared exactly later. */
function ruptureDetails(finding: AllianceFinding): Record<string, unknown> {
  const preDropLevel = preDropLevelOf(finding);
  return preDropLevel === null ? { ...finding } : { ...finding, preDropLevel };
}

/**
 * Every alert one scored response raises, except the risk alert (see riskAlert), which is raised
 * as soon as the answer is saved. `thresholdInfo` records where the thresholds came from.
 */
export function alertsForResponse(
  response: ResponseForAlerts,
  history: ResponseHistory,
  settings: AlertSettings,
  thresholdInfo: Record<string, unknown> = {},
): AlertDraft[] {
  const drafts: AlertDraft[] = [];
  const { instrumentKey, scores, responseId } = response;

  if (instrumentKey === 'phq-9' || instrumentKey === 'gad-7') {
    const finding = outcomeFinding(history.priorHeadlines, scores.total, outcomeRuleSettings(instrumentKey, settings.outcomes));
    if (finding?.rule === 'deterioration') {
      drafts.push({
        kind: 'deterioration',
        severity: 'warning',
        rule: `${instrumentKey}_reliable_deterioration`,
        details: { ...finding },
        dedupeKey: `deterioration:${responseId}`,
        mergeOn: 'rule',
      });
    }
  }

  if (instrumentKey === 'wai-sr-client') {
    for (const finding of evaluateAlliance(history.priorHeadlines, scores.mean, settings.alliance)) {
      const kind = finding.rule === 'low_alliance' ? 'low_alliance' : 'rupture';
      drafts.push({
        kind,
        severity: 'warning',
        rule: finding.rule,
        details: { ...ruptureDetails(finding), ...thresholdInfo },
        dedupeKey: `${finding.rule}:${responseId}`,
        mergeOn: 'kind',
      });
    }
  }

  if ((instrumentKey === 'wai-sr-client' || instrumentKey === 'wai-sr-therapist') && response.sessionId && history.otherRating) {
    const mine = subscaleMeansOf(scores);
    const theirs = subscaleMeansOf(history.otherRating);
    const [clientMeans, therapistMeans] = instrumentKey === 'wai-sr-client' ? [mine, theirs] : [theirs, mine];
    const threshold = settings.alliance.ratingGap;
    const gaps = ratingGap(clientMeans, therapistMeans, threshold);
    if (gaps.length > 0) {
      drafts.push({
        kind: 'rating_gap',
        severity: 'info',
        rule: 'rating_gap',
        details: { rule: 'rating_gap', gaps, threshold },
        dedupeKey: `rating_gap:${response.sessionId}`,
        mergeOn: 'kind',
      });
    }
  }
  return drafts;
}

/** An open alert of the client, as far as merging needs it. */
export type OpenAlert = { kind: AlertKindName; rule: string; details: Record<string, unknown>; repaired: boolean };

/** The open alert a draft continues, if any: same kind (or rule); a repaired rupture is over. */
export function openAlertToMerge<T extends OpenAlert>(open: readonly T[], draft: AlertDraft): T | null {
  if (draft.mergeOn === null) return null;
  return open.find((a) => a.kind === draft.kind && !a.repaired && (draft.mergeOn === 'kind' || a.rule === draft.rule)) ?? null;
}

/**
 * The details of an open alert updated by a new finding: the new numbers, but a rupture keeps the
 * level before its first drop (repair means getting back there) and when it was first raised.
 */
export function mergedDetails(existing: Record<string, unknown>, draft: AlertDraft): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...draft.details };
  if (draft.kind === 'rupture') {
    const before = storedPreDropLevel(existing);
    if (before !== null) merged.preDropLevel = before;
    merged.firstScore = typeof existing.firstScore === 'number' ? existing.firstScore : existing.score;
  }
  return merged;
}

/**
 * The level a stored rupture must get back to, at full precision. Rows written before the level was
 * stored exactly fall back to the finding's own numbers.
 */
export function storedPreDropLevel(details: Record<string, unknown>): number | null {
  if (typeof details.preDropLevel === 'number') return details.preDropLevel;
  const rule = details.rule;
  if (rule === 'rupture_drop' && typeof details.previous === 'number') return details.previous;
  if (rule === 'rupture_personal_mean' && typeof details.priorMean === 'number') return details.priorMean;
  return null;
}

/** Measurements after a rupture that may repair it (DESIGN.md: within the next 3). */
export const REPAIR_WINDOW = 3;

/**
 * Whether a new WAI-SR mean repairs a stored rupture, `measurementsSince` counting the new one.
 * Exact comparison (with the rules' float tolerance), never against a rounded level.
 */
export function repairsRupture(details: Record<string, unknown>, mean: number, measurementsSince: number): boolean {
  const level = storedPreDropLevel(details);
  if (level === null || measurementsSince > REPAIR_WINDOW) return false;
  return repairIndex(level, [mean], 1) === 0;
}

/**
 * An alert as the demo seed and the benchmark generator keep it in memory while they replay a
 * client's history through the same rules as the live path (merge into open alerts, repairs).
 */
export type ReplayedAlert = AlertDraft & {
  responseId: string;
  /** The client's therapist when it was last raised (the live path records the same). */
  therapistId: string;
  episodeId: string;
  createdAt: Date;
  lastRaisedAt: Date;
  raiseCount: number;
  /** Index of the client's WAI-SR measurement that last raised it (repair window). */
  raisedAtMeasure: number;
  repairedAt: Date | null;
  /** Set by the caller: when the simulated therapist acknowledged it (null: still open). */
  acknowledgedAt: Date | null;
};

function openAt(alert: ReplayedAlert, at: Date): boolean {
  return alert.acknowledgedAt === null || alert.acknowledgedAt.getTime() > at.getTime();
}

/**
 * Applies one response's drafts to the replayed alerts exactly as lib/data/measures.ts does in SQL:
 * an open alert of the kind is updated (moved into this episode), otherwise a new one is raised.
 * Returns the alerts raised new, so the caller can decide their handling.
 */
export function replayDrafts(
  replayed: ReplayedAlert[],
  drafts: readonly AlertDraft[],
  response: { responseId: string; episodeId: string; therapistId: string; at: Date; measureIndex: number },
): ReplayedAlert[] {
  const open = replayed.filter((a) => a.kind !== 'risk' && openAt(a, response.at)).map((a) => ({ ...a, repaired: a.repairedAt !== null, ref: a }));
  // Newest first, as the live path orders its open alerts.
  open.reverse();
  const raised: ReplayedAlert[] = [];
  for (const draft of drafts) {
    const existing = openAlertToMerge(open, draft)?.ref;
    if (existing) {
      Object.assign(existing, {
        details: mergedDetails(existing.details, draft),
        rule: draft.rule,
        lastRaisedAt: response.at,
        raiseCount: existing.raiseCount + 1,
        episodeId: response.episodeId,
        therapistId: response.therapistId,
        raisedAtMeasure: response.measureIndex,
      });
      continue;
    }
    if (replayed.some((a) => a.dedupeKey === draft.dedupeKey)) continue;
    const alert: ReplayedAlert = {
      ...draft,
      responseId: response.responseId,
      episodeId: response.episodeId,
      therapistId: response.therapistId,
      createdAt: response.at,
      lastRaisedAt: response.at,
      raiseCount: 1,
      raisedAtMeasure: response.measureIndex,
      repairedAt: null,
      acknowledgedAt: null,
    };
    replayed.push(alert);
    raised.push(alert);
  }
  return raised;
}

/** Marks the ruptures a new WAI-SR mean repairs (same rule as the live path's markRepairs). */
export function replayRepairs(replayed: readonly ReplayedAlert[], mean: number, at: Date, measureIndex: number, responseId: string): void {
  for (const alert of replayed) {
    if (alert.kind !== 'rupture' || alert.repairedAt !== null || alert.responseId === responseId) continue;
    if (repairsRupture(alert.details, mean, measureIndex - alert.raisedAtMeasure)) alert.repairedAt = at;
  }
}
