import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { auditFilterSchema, createStaffSchema, reassignClientSchema } from './admin';
import { signInSchema } from './auth';
import { newClientSchema } from './caseload';
import { clientContactSchema } from './clients';
import { EARLIEST_DATE, inOrder, isoDate, LATEST_DATE, NUL_MESSAGE, text, wasSwapped } from './fields';
import { draftInputSchema } from './measures';
import { goalAgreementSchema, planContentSchema, planReviewSchema } from './plans';
import { acknowledgeAlertSchema, dischargeSchema, recordSessionSchema } from './sessions';
import { dateRangeSchema, supervisionNoteSchema } from './supervision';

const UUID = '0b0e0d0c-1a2b-4c3d-8e4f-5a6b7c8d9e0f';
const NUL = '\u0000';

const plan = {
  title: 'Plan title',
  presentingProblem: 'Low mood',
  diagnosis: 'Depression',
  icd10Code: 'F32.1',
  startDate: '2026-01-05',
  nextReviewDate: '2026-04-05',
  problems: [
    {
      description: 'Sleep',
      goals: [
        {
          clientWords: 'Sleep better',
          targetDate: '2026-06-01',
          status: 'in_progress',
          objectives: [{ description: 'Wind down', target: 'Nightly', status: 'in_progress', progress: 10 }],
          interventions: [{ modality: 'CBT-I', frequency: 'Weekly', provider: 'Therapist' }],
        },
      ],
    },
  ],
};

type Case = { schema: z.ZodType; valid: Record<string, unknown>; textPaths: (string | number)[][] };

/** Every input schema with free text, a valid input, and the path of each of its text fields. */
const CASES: Record<string, Case> = {
  clientContact: {
    schema: clientContactSchema,
    valid: { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1990-04-17', preferredName: 'Ada', email: 'ada@example.org', phone: '+44 20 7946 0000' },
    textPaths: [['firstName'], ['lastName'], ['preferredName'], ['email'], ['phone'], ['dateOfBirth']],
  },
  newClient: {
    schema: newClientSchema,
    valid: { firstName: 'Ada', lastName: 'Lovelace', preferredName: 'Ada', dateOfBirth: '1990-04-17', email: 'ada@example.org', status: 'active' },
    textPaths: [['firstName'], ['lastName'], ['preferredName'], ['email'], ['dateOfBirth']],
  },
  recordSession: { schema: recordSessionSchema, valid: { occurredAt: '2026-01-05T10:00', attendance: 'attended', note: 'Went well' }, textPaths: [['note']] },
  discharge: { schema: dischargeSchema, valid: { reason: 'Goals met' }, textPaths: [['reason']] },
  acknowledgeAlert: { schema: acknowledgeAlertSchema, valid: { note: 'Called the client' }, textPaths: [['note']] },
  supervisionNote: { schema: supervisionNoteSchema, valid: { note: 'Discussed the rupture' }, textPaths: [['note']] },
  createStaff: {
    schema: createStaffSchema,
    valid: { name: 'Sam Staff', email: 'sam@example.org', role: 'therapist', temporaryPassword: 'Orchard-Violet-Marble-58' },
    textPaths: [['name'], ['email']],
  },
  reassignClient: { schema: reassignClientSchema, valid: { therapistId: UUID, reason: 'Caseload balance' }, textPaths: [['reason']] },
  signIn: { schema: signInSchema, valid: { email: 'sam@example.org', password: 'anything' }, textPaths: [['email']] },
  goalAgreement: { schema: goalAgreementSchema, valid: { agrees: false, comment: 'Smaller steps' }, textPaths: [['comment']] },
  planReview: {
    schema: planReviewSchema,
    valid: { nextReviewDate: '2026-06-01', goals: [{ goalId: UUID, status: 'achieved', progressNote: 'Done' }] },
    textPaths: [['goals', 0, 'progressNote']],
  },
  planContent: {
    schema: planContentSchema,
    valid: plan,
    textPaths: [
      ['title'],
      ['presentingProblem'],
      ['diagnosis'],
      ['icd10Code'],
      ['problems', 0, 'description'],
      ['problems', 0, 'goals', 0, 'clientWords'],
      ['problems', 0, 'goals', 0, 'objectives', 0, 'description'],
      ['problems', 0, 'goals', 0, 'objectives', 0, 'target'],
      ['problems', 0, 'goals', 0, 'interventions', 0, 'modality'],
      ['problems', 0, 'goals', 0, 'interventions', 0, 'frequency'],
      ['problems', 0, 'goals', 0, 'interventions', 0, 'provider'],
    ],
  },
};

function withValueAt(input: unknown, path: (string | number)[], change: (value: unknown) => unknown): unknown {
  const copy = structuredClone(input) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  node[last] = change(node[last]);
  return copy;
}

describe('text fields refuse NUL with a clear message', () => {
  for (const [name, { schema, valid, textPaths }] of Object.entries(CASES)) {
    it(`${name}: the valid input passes`, () => {
      expect(schema.safeParse(valid).error?.issues).toBeUndefined();
    });
    it.each(textPaths.map((path) => [path.join('.'), path] as const))(`${name}: NUL in %s is refused there`, (_label, path) => {
      for (const place of ['start', 'middle', 'end'] as const) {
        const result = schema.safeParse(
          withValueAt(valid, path, (v) => {
            const s = String(v);
            return place === 'start' ? `${NUL}${s}` : place === 'end' ? `${s}${NUL}` : `${s.slice(0, 1)}${NUL}${s.slice(1)}`;
          }),
        );
        expect(result.success).toBe(false);
        expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path.join('.'));
      }
    });
  }

  it('the message says what to do', () => {
    expect(text().safeParse(`a${NUL}b`).error?.issues[0]?.message).toBe(NUL_MESSAGE);
  });

  it('a NUL in an answer key of a questionnaire is refused', () => {
    expect(draftInputSchema.safeParse({ assignmentId: UUID, answers: { [`q1${NUL}`]: 1 } }).success).toBe(false);
  });
});

