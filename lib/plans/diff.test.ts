import { describe, expect, it } from 'vitest';
import { describeChanges, isPlanSnapshot } from '@/components/plans/describe-changes';
import { diffPlans, type PlanSnapshot } from './diff';

/*
 * diffPlans compares two stored versions of a plan for the history view: plan fields, problems by
 * description, goals by their stable id (so a reworded goal is a change, not a remove + add),
 * objectives and interventions by their text within a goal.
 */

const GOAL_A = '0b6f6c1e-5c43-4a0e-9d0b-0a1b2c3d4e01';
const GOAL_B = '0b6f6c1e-5c43-4a0e-9d0b-0a1b2c3d4e02';
const GOAL_C = '0b6f6c1e-5c43-4a0e-9d0b-0a1b2c3d4e03';

function snapshot(): PlanSnapshot {
  return {
    version: 1,
    status: 'draft',
    title: 'Lifting low mood',
    presentingProblem: 'Low mood since a job loss.',
    diagnosis: 'Depressive episode',
    icd10Code: 'F32.1',
    startDate: '2026-11-01',
    nextReviewDate: '2026-12-15',
    problems: [
      {
        description: 'Withdrawal from friends',
        goals: [
          {
            id: GOAL_A,
            clientWords: 'See my friends every week',
            targetDate: '2027-01-31',
            status: 'in_progress',
            objectives: [{ description: 'Plan one meet-up a week', target: '4 weeks', status: 'in_progress', progress: 25 }],
            interventions: [{ modality: 'Behavioural activation', frequency: 'Weekly', provider: 'Therapist' }],
          },
          { id: GOAL_B, clientWords: 'Sleep through the night', targetDate: null, status: 'not_started', objectives: [], interventions: [] },
        ],
      },
    ],
  };
}

/** A deep copy to edit, so each test states only what it changes. */
function edit(change: (s: PlanSnapshot) => void): PlanSnapshot {
  const copy = structuredClone(snapshot());
  change(copy);
  return copy;
}

const goal = (s: PlanSnapshot, id: string) => s.problems.flatMap((p) => p.goals).find((g) => g.id === id)!;

describe('diffPlans', () => {
  it('finds no changes between identical snapshots (the version number itself is not a change)', () => {
    expect(diffPlans(snapshot(), snapshot())).toEqual([]);
    expect(
      diffPlans(
        snapshot(),
        edit((s) => (s.version = 2)),
      ),
    ).toEqual([]);
  });

  it('reports each changed plan field with its old and new value', () => {
    const after = edit((s) => {
      s.title = 'Lifting low mood and sleep';
      s.status = 'active';
      s.icd10Code = null;
      s.nextReviewDate = '2027-01-10';
    });
    expect(diffPlans(snapshot(), after)).toEqual([
      { kind: 'field', field: 'status', from: 'draft', to: 'active' },
      { kind: 'field', field: 'title', from: 'Lifting low mood', to: 'Lifting low mood and sleep' },
      { kind: 'field', field: 'icd10Code', from: 'F32.1', to: null },
      { kind: 'field', field: 'nextReviewDate', from: '2026-12-15', to: '2027-01-10' },
    ]);
  });

  it('reports problems added and removed by their description', () => {
    const after = edit((s) => {
      s.problems[0]!.description = 'Withdrawal from friends and family';
    });
    expect(diffPlans(snapshot(), after)).toEqual([
      { kind: 'problem-added', description: 'Withdrawal from friends and family' },
      { kind: 'problem-removed', description: 'Withdrawal from friends' },
    ]);
  });

  it('reports a goal added and a goal removed by id', () => {
    const after = edit((s) => {
      s.problems[0]!.goals = [
        goal(s, GOAL_A),
        { id: GOAL_C, clientWords: 'Go for a walk each morning', targetDate: null, status: 'not_started', objectives: [], interventions: [] },
      ];
    });
    expect(diffPlans(snapshot(), after)).toEqual([
      { kind: 'goal-added', goalId: GOAL_C, clientWords: 'Go for a walk each morning' },
      { kind: 'goal-removed', goalId: GOAL_B, clientWords: 'Sleep through the night' },
    ]);
  });

  it('matches goals by id: a reworded goal is a change of wording, not a remove and an add', () => {
    const after = edit((s) => {
      goal(s, GOAL_B).clientWords = 'Sleep through most nights';
    });
    expect(diffPlans(snapshot(), after)).toEqual([
      { kind: 'goal-changed', goalId: GOAL_B, field: 'clientWords', from: 'Sleep through the night', to: 'Sleep through most nights' },
    ]);
  });

  it('reports a goal’s target date and status changes, and ignores its move to another position or problem', () => {
    const after = edit((s) => {
      const b = goal(s, GOAL_B);
      b.targetDate = '2027-02-28';
      b.status = 'in_progress';
      // Reordered and moved to a new problem: still the same goal.
      s.problems = [
        { description: 'Withdrawal from friends', goals: [goal(s, GOAL_A)] },
        { description: 'Disrupted sleep', goals: [b] },
      ];
    });
    expect(diffPlans(snapshot(), after)).toEqual([
      { kind: 'problem-added', description: 'Disrupted sleep' },
      { kind: 'goal-changed', goalId: GOAL_B, field: 'targetDate', from: null, to: '2027-02-28' },
      { kind: 'goal-changed', goalId: GOAL_B, field: 'status', from: 'not_started', to: 'in_progress' },
    ]);
  });

  it('reports objective changes within a goal by their text (an edit is one removed and one added)', () => {
    const after = edit((s) => {
      const a = goal(s, GOAL_A);
      a.objectives[0]!.progress = 50;
      a.objectives.push({ description: 'Reply to messages within a day', target: null, status: 'not_started', progress: 0 });
    });
    expect(diffPlans(snapshot(), after)).toEqual([
      { kind: 'objective-added', goalId: GOAL_A, text: 'Plan one meet-up a week (target: 4 weeks) — in_progress, 50%' },
      { kind: 'objective-added', goalId: GOAL_A, text: 'Reply to messages within a day — not_started, 0%' },
      { kind: 'objective-removed', goalId: GOAL_A, text: 'Plan one meet-up a week (target: 4 weeks) — in_progress, 25%' },
    ]);
  });

  it('reports interventions added and removed within a goal', () => {
    const after = edit((s) => {
      goal(s, GOAL_A).interventions = [{ modality: 'Behavioural activation', frequency: 'Fortnightly', provider: 'Therapist' }];
      goal(s, GOAL_B).interventions = [{ modality: 'CBT for insomnia', frequency: null, provider: null }];
    });
    expect(diffPlans(snapshot(), after)).toEqual([
      { kind: 'intervention-added', goalId: GOAL_A, text: 'Behavioural activation · Fortnightly · Therapist' },
      { kind: 'intervention-removed', goalId: GOAL_A, text: 'Behavioural activation · Weekly · Therapist' },
      { kind: 'intervention-added', goalId: GOAL_B, text: 'CBT for insomnia' },
    ]);
  });

  it('does not report objectives or interventions of a goal that was added or removed as separate changes', () => {
    const after = edit((s) => {
      s.problems[0]!.goals = [goal(s, GOAL_B)];
    });
    expect(diffPlans(snapshot(), after)).toEqual([{ kind: 'goal-removed', goalId: GOAL_A, clientWords: 'See my friends every week' }]);
  });
});

