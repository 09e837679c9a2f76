/**
 * Local norms and reliable-change thresholds (measures.md "Reliable change and ruptures"), pure.
 * Published WAI-SR SDs are OPEN, so a clinic computes SD and α from its own responses — one response
 * per client — and an admin adopts the *proposed* thresholds, seeing which numbers they came from.
 */
import { type AllianceScale, type WaiSubscale } from './rating-gap';
import { sampleSd } from './rules';

const WAI_SUBSCALES = ['goal', 'task', 'bond'] as const satisfies readonly WaiSubscale[];

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample variance (n − 1), as the α formula is usually stated with sample variances. */
function sampleVariance(values: readonly number[]): number {
  return sampleSd(values) ** 2;
}

/**
 * Cronbach's α = k/(k−1) · (1 − Σ item variances / variance of totals).
 * Rows are respondents, columns items. Null when α is undefined: fewer than 2 respondents or items,
 * or no variance in the totals. Can be negative (items that disagree); never above 1.
 */
export function cronbachAlpha(itemMatrix: readonly (readonly number[])[]): number | null {
  const n = itemMatrix.length;
  const k = itemMatrix[0]?.length ?? 0;
  for (const row of itemMatrix) {
    if (row.length !== k) throw new RangeError('cronbachAlpha: every respondent needs the same number of items');
    if (!row.every(Number.isFinite)) throw new RangeError('cronbachAlpha: item values must be finite numbers');
  }
  if (n < 2 || k < 2) return null;
  const totals = itemMatrix.map((row) => row.reduce((a, b) => a + b, 0));
  const totalVariance = sampleVariance(totals);
  // Relative guard: equal totals can leave a rounding residue instead of an exact 0.
  if (totalVariance <= 1e-12 * Math.max(1, mean(totals) ** 2)) return null;
  let itemVarianceSum = 0;
  for (let j = 0; j < k; j++) itemVarianceSum += sampleVariance(itemMatrix.map((row) => row[j] ?? 0));
  return (k / (k - 1)) * (1 - itemVarianceSum / totalVariance);
}

/**
 * Smallest change that is reliable at p < .05: 1.96 × SD × √(2(1 − α)), in the units of `sd`
 * (α .80 → 1.24 SD; α .90 → 0.88 SD).
 */
export function reliableChangeThreshold(sd: number, alpha: number): number {
  if (!(sd >= 0) || !Number.isFinite(sd)) throw new RangeError(`sd must be a non-negative number, got ${sd}`);
  if (!(alpha <= 1 + 1e-9)) throw new RangeError(`alpha must be at most 1, got ${alpha}`);
  // max(0, …): α computed as 1 + rounding error must not give √(negative) = NaN.
  return 1.96 * sd * Math.sqrt(2 * Math.max(0, 1 - alpha));
}

export type SubscaleItems = Readonly<Record<WaiSubscale, readonly string[]>>;

/** Item ids per subscale from instrument data (e.g. WAI_SR_CLIENT_V1), so no key is hard-coded here. */
export function subscaleItemsOf(instrument: { readonly subscales: readonly { readonly key: string; readonly itemIds: readonly string[] }[] }): SubscaleItems {
  const itemsOf = (key: WaiSubscale): readonly string[] => {
    const subscale = instrument.subscales.find((s) => s.key === key);
    if (subscale === undefined) throw new Error(`Instrument has no '${key}' subscale; is it the WAI-SR?`);
    return subscale.itemIds;
  };
  return { goal: itemsOf('goal'), task: itemsOf('task'), bond: itemsOf('bond') };
}

export type NormResponse = {
  clientId: string;
  /** ISO 8601 timestamp. */
  submittedAt: string;
  answers: Readonly<Record<string, number>>;
};

/** The numbers behind one scale's threshold, all on the 1–5 mean scale. */
export type ScaleNorm = {
  /** Clients (= responses) used. */
  n: number;
  /** Items in the scale (k in α). */
  items: number;
  mean: number;
  /** Sample SD of the clients' scale means. */
  sd: number;
  alpha: number | null;
  /** 1.96 × sd × √(2(1 − α)); null when α is undefined. */
  rciThreshold: number | null;
};

