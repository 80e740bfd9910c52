/**
 * Manifest sets for the bench, written with the manifest generator
 * (gen-manifests.ts, also used by the tests) and kept under bench/work
 * between runs.
 *
 * The generator alternates two regions between files; the bench rewrites
 * every file to one region, because the service (and the emulator)
 * counts its limits per account *and region*: with two regions a "20 QPS"
 * emulator would really allow 40 and the runner would pace two budgets.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateManifests } from './gen-manifests.js';

/** The region every bench workspace lives in. */
export const BENCH_REGION = 'cn-hangzhou';
const FIRST_PROJECT_ID = 100001;
const WORKSPACES_PER_FILE = 4;

/** A written manifest set. */
export interface Workload {
  dir: string;
  tasks: number;
  workspaces: { projectId: string; region: string }[];
}

/** Size of a set: 4 workspaces per file, tasks spread evenly over them. */
export interface WorkloadSize {
  files: number;
  tasksPerFile: number;
}

/** The set of this size in `root`, written unless already there. */
export async function workload(
  root: string,
  { files, tasksPerFile }: WorkloadSize,
): Promise<Workload> {
  const dir = path.join(root, `manifests-${files}x${tasksPerFile}`);
  const marker = path.join(dir, '.complete');
  if (!(await exists(marker))) {
    await rm(dir, { recursive: true, force: true });
    await generateManifests(dir, {
      files,
      tasksPerFile,
      workspacesPerFile: WORKSPACES_PER_FILE,
      firstProjectId: FIRST_PROJECT_ID,
    });
    await oneRegion(dir);
    await writeFile(marker, '');
  }
  return {
    dir,
    tasks: files * tasksPerFile,
    workspaces: workspaceList(files * WORKSPACES_PER_FILE),
  };
}

function workspaceList(count: number): Workload['workspaces'] {
  return Array.from({ length: count }, (_, i) => ({
    projectId: String(FIRST_PROJECT_ID + i),
    region: BENCH_REGION,
  }));
}

async function oneRegion(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.yaml')) continue;
    const file = path.join(dir, name);
    const text = await readFile(file, 'utf8');
    const one = text.replace(/^(\s*region:\s*)\S+/gm, `$1${BENCH_REGION}`);
    await writeFile(file, one);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await readFile(file);
    return true;
  } catch {
    // Absent (or unreadable): regenerate.
    return false;
  }
}

/** Make sure a folder exists; returns it. */
export async function ensureDir(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return dir;
}
