/**
 * The product issue's targets as a data table, each checked against the
 * figures of a run, and the text table the bench prints.
 */

/** One checked figure. */
export interface TargetCheck {
  scenario: string;
  figure: string;
  value: number | string;
  /** e.g. ">= 0.95"; '' for figures shown without a target. */
  target: string;
  /** null: no target, or the scenario did not run. */
  pass: boolean | null;
}

type Figures = Record<string, unknown>;

type Op = '>=' | '<=' | '<' | '=' | 'show';

interface TargetRule {
  scenario: string;
  figure: string;
  op: Op;
  bound: number;
  /** Extra condition on the scenario's other figures, and its text. */
  also?: { text: string; test: (all: Figures) => boolean };
}

const PROMISE_ALL_FAILS = {
  text: ' (Promise.all: > 0)',
  test: (all: Figures) => Number(all.promiseAllFailed) > 0,
};

function rule(
  scenario: string,
  figure: string,
  op: Op,
  bound = 0,
  also?: TargetRule['also'],
): TargetRule {
  return { scenario, figure, op, bound, also };
}

/**
 * Targets from the product issues (validation's from the manifests
 * issue); 'show' rows are figures only.
 */
export const TARGETS: TargetRule[] = [
  rule('paced', 'budgetFraction', '>=', 0.95),
  rule('paced', 'throttled', '=', 0),
  rule('paced', 'failed', '=', 0),
  rule('paced', 'duplicates', '=', 0),
  rule('unknownLimit', 'limitFraction', '>=', 0.85),
  rule('unknownLimit', 'throttledShare', '<=', 0.05),
  rule('unknownLimit', 'failed', '=', 0),
  rule('baselines', 'sequentialRatio', '>=', 3),
  rule('baselines', 'oursFailed', '=', 0, PROMISE_ALL_FAILS),
  rule('baselines', 'promiseAllFailed', 'show'),
  rule('overhead', 'throughputRatio', '>=', 0.8),
  rule('overhead', 'cpuRatio', '<=', 1.25),
  rule('overhead', 'peakRssMB', 'show'),
  rule('scale', 'per10kSpread', '<=', 0.2),
  rule('scale', 'peakRssMB100k', '<', 500),
  rule('validation', 'coldVsYamlRatio', '<=', 1.3),
  rule('validation', 'warmSeconds', '<', 1),
  rule('validation', 'peakRssMB', '<', 500),
  rule('faults', 'duplicates', '=', 0),
  rule('faults', 'missing', '=', 0),
  rule('faults', 'wrongIds', '=', 0),
  rule('faults', 'failed', 'show'),
  rule('faults', 'applySeconds', 'show'),
];

function compare(op: Op, value: number, bound: number): boolean {
  switch (op) {
    case '>=': return value >= bound;
    case '<=': return value <= bound;
    case '<': return value < bound;
    case '=': return value === bound;
    case 'show': return true;
  }
}

function targetText(r: TargetRule): string {
  if (r.op === 'show') return '';
  return `${r.op} ${r.bound}${r.also?.text ?? ''}`;
}

/** Check every target against the scenarios' headline figures. */
export function checkTargets(
  scenarios: Record<string, Figures | undefined>,
): TargetCheck[] {
  return TARGETS.map((r) => {
    const figures = scenarios[r.scenario];
    const raw = figures?.[r.figure];
    const base = {
      scenario: r.scenario,
      figure: r.figure,
      target: targetText(r),
    };
    if (typeof raw !== 'number') {
      const value = figures ? String(figures.reason ?? 'n/a') : 'not run';
      return { ...base, value, pass: null };
    }
    if (r.op === 'show') return { ...base, value: raw, pass: null };
    const pass = compare(r.op, raw, r.bound) &&
      (r.also?.test(figures ?? {}) ?? true);
    return { ...base, value: raw, pass };
  });
}

/** The checks as a fixed-width text table. */
export function formatTable(checks: TargetCheck[]): string {
  const rows = [
    ['scenario', 'figure', 'value', 'target', 'result'],
    ...checks.map((c) => [
      c.scenario,
      c.figure,
      typeof c.value === 'number' ? String(c.value) : truncate(c.value, 40),
      c.target || '-',
      c.pass === null ? '-' : c.pass ? 'PASS' : 'MISS',
    ]),
  ];
  const widths = rows[0]!.map((_, i) =>
    Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string =>
    r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n');
}

/** The checks as a Markdown table, for the README. */
export function formatMarkdown(checks: TargetCheck[]): string {
  const rows = checks.map((c) => {
    const value = typeof c.value === 'number' ? String(c.value) : c.value;
    const result = c.pass === null ? '' : c.pass ? 'pass' : '**miss**';
    return `| ${c.scenario} | \`${c.figure}\` | ${value} | ` +
      `${c.target || '-'} | ${result} |`;
  });
  return ['| scenario | figure | value | target | result |',
    '|---|---|---:|---|---|', ...rows].join('\n');
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
