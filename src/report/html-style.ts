/**
 * The inline stylesheet of report.html. Inline because the report must
 * open anywhere (an archive, a mail attachment) with no other file.
 */
import { OUTCOME_COLOURS } from './html-chart.js';

const BASE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e;
  --line: #d8dee4; --soft: #f6f8fa; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact;
  print-color-adjust: exact; }
body { margin: 0 auto; max-width: 1200px; padding: 32px 40px 48px;
  color: var(--fg); background: #fff;
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto,
    "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei",
    sans-serif; }
h1 { font-size: 24px; margin: 0 0 2px; }
h2 { font-size: 18px; margin: 36px 0 12px; padding-bottom: 4px;
  border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 28px 0 6px; }
p { margin: 4px 0; }
a { color: #0b57d0; }
.sub, .muted { color: var(--muted); }
.status { display: inline-block; margin-top: 14px; padding: 6px 14px;
  border: 1px solid; border-radius: 6px; font-weight: 600; }
.status.ok { color: #1b5e20; background: #e8f5e9; }
.status.warn { color: #8a4b00; background: #fff4e0; }
.status.bad { color: #b71c1c; background: #fdecea; }
.summary { display: grid; grid-template-columns: minmax(0, 3fr)
  minmax(220px, 2fr); gap: 32px; align-items: start; }
.chart { max-width: 100%; height: auto; }
.chart-label { font-size: 13px; fill: var(--fg); }
.chart-count { font-size: 13px; font-weight: 600; fill: var(--fg); }
table { width: 100%; border-collapse: collapse; margin: 6px 0 0; }
th, td { padding: 6px 8px; text-align: left; vertical-align: top;
  border-bottom: 1px solid var(--line); }
thead th { background: var(--soft); color: var(--muted); font-size: 12px;
  font-weight: 600; letter-spacing: .02em; white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas,
  "Liberation Mono", monospace; font-size: 12.5px; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.scroll { overflow-x: auto; max-width: 100%; }
.index th, .index td { white-space: nowrap; }
/* The fixed columns take 560px; the minimum width leaves Details about
   240px. Narrower, the table scrolls in its box instead of squeezing
   messages to a word per line. */
table.tasks { table-layout: fixed; min-width: 1000px; }
.c-task { width: 20%; }
.c-outcome { width: 104px; }
.c-id { width: 168px; }
.c-source { width: 232px; }
.c-calls { width: 56px; }
/* Error codes and request IDs have no break points: break them anywhere
   rather than let them run over the next column. */
.tasks td { overflow-wrap: anywhere; }
.nowrap { white-space: nowrap; }
.conflicts { margin-top: 10px; }
.detail.conflict { font-weight: 600; }
.meta { display: grid; grid-template-columns: max-content minmax(0, 1fr);
  gap: 6px 24px; margin: 0; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; overflow-wrap: break-word; }
h3 .sep { color: var(--line); margin: 0 6px; }
.cols { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr));
  gap: 8px 32px; }
.badge { display: inline-block; padding: 0 8px; border: 1px solid;
  border-radius: 10px; font-size: 12px; font-weight: 600;
  white-space: nowrap; }
.detail { margin: 0; }
.detail + .detail { margin-top: 4px; }
tr.row-failed td { background: #fff7f7; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media (max-width: 800px) {
  body { padding: 16px; }
  .summary, .cols { grid-template-columns: minmax(0, 1fr); }
}
@media (max-width: 480px) {
  body { padding: 12px; font-size: 13px; }
  h1 { font-size: 20px; }
  th, td { padding: 5px 6px; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2, h3 { break-after: avoid; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
  table.tasks { min-width: 0; }
  a { color: inherit; text-decoration: none; }
}
`;

/** Badge colours, derived from the chart's so both always agree. */
function badges(): string {
  return Object.entries(OUTCOME_COLOURS)
    .map(([outcome, colour]) =>
      `.o-${outcome} { color: ${colour}; background: ${colour}14; }`)
    .join('\n');
}

/** The whole stylesheet. */
export function stylesheet(): string {
  return BASE + badges() + '\n';
}
