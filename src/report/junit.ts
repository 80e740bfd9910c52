/**
 * junit.xml for CI dashboards: a test suite per workspace and a test case
 * per task. Created and existing tasks pass; failed tasks carry a
 * `failure`; tasks that never got an answer (not started, skipped,
 * unfinished) are `skipped`, so a dashboard tells "broken" from "not run".
 * A name conflict (other tasks of the same name on the server) fails no
 * case: the task exists and this run cannot settle which one is meant. It
 * shows as a `conflicts` property of the case and of its suite (a count),
 * and in the case's system-out, which dashboards print.
 */
import { escapeText, escapeXmlAttr } from './escape.js';
import { conflictCount } from './model.js';
import type { Report, ReportTask } from './model.js';

const SKIPPED = new Set(['not-started', 'skipped', 'unfinished']);

interface Suite {
  projectId: string;
  region: string;
  tasks: ReportTask[];
}

/** Attributes from pairs, each value escaped; empty values left out. */
function attrs(pairs: [string, string | number][]): string {
  return pairs
    .filter(([, v]) => v !== '')
    .map(([k, v]) => ` ${k}="${escapeXmlAttr(String(v))}"`)
    .join('');
}

function suites(tasks: readonly ReportTask[]): Suite[] {
  const byId = new Map<string, Suite>();
  for (const t of tasks) {
    const suite = byId.get(t.projectId) ??
      { projectId: t.projectId, region: '', tasks: [] };
    // Unfinished tasks carry no region; take it from a sibling.
    if (!suite.region) suite.region = t.region;
    suite.tasks.push(t);
    byId.set(t.projectId, suite);
  }
  return [...byId.values()];
}

function counts(tasks: readonly ReportTask[]) {
  return {
    tests: tasks.length,
    failures: tasks.filter((t) => t.outcome === 'failed').length,
    skipped: tasks.filter((t) => SKIPPED.has(t.outcome)).length,
  };
}

function failure(t: ReportTask): string {
  const code = t.error?.code ?? 'Failed';
  const message = t.error?.message ?? 'failed';
  const body = [
    `${code}: ${message}`,
    t.requestId ? `request ID: ${t.requestId}` : '',
    t.source ? `declared at ${t.source.file}:${t.source.line}` : '',
    `calls made: ${t.attempts}`,
    conflictLine(t),
  ].filter((line) => line !== '');
  return `      <failure${attrs([['message', message], ['type', code]])}>` +
    `${escapeText(body.join('\n'))}</failure>\n`;
}

function skipped(t: ReportTask): string {
  const why = t.outcome === 'unfinished'
    ? 'unfinished: the run ended before an answer'
    : t.outcome;
  return `      <skipped${attrs([['message', why]])}/>\n`;
}

function conflictLine(t: ReportTask): string {
  if (t.conflicts.length === 0) return '';
  return `CONFLICT: same name also on the server: ${t.conflicts.join(', ')}`;
}

function systemOut(t: ReportTask): string {
  const lines = [`${t.outcome}: task ID ${t.taskId ?? 'none'}`];
  if (t.adopted) lines.push('adopted after an unanswered call');
  if (t.conflicts.length > 0) lines.push(conflictLine(t));
  return `      <system-out>${escapeText(lines.join('\n'))}</system-out>\n`;
}

function testcase(t: ReportTask): string {
  const open = `    <testcase${attrs([
    ['classname', t.projectId],
    ['name', t.name],
    ['file', t.source?.file ?? ''],
    ['line', t.source?.line ?? ''],
  ])}>\n`;
  let body: string;
  if (t.outcome === 'failed') body = failure(t);
  else if (SKIPPED.has(t.outcome)) body = skipped(t);
  else body = systemOut(t);
  return open + caseProperties(t) + body + '    </testcase>\n';
}

/** The conflicting IDs as a property, for dashboards that list them. */
function caseProperties(t: ReportTask): string {
  if (t.conflicts.length === 0) return '';
  const prop = attrs([['name', 'conflicts'], ['value', t.conflicts.join(' ')]]);
  return `      <properties>\n        <property${prop}/>\n` +
    '      </properties>\n';
}

function testsuite(suite: Suite, report: Report): string {
  const c = counts(suite.tasks);
  const name = suite.region
    ? `${suite.projectId} (${suite.region})`
    : suite.projectId;
  return `  <testsuite${attrs([
    ['name', name],
    ['tests', c.tests],
    ['failures', c.failures],
    ['errors', 0],
    ['skipped', c.skipped],
    // The JUnit schema wants a local-style time without zone: this is UTC.
    ['timestamp', report.run.start.replace(/(\.\d+)?Z$/, '')],
  ])}>\n` +
    properties(report, conflictCount(suite.tasks)) +
    suite.tasks.map(testcase).join('') +
    '  </testsuite>\n';
}

/** Run facts as suite properties: enough to trace a red build to a run. */
function properties(report: Report, conflicts: number): string {
  const r = report.run;
  const pairs: [string, string][] = [
    ['conflicts', conflicts > 0 ? String(conflicts) : ''],
    ['runId', r.id],
    ['toolVersion', r.toolVersion],
    ['accessKeyId', r.accessKeyId],
    ['gitCommit', r.git?.commit ?? ''],
    ['stopReason', r.stopReason ?? ''],
  ];
  const lines = pairs
    .filter(([, v]) => v !== '')
    .map(([name, value]) =>
      `      <property${attrs([['name', name], ['value', value]])}/>\n`);
  return `    <properties>\n${lines.join('')}    </properties>\n`;
}

/** Seconds from start to end of the run; empty when it did not end. */
function runSeconds(report: Report): string {
  const { start, end } = report.run;
  const ms = end ? Date.parse(end) - Date.parse(start) : NaN;
  return Number.isFinite(ms) && ms >= 0 ? (ms / 1000).toFixed(3) : '';
}

/** Render the report as JUnit XML. */
export function toJunit(report: Report): string {
  const c = counts(report.tasks);
  const head = `<testsuites${attrs([
    ['name', `dwmigrate ${report.run.id}`],
    ['tests', c.tests],
    ['failures', c.failures],
    ['errors', 0],
    ['skipped', c.skipped],
    ['time', runSeconds(report)],
  ])}>\n`;
  const body = suites(report.tasks)
    .map((s) => testsuite(s, report))
    .join('');
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + head + body +
    '</testsuites>\n';
}
