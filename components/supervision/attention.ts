import { attentionFor, type AttentionReason } from '@/lib/alliance/attention';
import type { TherapistComparisonRow } from '@/lib/data/supervisor';
import { mean2, percent, plural } from './format';

/*
 * The plain-words summary the supervisor's comparison leads with: per therapist, whether anything
 * needs attention and why, in sentences without statistics jargon (the rules are lib/alliance/attention).
 * Pure; no React.
 */

export type TherapistAttention = {
  therapistId: string;
  name: string;
  needsAttention: boolean;
  /** One sentence per reason; empty when nothing stands out. */
  reasons: string[];
  /** What to say when there is no reason (nothing stands out, or nothing to judge yet). */
  calm: string | null;
};

export function reasonText(reason: AttentionReason): string {
  switch (reason.kind) {
    case 'low-alliance':
      return `Clients rate the working alliance low: about ${mean2(reason.estimate)} on the 1–5 scale, below the clinic’s threshold of ${mean2(reason.threshold)}.`;
    case 'many-low-ratings':
      return `${reason.below} of ${reason.n} alliance ratings (${percent(reason.share)}) were below the clinic’s threshold of ${mean2(reason.threshold)}.`;
    case 'unanswered-ruptures':
      return `${reason.count === 1 ? 'A rupture was' : `${reason.count} ruptures were`} not answered within ${reason.days} days.`;
    case 'deterioration': {
      const parts = [
        reason.phq9 > 0 ? `${plural(reason.phq9, 'client', 'clients')} on depression (PHQ-9)` : null,
        reason.gad7 > 0 ? `${plural(reason.gad7, 'client', 'clients')} on anxiety (GAD-7)` : null,
      ].filter(Boolean);
      return `Reliably worse since their first questionnaire: ${parts.join(' and ')}.`;
    }
  }
}

export function therapistAttention(row: TherapistComparisonRow, lowAlliance: number): TherapistAttention {
  const { reasons, noAllianceRatings } = attentionFor(
    {
      allianceEstimate: row.alliance.overall.estimate,
      ratings: { n: row.belowThreshold.n, below: row.belowThreshold.below },
      unansweredRuptures: row.ruptures.notAnsweredIn7Days,
      deteriorated: { phq9: row.phq9.deteriorated, gad7: row.gad7.deteriorated },
    },
    lowAlliance,
  );
  const calm =
    reasons.length > 0
      ? null
      : noAllianceRatings
        ? 'Nothing stands out, but no client rated the alliance in this range, so it cannot be judged yet.'
        : 'Nothing stands out in this range.';
  return { therapistId: row.therapistId, name: row.name, needsAttention: reasons.length > 0, reasons: reasons.map(reasonText), calm };
}

/** Every therapist, those who need attention first (most reasons first), then by name. */
export function attentionSummary(rows: readonly TherapistComparisonRow[], lowAlliance: number): TherapistAttention[] {
  return rows.map((row) => therapistAttention(row, lowAlliance)).sort((a, b) => b.reasons.length - a.reasons.length || a.name.localeCompare(b.name));
}

/** The line above the list, e.g. "1 of 2 therapists needs attention." */
export function attentionHeadline(summary: readonly TherapistAttention[]): string {
  const total = summary.length;
  const needing = summary.filter((t) => t.needsAttention).length;
  if (total === 0) return 'You do not supervise any therapists yet.';
  if (needing === 0) return total === 1 ? 'Nothing needs attention in this range.' : `None of the ${total} therapists needs attention in this range.`;
  return `${needing} of ${plural(total, 'therapist', 'therapists')} ${needing === 1 ? 'needs' : 'need'} attention in this range.`;
}