describe('describeChanges (the history view’s plain language)', () => {
  it('groups changes as the plan, then one group per goal, and tells an edited objective as one change', () => {
    const before = snapshot();
    const after = edit((s) => {
      s.nextReviewDate = '2027-01-10';
      const a = goal(s, GOAL_A);
      a.objectives[0]!.progress = 50;
      a.interventions[0]!.frequency = 'Fortnightly';
      goal(s, GOAL_B).clientWords = 'Sleep through most nights';
    });
    expect(describeChanges(diffPlans(before, after), before, after)).toEqual([
      { key: 'plan', heading: 'The plan', items: ['Next review date changed from 15 Dec 2026 to 10 Jan 2027.'] },
      {
        key: GOAL_A,
        heading: 'Goal “See my friends every week”',
        items: [
          'Objective “Plan one meet-up a week”: progress 25% → 50%.',
          'Intervention changed from “Behavioural activation · Weekly · Therapist” to “Behavioural activation · Fortnightly · Therapist”.',
        ],
      },
      {
        key: GOAL_B,
        heading: 'Goal “Sleep through most nights”',
        items: ['Reworded from “Sleep through the night” to “Sleep through most nights”. The client is asked to agree again.'],
      },
    ]);
  });

  it('names goals that were removed by their last wording, and uses status labels', () => {
    const before = snapshot();
    const after = edit((s) => {
      s.status = 'active';
      s.problems[0]!.goals = [goal(s, GOAL_A)];
      goal(s, GOAL_A).objectives.push({ description: 'Call one friend', target: null, status: 'achieved', progress: 100 });
    });
    expect(describeChanges(diffPlans(before, after), before, after)).toEqual([
      { key: 'plan', heading: 'The plan', items: ['Status changed from Draft to Active.'] },
      { key: GOAL_A, heading: 'Goal “See my friends every week”', items: ['Objective added: “Call one friend”, achieved, 100%.'] },
      { key: GOAL_B, heading: 'Goal “Sleep through the night”', items: ['Goal removed.'] },
    ]);
  });

  it('recognises stored snapshots it can compare, and refuses other shapes', () => {
    expect(isPlanSnapshot(snapshot())).toBe(true);
    // The demo seed's first revision stores rows, not a PlanSnapshot.
    expect(isPlanSnapshot({ plan: { title: 'x' }, problems: [{ description: 'x' }], goals: [] })).toBe(false);
    expect(isPlanSnapshot(null)).toBe(false);
  });
});
