/**
 * What the end-to-end tests share: manifests written to a temp folder,
 * the built CLI run as a child process, and an emulator in this process.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEMO_ACCESS_KEY_ID,
  DEMO_ACCESS_KEY_SECRET,
  startEmulator,
} from '../../src/emulator/server.js';
import type {
  EmulatorOptions,
  RunningEmulator,
} from '../../src/emulator/server.js';

/** The built CLI, from dist/test/e2e/harness.js. */
export const CLI = fileURLToPath(
  new URL('../../src/bin/dwmigrate.js', import.meta.url),
);

export async function tempDir(prefix = 'dwmigrate-e2e-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export interface ManifestShape {
  workspaces: number;
  tasksPerWorkspace: number;
  firstProjectId?: bigint;
  region?: string;
}

/** Workspaces as the manifests declare them, for the emulator's config. */
export function workspaceIds(shape: ManifestShape): string[] {
  const first = shape.firstProjectId ?? 30001n;
  return Array.from({ length: shape.workspaces }, (_, i) =>
    String(first + BigInt(i)));
}

/** Write one manifest file with the given shape; returns its path. */
export async function writeManifest(
  dir: string,
  shape: ManifestShape,
): Promise<string> {
  const region = shape.region ?? 'cn-hangzhou';
  const lines = ['defaults:', '  exportMode: FULL', 'workspaces:'];
  for (const id of workspaceIds(shape)) {
    lines.push(`  - projectId: ${id}`, `    region: ${region}`, '    exports:');
    for (let t = 0; t < shape.tasksPerWorkspace; t++) {
      lines.push(`      - name: export_${id}_${String(t).padStart(4, '0')}`);
      if (t % 3 === 0) {
        lines.push('        exportMode: INCREMENTAL');
        lines.push("        incrementalSince: '2025-06-01T00:00:00+08:00'");
      }
    }
  }
  const path = join(dir, 'manifest.yaml');
  await writeFile(path, lines.join('\n') + '\n');
  return path;
}

/** Start an emulator that knows the manifests' workspaces. */
export function emulatorFor(
  shape: ManifestShape,
  options: EmulatorOptions = {},
): Promise<RunningEmulator> {
  const region = shape.region ?? 'cn-hangzhou';
  return startEmulator({
    ...options,
    workspaces: workspaceIds(shape).map((projectId) => ({ projectId, region })),
  });
}

export const DEMO_ENV = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: DEMO_ACCESS_KEY_ID,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEMO_ACCESS_KEY_SECRET,
};

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Start the CLI as a process with the demo key pair. */
export function spawnCli(
  args: string[],
  env: Record<string, string> = {},
  cwd?: string,
): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), ...DEMO_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Collect a process's output and exit. */
export function finished(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => {
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout, stderr }));
  });
}

/** Run the CLI to the end. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  cwd?: string,
): Promise<CliResult> {
  return finished(spawnCli(args, env, cwd));
}

export interface ReportJson {
  run: Record<string, unknown>;
  summary: Record<string, number>;
  tasks: {
    projectId: string;
    name: string;
    taskId: string | null;
    outcome: string;
    source: { file: string; line: number } | null;
  }[];
}

/** Read report.json from a report folder. */
export async function readReport(outDir: string): Promise<ReportJson> {
  return JSON.parse(
    await readFile(join(outDir, 'report.json'), 'utf8'),
  ) as ReportJson;
}

/** Names that occur more than once per workspace on the emulator. */
export function duplicatesOn(emulator: RunningEmulator): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const m of emulator.migrations()) {
    const key = `${m.projectId}/${m.name}`;
    if (seen.has(key)) twice.push(key);
    seen.add(key);
  }
  return twice;
}
