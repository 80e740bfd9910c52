/** Helpers shared by the sides of a runner child. */
import { loadManifests } from '../src/manifest/load.js';
import type {
  ExportTask,
  ManifestFile,
  Workspace,
} from '../src/manifest/types.js';

/** Manifests loaded for a side, with how long that took. */
export interface LoadedTasks {
  workspaces: Workspace[];
  list: ExportTask[];
  files: ManifestFile[];
  tasks: number;
  seconds: number;
}

/** Load a manifest folder; any error diagnostic is a bench bug. */
export async function loadTasks(dir: string): Promise<LoadedTasks> {
  const start = performance.now();
  const result = await loadManifests([dir]);
  const seconds = (performance.now() - start) / 1_000;
  if (!result.ok) {
    const first = result.diagnostics[0];
    throw new Error(`bench manifests in ${dir} are invalid: ` +
      `${first?.code} ${first?.message} ` +
      `(${result.diagnostics.length} problems)`);
  }
  return {
    workspaces: result.workspaces,
    list: result.tasks,
    files: result.files,
    tasks: result.tasks.length,
    seconds,
  };
}

/** A piece of work with its wall time and this process's CPU time. */
export async function timed<T>(
  work: () => Promise<T>,
): Promise<{ value: T; seconds: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await work();
  return {
    value,
    seconds: (performance.now() - start) / 1_000,
    cpuMs: cpuMs(process.cpuUsage(cpu)),
  };
}

/** User plus system time of a cpuUsage() figure, in ms. */
export function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1_000;
}

/** Bytes to MB, one decimal. */
export function megabytes(bytes: number): number {
  return Math.round(bytes / 1024 / 1024 * 10) / 10;
}
