import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getInstrument, riskItemOf, scoreResponse } from '@/lib/instruments';
import { readClinicSettings } from '@/lib/validation/settings';
import {
  alertsForResponse,
  mergedDetails,
  openAlertToMerge,
  repairsRupture,
  replayDrafts,
  replayRepairs,
  riskAlert,
  storedPreDropLevel,
  type AlertDraft,
  type ReplayedAlert,
} from './alerts';

const settings = readClinicSettings({});
const wai = getInstrument('wai-sr-client');
const waiTherapist = getInstrument('wai-sr-therapist');
const phq9 = getInstrument('phq-9');

/** WAI-SR scores with the given total (12–60). */
function waiScores(total: number, instrument = wai) {
  const base = Math.floor(total / 12);
  const extra = total - base * 12;
  const answers = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`wai-${i + 1}`, base + (i < extra ? 1 : 0)]));
  return scoreResponse(instrument, answers);
}
function phqScores(total: number) {
  const answers: Record<string, number> = { 'phq9-9': 0 };
  let left = total;
  for (let i = 1; i <= 8; i++) {
    answers[`phq9-${i}`] = Math.min(3, left);
    left -= answers[`phq9-${i}`]!;
  }
  return scoreResponse(phq9, answers);
}
const response = (instrumentKey: string, scores: ReturnType<typeof waiScores>, id = 'r1', sessionId: string | null = 's1') => ({
  responseId: id,
  sessionId,
  instrumentKey,
  scores,
});
/** JSON round trip, as a jsonb column stores details. */
const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('alertsForResponse', () => {
  it('a low score after a high one: low alliance and a rupture, keyed to the response, rupture with its exact pre-drop level', () => {
    const drafts = alertsForResponse(response('wai-sr-client', waiScores(24)), { priorHeadlines: [50 / 12], otherRating: null }, settings, {
      settingsVersion: 3,
    });
    expect(drafts.map((d) => [d.kind, d.rule, d.severity, d.dedupeKey, d.mergeOn])).toEqual([
      ['low_alliance', 'low_alliance', 'warning', 'low_alliance:r1', 'kind'],
      ['rupture', 'rupture_drop', 'warning', 'rupture_drop:r1', 'kind'],
    ]);
    expect(drafts[1]!.details).toMatchObject({ previous: 50 / 12, preDropLevel: 50 / 12, settingsVersion: 3 });
  });

  it('PHQ-9 deterioration from intake merges by rule; improvement raises nothing', () => {
    const [d] = alertsForResponse(response('phq-9', phqScores(16)), { priorHeadlines: [8, 9], otherRating: null }, settings);
    expect(d).toMatchObject({ kind: 'deterioration', rule: 'phq-9_reliable_deterioration', mergeOn: 'rule', details: { baseline: 8, current: 16 } });
    expect(alertsForResponse(response('phq-9', phqScores(2)), { priorHeadlines: [18], otherRating: null }, settings)).toEqual([]);
    expect(alertsForResponse(response('phq-9', phqScores(20)), { priorHeadlines: [], otherRating: null }, settings)).toEqual([]);
  });

  it('a rating gap from either side of the same session, keyed to the session', () => {
    const client = waiScores(30);
    const therapist = waiScores(48, waiTherapist);
    const fromClient = alertsForResponse(response('wai-sr-client', client), { priorHeadlines: [], otherRating: therapist }, settings);
    const fromTherapist = alertsForResponse(response('wai-sr-therapist', therapist, 'r2'), { priorHeadlines: [], otherRating: client }, settings);
    const gapOf = (drafts: AlertDraft[]) => drafts.find((d) => d.kind === 'rating_gap');
    expect(gapOf(fromClient)?.dedupeKey).toBe('rating_gap:s1');
    expect(gapOf(fromTherapist)?.details).toEqual(gapOf(fromClient)?.details);
    expect(
      alertsForResponse(response('wai-sr-client', client, 'r3', null), { priorHeadlines: [], otherRating: therapist }, settings).some(
        (d) => d.kind === 'rating_gap',
      ),
    ).toBe(false);
  });
});

describe('riskAlert', () => {
  const item = riskItemOf(phq9)!;
  const at = new Date('2026-12-04T09:30:00Z');
  it('names the item, the answer (value and words), the stage and when; one per form', () => {
    const draft = riskAlert(item, { 'phq9-9': 3 }, { assignmentId: 'a1', stage: 'draft', answeredAt: at });
    expect(draft).toMatchObject({ kind: 'risk', severity: 'urgent', dedupeKey: 'risk:a1', mergeOn: null });
    expect(draft!.details).toMatchObject({
      item: 'phq9-9',
      itemNumber: 9,
      answer: 3,
      answerLabel: 'Nearly every day',
      stage: 'draft',
      answeredAt: at.toISOString(),
    });
  });
  it('raises nothing for zero, a missing answer or a non-number', () => {
    for (const answers of [{ 'phq9-9': 0 }, {}, { 'phq9-9': '2' }])
      expect(riskAlert(item, answers, { assignmentId: 'a', stage: 'submitted', answeredAt: at })).toBeNull();
  });
});