describe('dates outside 1900–2999 are refused, not stored', () => {
  const FAR = ['0000-01-01', '0001-01-01', '1899-12-31', '3000-01-01', '9999-12-31'];

  it('isoDate accepts its bounds and refuses beyond them', () => {
    expect(isoDate().safeParse(EARLIEST_DATE).success).toBe(true);
    expect(isoDate().safeParse(LATEST_DATE).success).toBe(true);
    for (const date of FAR) expect(isoDate().safeParse(date).error?.issues[0]?.message).toMatch(/between 1900 and 2999/);
  });

  it.each(FAR)('plan dates: %s', (date) => {
    for (const path of [['startDate'], ['nextReviewDate'], ['problems', 0, 'goals', 0, 'targetDate']]) {
      const result = planContentSchema.safeParse(withValueAt(plan, path, () => date));
      expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path.join('.'));
    }
    expect(planReviewSchema.safeParse({ ...CASES.planReview!.valid, nextReviewDate: date }).success).toBe(false);
  });

  it.each(FAR)('dates of birth and the audit filter: %s', (date) => {
    expect(clientContactSchema.safeParse({ ...CASES.clientContact!.valid, dateOfBirth: date }).success).toBe(false);
    expect(newClientSchema.safeParse({ ...CASES.newClient!.valid, dateOfBirth: date }).success).toBe(false);
    expect(auditFilterSchema.safeParse({ from: date }).success).toBe(false);
    expect(auditFilterSchema.safeParse({ to: date }).success).toBe(false);
  });

  it.each(FAR)('the supervisor date range falls back to its default for %s', (date) => {
    const fallback = dateRangeSchema.parse({ to: '2026-03-31' });
    expect(dateRangeSchema.parse({ from: date, to: '2026-03-31' })).toEqual(fallback);
  });
});

describe('a reversed date range is swapped, on the supervisor page and in the audit log alike', () => {
  it('inOrder swaps only a reversed pair, and wasSwapped tells', () => {
    expect(inOrder({ from: '2026-03-01', to: '2026-01-31' })).toEqual({ from: '2026-01-31', to: '2026-03-01' });
    expect(inOrder({ from: '2026-01-31', to: '2026-03-01' })).toEqual({ from: '2026-01-31', to: '2026-03-01' });
    expect(inOrder({ from: '2026-03-01' })).toEqual({ from: '2026-03-01' });
    expect(wasSwapped({ from: '2026-03-01', to: '2026-01-31' }, { from: '2026-01-31', to: '2026-03-01' })).toBe(true);
    expect(wasSwapped({ from: '2026-01-31', to: '2026-03-01' }, { from: '2026-01-31', to: '2026-03-01' })).toBe(false);
    expect(wasSwapped({ from: '2026-01-31', to: '2026-01-31' }, { from: '2026-01-31', to: '2026-01-31' })).toBe(false);
  });

  it('the audit filter swaps a reversed range (and keeps the other filters)', () => {
    expect(auditFilterSchema.parse({ from: '2026-03-01', to: '2026-01-31', action: 'auth.' })).toEqual({
      from: '2026-01-31',
      to: '2026-03-01',
      action: 'auth.',
      page: 1,
      actorUserId: undefined,
      clientId: undefined,
    });
    expect(auditFilterSchema.parse({ from: '2026-01-31', to: '2026-03-01' })).toMatchObject({ from: '2026-01-31', to: '2026-03-01' });
  });

  it('the supervisor range swaps the same way', () => {
    expect(dateRangeSchema.parse({ from: '2026-03-01', to: '2026-01-31' })).toEqual({ from: '2026-01-31', to: '2026-03-01' });
  });
});
