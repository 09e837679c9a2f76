import { formatScore } from '@/lib/instruments';

/*
 * A tiny line of the client's recent WAI-SR means (oldest first), drawn on the server as inline SVG.
 * The scale is the WAI-SR's own (1–5) for every client, so slopes compare across rows. What it
 * shows is said in its accessible name ("Alliance trend: 3.40 → 3.92, 8 measurements").
 */

const WIDTH = 80;
const HEIGHT = 26;
const PAD = 3;
const MIN = 1;
const MAX = 5;

export function sparklineLabel(values: readonly number[]): string {
  const first = values[0];
  const last = values[values.length - 1];
  if (first === undefined || last === undefined) return 'Alliance trend: no measurements yet';
  if (values.length === 1) return `Alliance trend: one measurement, ${formatScore(first, 'mean')}`;
  return `Alliance trend: ${formatScore(first, 'mean')} → ${formatScore(last, 'mean')}, ${values.length} measurements`;
}

/** `label` is sparklineLabel(values), worked out by the caller (the table passes it from the server). */
export function Sparkline({ values, label }: { values: readonly number[]; label: string }) {
  if (values.length < 2) return null;
  const x = (i: number) => PAD + (i / (values.length - 1)) * (WIDTH - 2 * PAD);
  const y = (v: number) => PAD + (1 - (Math.min(Math.max(v, MIN), MAX) - MIN) / (MAX - MIN)) * (HEIGHT - 2 * PAD);
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const last = values[values.length - 1]!;
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} className="shrink-0 overflow-visible">
      {/* The mid-scale (3 = "sometimes") as a faint guide. */}
      <line x1={PAD} x2={WIDTH - PAD} y1={y(3)} y2={y(3)} stroke="#cbd5e1" strokeWidth={1} strokeDasharray="2 2" />
      <polyline points={points} fill="none" stroke="#0f766e" strokeWidth={1.6} strokeLinejoin="round" strokeLinecap="round" />
      <circle cx={x(values.length - 1)} cy={y(last)} r={2.4} fill="#0f766e" />
    </svg>
  );
}
