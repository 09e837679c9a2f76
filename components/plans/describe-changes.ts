import { formatDay } from '@/lib/format';
import type { PlanChange, PlanSnapshot } from '@/lib/plans/diff';
import { goalStatusLabel, planStatusLabel } from './labels';

/*
 * diffPlans' changes in plain language for the history view, grouped as "the plan" and then one
 * group per goal. diffPlans reports an edited objective or intervention as one removed and one
 * added text; where both name the same objective (or modality) they are told as one change.
 */

export type ChangeGroup = { key: string; heading: string; items: string[] };

/** A plan review, which reviewPlan stores beside the content in its revision's snapshot. */
export type SnapshotReview = { reviewedAt: string; goals: { goalId: string; status: string; progressNote: string | null }[] };

const FIELD_LABEL: Record<string, string> = {
  status: 'Status',
  title: 'Title',
  presentingProblem: 'Presenting problem',
  diagnosis: 'Diagnosis',
  icd10Code: 'ICD-10 code',
  startDate: 'Start date',
  nextReviewDate: 'Next review date',
};
const DATE_FIELDS = new Set(['startDate', 'nextReviewDate', 'targetDate']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** True if a stored revision has the shape diffPlans reads (older or hand-made rows may not). */
export function isPlanSnapshot(value: unknown): value is PlanSnapshot {
  if (!isRecord(value) || typeof value.title !== 'string' || !Array.isArray(value.problems)) return false;
  return value.problems.every(
    (p) =>
      isRecord(p) &&
      typeof p.description === 'string' &&
      Array.isArray(p.goals) &&
      p.goals.every(
        (g) => isRecord(g) && typeof g.id === 'string' && typeof g.clientWords === 'string' && Array.isArray(g.objectives) && Array.isArray(g.interventions),
      ),
  );
}

export function reviewOf(snapshot: unknown): SnapshotReview | null {
  if (!isRecord(snapshot) || !isRecord(snapshot.review)) return null;
  const { reviewedAt, goals } = snapshot.review;
  if (typeof reviewedAt !== 'string' || !Array.isArray(goals)) return null;
  return {
    reviewedAt,
    goals: goals
      .filter(isRecord)
      .map((g) => ({ goalId: String(g.goalId), status: String(g.status), progressNote: typeof g.progressNote === 'string' ? g.progressNote : null })),
  };
}

function value(field: string, v: string | null): string {
  if (v === null || v === '') return 'nothing';
  if (DATE_FIELDS.has(field)) return formatDay(v);
  if (field === 'status') return planStatusLabel(v);
  return `“${v}”`;
}

function fieldSentence(label: string, field: string, from: string | null, to: string | null): string {
  if (from === null || from === '') return `${label} set to ${value(field, to)}.`;
  if (to === null || to === '') return `${label} removed (was ${value(field, from)}).`;
  return `${label} changed from ${value(field, from)} to ${value(field, to)}.`;
}

type Objective = { description: string; target: string | null; status: string; progress: number };
// diff.ts describes an objective as `description (target: …) — status, N%`.
const OBJECTIVE_TEXT = /^([\s\S]*?)(?: \(target: ([\s\S]*)\))? — ([a-z_]+), (\d+)%$/;

function parseObjective(text: string): Objective | null {
  const m = OBJECTIVE_TEXT.exec(text);
  return m ? { description: m[1]!, target: m[2] ?? null, status: m[3]!, progress: Number(m[4]) } : null;
}

function objectiveText(text: string): string {
  const o = parseObjective(text);
  if (!o) return `“${text}”`;
  return `“${o.description}”${o.target ? ` (target: ${o.target})` : ''}, ${goalStatusLabel(o.status).toLowerCase()}, ${o.progress}%`;
}

function objectiveEdit(from: Objective, to: Objective): string {
  const parts: string[] = [];
  if (from.target !== to.target) parts.push(to.target ? `target ${from.target ? `“${from.target}” → ` : 'set to '}“${to.target}”` : 'target removed');
  if (from.status !== to.status) parts.push(`status ${goalStatusLabel(from.status)} → ${goalStatusLabel(to.status)}`);
  if (from.progress !== to.progress) parts.push(`progress ${from.progress}% → ${to.progress}%`);
  return `Objective “${to.description}”: ${parts.join('; ')}.`;
}

function modalityOf(text: string): string {
  return text.split(' · ')[0] ?? text;
}

function goalItems(changes: PlanChange[]): string[] {
  const items: string[] = [];
  const objectivesRemoved: string[] = [];
  const objectivesAdded: string[] = [];
  const interventionsRemoved: string[] = [];
  const interventionsAdded: string[] = [];
  for (const c of changes) {
    if (c.kind === 'goal-added') items.push('Goal added.');
    else if (c.kind === 'goal-removed') items.push('Goal removed.');
    else if (c.kind === 'goal-changed') {
      if (c.field === 'clientWords') items.push(`Reworded from “${c.from ?? ''}” to “${c.to ?? ''}”. The client is asked to agree again.`);
      else if (c.field === 'status') items.push(`Status changed from ${goalStatusLabel(c.from ?? '')} to ${goalStatusLabel(c.to ?? '')}.`);
      else items.push(fieldSentence(c.field === 'targetDate' ? 'Target date' : c.field, c.field, c.from, c.to));
    } else if (c.kind === 'objective-removed') objectivesRemoved.push(c.text);
    else if (c.kind === 'objective-added') objectivesAdded.push(c.text);
    else if (c.kind === 'intervention-removed') interventionsRemoved.push(c.text);
    else if (c.kind === 'intervention-added') interventionsAdded.push(c.text);
  }
  for (const removed of objectivesRemoved) {
    const before = parseObjective(removed);
    const index = before ? objectivesAdded.findIndex((a) => parseObjective(a)?.description === before.description) : -1;
    if (before && index >= 0) {
      const after = parseObjective(objectivesAdded.splice(index, 1)[0]!)!;
      items.push(objectiveEdit(before, after));
    } else items.push(`Objective removed: ${objectiveText(removed)}.`);
  }
  for (const added of objectivesAdded) items.push(`Objective added: ${objectiveText(added)}.`);
  for (const removed of interventionsRemoved) {
    const index = interventionsAdded.findIndex((a) => modalityOf(a) === modalityOf(removed));
    if (index >= 0) items.push(`Intervention changed from “${removed}” to “${interventionsAdded.splice(index, 1)[0]!}”.`);
    else items.push(`Intervention removed: “${removed}”.`);
  }
  for (const added of interventionsAdded) items.push(`Intervention added: “${added}”.`);
  return items;
}

export function describeChanges(changes: PlanChange[], from: PlanSnapshot, to: PlanSnapshot): ChangeGroup[] {
  const groups: ChangeGroup[] = [];
  const plan: string[] = [];
  for (const c of changes) {
    if (c.kind === 'field') plan.push(fieldSentence(FIELD_LABEL[c.field] ?? c.field, c.field, c.from, c.to));
    else if (c.kind === 'problem-added') plan.push(`Problem added: “${c.description}”.`);
    else if (c.kind === 'problem-removed') plan.push(`Problem removed: “${c.description}”.`);
  }
  if (plan.length) groups.push({ key: 'plan', heading: 'The plan', items: plan });

  // Goals in the order of the later version, then the ones it no longer has.
  const words = new Map<string, string>();
  for (const snapshot of [from, to]) for (const p of snapshot.problems) for (const g of p.goals) words.set(g.id, g.clientWords);
  const order = [...to.problems.flatMap((p) => p.goals.map((g) => g.id)), ...from.problems.flatMap((p) => p.goals.map((g) => g.id))];
  for (const goalId of new Set(order)) {
    const items = goalItems(changes.filter((c) => 'goalId' in c && c.goalId === goalId));
    if (items.length) groups.push({ key: goalId, heading: `Goal “${words.get(goalId) ?? ''}”`, items });
  }
  return groups;
}
