/** Shapes shared by the charts and their legends (plain functions, usable on server and client). */
export type MarkerShape = 'triangle-down' | 'triangle-up';

/** An SVG path of a triangle centred on (cx, cy), pointing down or up. */
export function trianglePath(cx: number, cy: number, size: number, shape: MarkerShape): string {
  const h = size * 0.9;
  return shape === 'triangle-down'
    ? `M${cx - size},${cy - h} L${cx + size},${cy - h} L${cx},${cy + h} Z`
    : `M${cx - size},${cy + h} L${cx + size},${cy + h} L${cx},${cy - h} Z`;
}

/** Colours of the record's charts; every one is paired with a line style, shape or word. */
export const CHART_COLOURS = {
  client: '#0f766e',
  therapist: '#6d28d9',
  rupture: '#b91c1c',
  deterioration: '#b91c1c',
  improvement: '#15803d',
  rule: '#475569',
  review: '#1d4ed8',
  /** The clinic's low-alliance threshold (amber, as on the supervisor's chart). */
  lowAlliance: '#b45309',
} as const;