export type AllianceThresholdProposal =
  | { status: 'insufficient'; clients: number; minClients: number; excludedIncomplete: number }
  | {
      status: 'proposal';
      clients: number;
      minClients: number;
      /** Clients whose first response lacked an item answer, so they are not counted. */
      excludedIncomplete: number;
      perScale: Record<AllianceScale, ScaleNorm>;
      proposed: {
        /** `AllianceThresholds.reliableDrop`: the overall RCI threshold, 2 dp; null when α is undefined. */
        reliableDrop: number | null;
        /** Per-subscale RCI thresholds, 2 dp, for display next to subscale charts. */
        subscaleReliableDrop: Record<WaiSubscale, number | null>;
      };
      basis: string;
    };

export type ProposeOptions = { minClients?: number; subscaleItems: SubscaleItems };

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Proposes alliance reliable-change thresholds from a clinic's WAI-SR responses. Uses each client's
 * FIRST response (by submittedAt; ties keep input order) so observations are independent — repeated
 * responses of one client would shrink the SD and overstate α.
 */
export function proposeAllianceThresholds(responses: readonly NormResponse[], { minClients = 50, subscaleItems }: ProposeOptions): AllianceThresholdProposal {
  if (!Number.isInteger(minClients) || minClients < 2) throw new RangeError(`minClients must be an integer ≥ 2, got ${minClients}`);
  for (const key of WAI_SUBSCALES) {
    if (subscaleItems[key].length === 0) throw new RangeError(`Subscale '${key}' has no items`);
  }

  const first = new Map<string, { at: number; response: NormResponse }>();
  for (const response of responses) {
    const at = Date.parse(response.submittedAt);
    if (Number.isNaN(at)) throw new RangeError(`Invalid submittedAt '${response.submittedAt}' for client ${response.clientId}`);
    const seen = first.get(response.clientId);
    if (seen === undefined || at < seen.at) first.set(response.clientId, { at, response });
  }

  const scaleItems: Record<AllianceScale, readonly string[]> = {
    ...subscaleItems,
    overall: [...new Set(WAI_SUBSCALES.flatMap((key) => subscaleItems[key]))],
  };
  // Complete rows only: α needs every item from every respondent.
  const rows: Readonly<Record<string, number>>[] = [];
  let excludedIncomplete = 0;
  // A fixed order (time, then client) so floating-point sums do not depend on the input order.
  const selected = [...first.values()].sort(
    (a, b) => a.at - b.at || (a.response.clientId < b.response.clientId ? -1 : a.response.clientId > b.response.clientId ? 1 : 0),
  );
  for (const { response } of selected) {
    const complete = scaleItems.overall.every((id) => Number.isFinite(response.answers[id]));
    if (complete) rows.push(response.answers);
    else excludedIncomplete++;
  }

  const clients = rows.length;
  if (clients < minClients) return { status: 'insufficient', clients, minClients, excludedIncomplete };

  const normOf = (itemIds: readonly string[]): ScaleNorm => {
    const matrix = rows.map((answers) => itemIds.map((id) => answers[id] ?? Number.NaN));
    const means = matrix.map((row) => mean(row));
    const sd = sampleSd(means);
    const alpha = cronbachAlpha(matrix);
    return { n: clients, items: itemIds.length, mean: mean(means), sd, alpha, rciThreshold: alpha === null ? null : reliableChangeThreshold(sd, alpha) };
  };
  const perScale: Record<AllianceScale, ScaleNorm> = {
    goal: normOf(scaleItems.goal),
    task: normOf(scaleItems.task),
    bond: normOf(scaleItems.bond),
    overall: normOf(scaleItems.overall),
  };
  const proposedFor = (scale: AllianceScale): number | null => {
    const rci = perScale[scale].rciThreshold;
    return rci === null ? null : round2(rci);
  };

  return {
    status: 'proposal',
    clients,
    minClients,
    excludedIncomplete,
    perScale,
    proposed: {
      reliableDrop: proposedFor('overall'),
      subscaleReliableDrop: { goal: proposedFor('goal'), task: proposedFor('task'), bond: proposedFor('bond') },
    },
    basis: `one response per client (first), n=${clients}; RCI = 1.96 × SD × √(2(1 − α)) on the 1–5 mean scale`,
  };
}
