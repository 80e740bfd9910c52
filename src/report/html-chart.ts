/**
 * The outcome chart of report.html: an inline SVG with a 100% stacked bar
 * (share of the run) over one bar per outcome (its count, drawn as its
 * share of the total, on the same scale), labelled in text
 * so that it still reads when printed in black and white.
 */
import { html } from './html-template.js';
import type { SafeHtml } from './html-template.js';

/** Outcomes in the order the chart and the tables show them. */
export const OUTCOME_ORDER = [
  'failed',
  'unfinished',
  'not-started',
  'skipped',
  'created',
  'existing',
] as const;

/** Fill colour of each outcome; also used by the badges' CSS. */
export const OUTCOME_COLOURS: Record<string, string> = {
  created: '#2e7d32',
  existing: '#1565c0',
  failed: '#c62828',
  'not-started': '#d97706',
  skipped: '#6b7280',
  unfinished: '#7b1fa2',
};

const WIDTH = 560;
const LABEL = 110;
const ROW = 28;
const BAR = 18;
const TOP = 48;
/** Bar area: what the labels and the count after the bar leave. */
const ROOM = WIDTH - LABEL - 56;

/** One outcome and its count. */
export interface Slice {
  outcome: string;
  count: number;
}

/** The outcomes worth a row: every fixed one, plus any other seen. */
export function chartSlices(summary: Record<string, number>): Slice[] {
  const known = OUTCOME_ORDER.filter(
    (o) => o !== 'unfinished' || (summary[o] ?? 0) > 0,
  );
  const extra = Object.keys(summary).filter(
    (k) => k !== 'total' && !(OUTCOME_ORDER as readonly string[]).includes(k),
  );
  return [...known, ...extra].map((outcome) => ({
    outcome,
    count: summary[outcome] ?? 0,
  }));
}

function colour(outcome: string): string {
  return OUTCOME_COLOURS[outcome] ?? '#374151';
}

function stacked(parts: Slice[], total: number): SafeHtml[] {
  let x = LABEL;
  return parts
    .filter((p) => p.count > 0)
    .map((p) => {
      const w = (p.count / total) * ROOM;
      const rect = html`<rect x="${x.toFixed(2)}" y="0"
 width="${w.toFixed(2)}" height="22" fill="${colour(p.outcome)}">
<title>${p.outcome}: ${p.count}</title></rect>`;
      x += w;
      return rect;
    });
}

/**
 * A bar per outcome, scaled to the total like the stacked bar: scaled to
 * the largest outcome, 41 of 64 failed would read as a full bar.
 */
function row(p: Slice, i: number, total: number): SafeHtml {
  const y = TOP + i * ROW;
  // A count of 1 among thousands still gets a visible sliver.
  const share = total > 0 ? (p.count / total) * ROOM : 0;
  const w = Math.max(share, p.count ? 2 : 0);
  return html`<g transform="translate(0 ${y})">
<text x="0" y="${BAR - 4}" class="chart-label">${p.outcome}</text>
<rect x="${LABEL}" y="0" width="${ROOM}" height="${BAR}" fill="#f1f3f5"/>
<rect x="${LABEL}" y="0" width="${w.toFixed(2)}" height="${BAR}"
 fill="${colour(p.outcome)}"/>
<text x="${(LABEL + w + 6).toFixed(2)}" y="${BAR - 4}"
 class="chart-count">${p.count}</text>
</g>`;
}

/** The SVG chart of a report summary. */
export function outcomeChart(summary: Record<string, number>): SafeHtml {
  const parts = chartSlices(summary);
  const total = summary.total ?? 0;
  const height = TOP + parts.length * ROW;
  const label = parts.map((p) => `${p.outcome} ${p.count}`).join(', ');
  return html`<svg class="chart" role="img" viewBox="0 0 ${WIDTH} ${height}"
 width="${WIDTH}" height="${height}" xmlns="http://www.w3.org/2000/svg"
 aria-label="Outcomes: ${label}">
<title>Outcomes of ${total} tasks</title>
<text x="0" y="16" class="chart-label">all ${total} tasks</text>
${total > 0 ? stacked(parts, total) : html`<rect x="${LABEL}" y="0"
 width="${ROOM}" height="22" fill="#f1f3f5"/>`}
${parts.map((p, i) => row(p, i, total))}
</svg>`;
}
