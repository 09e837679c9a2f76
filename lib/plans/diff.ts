/**
 * What changed between two plan versions, for the history view. Goals are matched by their stable
 * id; objectives and interventions by their text within a goal. Pure.
 */
export type PlanSnapshot = {
  version: number;
  status: string;
  title: string;
  presentingProblem: string;
  diagnosis: string | null;
  icd10Code: string | null;
  startDate: string | null;
  nextReviewDate: string | null;
  problems: {
    description: string;
    goals: {
      id: string;
      clientWords: string;
      targetDate: string | null;
      status: string;
      objectives: { description: string; target: string | null; status: string; progress: number }[];
      interventions: { modality: string; frequency: string | null; provider: string | null }[];
    }[];
  }[];
};

export type PlanChange =
  | { kind: 'field'; field: string; from: string | null; to: string | null }
  | { kind: 'problem-added' | 'problem-removed'; description: string }
  | { kind: 'goal-added' | 'goal-removed'; goalId: string; clientWords: string }
  | { kind: 'goal-changed'; goalId: string; field: string; from: string | null; to: string | null }
  | { kind: 'objective-added' | 'objective-removed' | 'intervention-added' | 'intervention-removed'; goalId: string; text: string };

const FIELDS = ['status', 'title', 'presentingProblem', 'diagnosis', 'icd10Code', 'startDate', 'nextReviewDate'] as const;

function goalsOf(snapshot: PlanSnapshot) {
  return new Map(snapshot.problems.flatMap((p) => p.goals).map((g) => [g.id, g]));
}

export function diffPlans(from: PlanSnapshot, to: PlanSnapshot): PlanChange[] {
  const changes: PlanChange[] = [];
  for (const field of FIELDS) {
    if (from[field] !== to[field]) changes.push({ kind: 'field', field, from: from[field], to: to[field] });
  }
  const before = new Set(from.problems.map((p) => p.description));
  const after = new Set(to.problems.map((p) => p.description));
  for (const d of after) if (!before.has(d)) changes.push({ kind: 'problem-added', description: d });
  for (const d of before) if (!after.has(d)) changes.push({ kind: 'problem-removed', description: d });

  const oldGoals = goalsOf(from);
  const newGoals = goalsOf(to);
  for (const [id, goal] of newGoals) {
    const old = oldGoals.get(id);
    if (!old) {
      changes.push({ kind: 'goal-added', goalId: id, clientWords: goal.clientWords });
      continue;
    }
    for (const field of ['clientWords', 'targetDate', 'status'] as const) {
      if (old[field] !== goal[field]) changes.push({ kind: 'goal-changed', goalId: id, field, from: old[field], to: goal[field] });
    }
    const describe = (o: { description: string; target: string | null; status: string; progress: number }) =>
      `${o.description}${o.target ? ` (target: ${o.target})` : ''} — ${o.status}, ${o.progress}%`;
    const oldObjectives = new Set(old.objectives.map(describe));
    const newObjectives = new Set(goal.objectives.map(describe));
    for (const t of newObjectives) if (!oldObjectives.has(t)) changes.push({ kind: 'objective-added', goalId: id, text: t });
    for (const t of oldObjectives) if (!newObjectives.has(t)) changes.push({ kind: 'objective-removed', goalId: id, text: t });
    const describeIntervention = (i: { modality: string; frequency: string | null; provider: string | null }) =>
      [i.modality, i.frequency, i.provider].filter(Boolean).join(' · ');
    const oldInterventions = new Set(old.interventions.map(describeIntervention));
    const newInterventions = new Set(goal.interventions.map(describeIntervention));
    for (const t of newInterventions) if (!oldInterventions.has(t)) changes.push({ kind: 'intervention-added', goalId: id, text: t });
    for (const t of oldInterventions) if (!newInterventions.has(t)) changes.push({ kind: 'intervention-removed', goalId: id, text: t });
  }
  for (const [id, goal] of oldGoals) if (!newGoals.has(id)) changes.push({ kind: 'goal-removed', goalId: id, clientWords: goal.clientWords });
  return changes;
}

type SnapshotRows = {
  plan: {
    version: number;
    status: string;
    title: string;
    presentingProblem: string;
    diagnosis: string | null;
    icd10Code: string | null;
    startDate: string | null;
    nextReviewDate: string | null;
  };
  problems: { id: string; description: string }[];
  goals: { id: string; problemId: string | null; clientWords: string; targetDate: string | null; status: string }[];
  objectives: { goalId: string; description: string; target: string | null; status: string; progress: number }[];
  interventions: { goalId: string; modality: string; frequency: string | null; provider: string | null }[];
};

/** A plan's rows (each list already in position order) as the snapshot every version stores. */
export function buildPlanSnapshot({ plan, problems, goals, objectives, interventions }: SnapshotRows): PlanSnapshot {
  return {
    version: plan.version,
    status: plan.status,
    title: plan.title,
    presentingProblem: plan.presentingProblem,
    diagnosis: plan.diagnosis,
    icd10Code: plan.icd10Code,
    startDate: plan.startDate,
    nextReviewDate: plan.nextReviewDate,
    problems: problems.map((p) => ({
      description: p.description,
      goals: goals
        .filter((g) => g.problemId === p.id)
        .map((g) => ({
          id: g.id,
          clientWords: g.clientWords,
          targetDate: g.targetDate,
          status: g.status,
          objectives: objectives
            .filter((o) => o.goalId === g.id)
            .map((o) => ({ description: o.description, target: o.target, status: o.status, progress: o.progress })),
          interventions: interventions.filter((i) => i.goalId === g.id).map((i) => ({ modality: i.modality, frequency: i.frequency, provider: i.provider })),
        })),
    })),
  };
}
