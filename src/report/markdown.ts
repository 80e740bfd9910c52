/**
 * report.md: a summary and one table per workspace, failures first, safe
 * for names holding pipes, newlines or markup.
 */
import { dropForbidden } from './escape.js';
import { conflictCount, conflictSentence } from './model.js';
import type { Report, ReportTask } from './model.js';

/**
 * Escape text for a Markdown table cell. Control characters go too: an
 * ESC in a message would drive the terminal of whoever `cat`s the file.
 */
export function mdCell(value: string): string {
  return dropForbidden(value)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[<>&`*_~[\]]/g, (c) => `\\${c}`)
    .replace(/\r?\n|\r/g, '<br>');
}

const ORDER: Record<string, number> = {
  failed: 0,
  unfinished: 1,
  'not-started': 2,
  created: 3,
  existing: 4,
  skipped: 5,
};

/** Tasks by workspace, those with failures first, then as found. */
function byWorkspace(tasks: readonly ReportTask[]): [string, ReportTask[]][] {
  const groups = new Map<string, ReportTask[]>();
  for (const t of tasks) {
    const key = `${t.projectId} (${t.region || '?'})`;
    const list = groups.get(key) ?? [];
    list.push(t);
    groups.set(key, list);
  }
  const bad = ([, list]: [string, ReportTask[]]): number =>
    list.some((t) => t.outcome === 'failed') ? 0 : 1;
  return [...groups].sort((a, b) => bad(a) - bad(b));
}

/** The details cell: the error, then any conflict, a line each. */
function detailsCell(t: ReportTask): string {
  const lines: string[] = [];
  if (t.error) lines.push(mdCell(`${t.error.code}: ${t.error.message}`));
  if (t.conflicts.length > 0) {
    lines.push('**conflict**: same name also on the server: ' +
      mdCell(t.conflicts.join(', ')));
  }
  return lines.join('<br>');
}

function row(t: ReportTask): string {
  const source = t.source ? `${t.source.file}:${t.source.line}` : '';
  const cells = [t.name, t.outcome, t.taskId ?? '', source].map(mdCell);
  return `| ${[...cells, detailsCell(t)].join(' | ')} |`;
}

/** A warning under the summary; a duplicate name needs a person. */
function conflictNote(report: Report): string[] {
  const n = conflictCount(report.tasks);
  if (n === 0) return [];
  return ['', `**Conflicts: ${conflictSentence(n)}** ` +
    '(see "conflict" in the tables below).'];
}

function header(report: Report): string[] {
  const r = report.run;
  const lines = [
    `# dwmigrate report ${mdCell(r.id)}`,
    '',
    `- started: ${r.start}, ended: ${r.end ?? 'did not finish'}`,
    `- tool version: ${r.toolVersion}; access key: ${mdCell(r.accessKeyId)}`,
    `- endpoint: ${mdCell(r.endpoint)}`,
  ];
  if (r.stopReason) lines.push(`- stopped: ${mdCell(r.stopReason)}`);
  if (r.git) {
    lines.push(`- manifests at commit ${r.git.commit}` +
      (r.git.dirty ? ' (uncommitted changes)' : ''));
  }
  return lines;
}

/** Render the report as Markdown. */
export function toMarkdown(report: Report): string {
  const s = report.summary;
  const lines = [
    ...header(report),
    '',
    '| outcome | tasks |',
    '|---|---:|',
    ...Object.entries(s).map(([k, v]) => `| ${k} | ${v} |`),
    ...conflictNote(report),
  ];
  for (const [workspace, tasks] of byWorkspace(report.tasks)) {
    const sorted = [...tasks].sort(
      (a, b) => (ORDER[a.outcome] ?? 9) - (ORDER[b.outcome] ?? 9),
    );
    lines.push('', `## Workspace ${mdCell(workspace)}`, '');
    lines.push('| name | outcome | task ID | source | details |');
    lines.push('|---|---|---|---|---|');
    lines.push(...sorted.map(row));
  }
  return lines.join('\n') + '\n';
}