describe('merging into open alerts', () => {
  const open = (kind: ReplayedAlert['kind'], rule: string, details: Record<string, unknown> = {}, repaired = false) => ({ kind, rule, details, repaired });
  const draft = (kind: AlertDraft['kind'], rule: string, mergeOn: AlertDraft['mergeOn']): AlertDraft => ({
    kind,
    severity: 'warning',
    rule,
    details: {},
    dedupeKey: 'x',
    mergeOn,
  });

  it('continues an open alert of the same kind, or the same rule where that matters; never a risk alert or a repaired rupture', () => {
    const list = [open('rupture', 'rupture_drop', {}, true), open('deterioration', 'gad-7_reliable_deterioration'), open('rupture', 'rupture_personal_mean')];
    expect(openAlertToMerge(list, draft('rupture', 'rupture_drop', 'kind'))).toBe(list[2]);
    expect(openAlertToMerge(list, draft('deterioration', 'phq-9_reliable_deterioration', 'rule'))).toBeNull();
    expect(openAlertToMerge(list, draft('deterioration', 'gad-7_reliable_deterioration', 'rule'))).toBe(list[1]);
    expect(openAlertToMerge([open('risk', 'phq9_item9_above_zero')], { ...draft('risk', 'phq9_item9_above_zero', null) })).toBeNull();
  });

  it('a merged rupture keeps the level before its first drop and its first score', () => {
    const first = { rule: 'rupture_drop', score: 3, previous: 50 / 12, preDropLevel: 50 / 12 };
    const next: AlertDraft = {
      kind: 'rupture',
      severity: 'warning',
      rule: 'rupture_drop',
      details: { rule: 'rupture_drop', score: 2, previous: 3, preDropLevel: 3 },
      dedupeKey: 'x',
      mergeOn: 'kind',
    };
    expect(mergedDetails(first, next)).toMatchObject({ score: 2, previous: 3, preDropLevel: 50 / 12, firstScore: 3 });
  });
});

describe('repair compares exactly', () => {
  it('back at exactly the pre-drop score repairs, for every WAI-SR level (the 4.167 rounding bug)', () => {
    for (let total = 13; total <= 60; total++) {
      const level = total / 12;
      const [rupture] = alertsForResponse(response('wai-sr-client', waiScores(12)), { priorHeadlines: [level], otherRating: null }, settings).filter(
        (d) => d.kind === 'rupture',
      );
      if (!rupture) continue; // too small a drop to be a rupture
      expect(repairsRupture(stored(rupture.details), level, 1), `level ${total}/12`).toBe(true);
      expect(repairsRupture(stored(rupture.details), (total - 1) / 12, 1)).toBe(false);
      expect(repairsRupture(stored(rupture.details), level, 4), 'outside the window of 3').toBe(false);
    }
  });

  it('falls back to the finding of rows stored before the level was', () => {
    expect(storedPreDropLevel({ rule: 'rupture_drop', previous: 4.25 })).toBe(4.25);
    expect(storedPreDropLevel({ rule: 'rupture_personal_mean', priorMean: 3.9 })).toBe(3.9);
    expect(storedPreDropLevel({ rule: 'low_alliance', score: 2 })).toBeNull();
  });
});

describe('replay (the seed and the generator)', () => {
  /** Replays a WAI-SR series with nobody acknowledging anything, as the live path sees it. */
  function replay(totals: number[]) {
    const replayed: ReplayedAlert[] = [];
    totals.forEach((total, index) => {
      const scores = waiScores(total);
      const at = new Date(Date.UTC(2026, 0, 1 + index * 7));
      const drafts = alertsForResponse(
        response('wai-sr-client', scores, `r${index}`),
        { priorHeadlines: totals.slice(0, index).map((t) => t / 12), otherRating: null },
        settings,
      );
      replayDrafts(replayed, drafts, { responseId: `r${index}`, episodeId: `a${index}`, therapistId: 't', at, measureIndex: index });
      replayRepairs(replayed, scores.mean, at, index, `r${index}`);
    });
    return replayed;
  }

  it('a second low score updates the open low-alliance alert and moves it into the new episode', () => {
    const alerts = replay([30, 30, 30]);
    const low = alerts.filter((a) => a.kind === 'low_alliance');
    expect(low).toHaveLength(1);
    expect(low[0]).toMatchObject({ raiseCount: 3, episodeId: 'a2', responseId: 'r0' });
  });

  it('a drop then a return to the exact level is one repaired rupture', () => {
    const alerts = replay([50, 50, 50, 36, 50]);
    const ruptures = alerts.filter((a) => a.kind === 'rupture');
    expect(ruptures).toHaveLength(1);
    expect(ruptures[0]!.repairedAt).toEqual(new Date(Date.UTC(2026, 0, 29)));
  });

  it('never raises more than one open alert of a kind (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 12, max: 60 }), { minLength: 1, maxLength: 14 }), (totals) => {
        const alerts = replay(totals);
        for (const kind of ['low_alliance', 'rupture'] as const) {
          const unrepaired = alerts.filter((a) => a.kind === kind && a.repairedAt === null);
          expect(unrepaired.length).toBeLessThanOrEqual(1);
        }
        expect(new Set(alerts.map((a) => a.dedupeKey)).size).toBe(alerts.length);
      }),
    );
  });
});
