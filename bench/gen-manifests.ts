/**
 * Writes synthetic but realistic manifests for benchmarks: each file has
 * document defaults, a few workspaces with their own defaults, and tasks in
 * both export modes with descriptions and comments.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Size of a generated manifest set. */
export interface GenerateOptions {
  /** Number of files. Default 1000. */
  files?: number;
  /** Tasks in each file. Default 100. */
  tasksPerFile?: number;
  /** Workspaces in each file; tasks are spread over them. Default 4. */
  workspacesPerFile?: number;
  /** First projectId; each workspace gets the next one. Default 100001. */
  firstProjectId?: number;
}

/** What was written. */
export interface GeneratedSet {
  dir: string;
  files: number;
  workspaces: number;
  tasks: number;
}

const REGIONS = ['cn-hangzhou', 'cn-shanghai'];
const SUBJECTS = [
  'orders', 'payments', 'stock', 'members', 'coupons', 'deliveries',
  'stores', 'products', 'suppliers', 'campaigns', 'refunds', 'prices',
];

/** Write N files with M tasks each into `dir` (created if missing). */
export async function generateManifests(
  dir: string,
  options: GenerateOptions = {},
): Promise<GeneratedSet> {
  const files = options.files ?? 1000;
  const tasksPerFile = options.tasksPerFile ?? 100;
  const perFile = Math.max(1, options.workspacesPerFile ?? 4);
  let projectId = options.firstProjectId ?? 100001;

  await mkdir(dir, { recursive: true });
  const width = String(files).length;
  for (let f = 0; f < files; f++) {
    const text = manifestText(f, tasksPerFile, perFile, projectId);
    projectId += perFile;
    const name = `wave-${String(f).padStart(width, '0')}.yaml`;
    await writeFile(path.join(dir, name), text);
  }
  return {
    dir,
    files,
    workspaces: files * perFile,
    tasks: files * tasksPerFile,
  };
}

function manifestText(
  f: number,
  tasks: number,
  workspaces: number,
  firstId: number,
): string {
  const lines = [
    `# Generated benchmark manifest ${f}.`,
    'defaults:',
    `  region: ${REGIONS[f % REGIONS.length] ?? 'cn-hangzhou'}`,
    '  exportObjectStatus: DEPLOYED',
    '',
    'workspaces:',
  ];
  for (let w = 0; w < workspaces; w++) {
    const count = Math.floor(tasks / workspaces) +
      (w < tasks % workspaces ? 1 : 0);
    lines.push(...workspaceLines(f, w, firstId + w, count));
  }
  return `${lines.join('\n')}\n`;
}

function workspaceLines(
  f: number,
  w: number,
  projectId: number,
  count: number,
): string[] {
  const lines = [
    `  # Workspace ${w} of file ${f}.`,
    `  - projectId: ${projectId}`,
    `    label: team_${f}_${w}`,
    '    defaults:',
    '      exportMode: FULL',
    '    exports:',
  ];
  for (let t = 0; t < count; t++) {
    const subject = SUBJECTS[t % SUBJECTS.length] ?? 'data';
    lines.push(`      - name: ${subject}_${t}`);
    if (t % 3 === 0) {
      const month = String(1 + (t % 9)).padStart(2, '0');
      lines.push('        exportMode: INCREMENTAL');
      lines.push(`        incrementalSince: 2025-${month}-01T00:00:00+08:00`);
    } else if (t % 3 === 1) {
      lines.push('        exportObjectStatus: SUBMITTED');
    }
    lines.push(`        description: Nightly ${subject} pipeline ${t}`);
  }
  return lines;
}
