/**
 * Scenario 6: manifest validation, measured by bench/validation.ts
 * (benchValidation). It is imported at run time so
 * that the bench still builds and runs while that module is absent; the
 * slot then says "not available".
 */
import type { BenchContext } from './context.js';
import { size } from './context.js';
import { workload } from './workload.js';

/** What benchValidation returns (the fields the bench reads). */
export interface ValidationFigures {
  yamlParseSeconds: number;
  coldSeconds: number;
  coldVsYamlRatio: number;
  warmSeconds: number;
  peakRssMB: number;
  files?: number;
  tasks?: number;
}

/** Scenario 6's slot: the figures, or why there are none. */
export type ValidationResult =
  | ({ available: true } & ValidationFigures)
  | { available: false; reason: string };

type BenchValidation = (dir?: string) => Promise<ValidationFigures>;

/** Run benchValidation on the 1,000-file set (100 files when quick). */
export async function validation(ctx: BenchContext): Promise<ValidationResult> {
  const fn = await load();
  if (typeof fn === 'string') return { available: false, reason: fn };

  const set = await workload(ctx.workDir, size(ctx,
    { files: 1000, tasksPerFile: 100 },
    { files: 100, tasksPerFile: 100 }));
  ctx.note(`validation: benchValidation on ${set.tasks} tasks`);
  return { available: true, ...(await fn(set.dir)) };
}

/** benchValidation, or the reason it cannot be used. */
async function load(): Promise<BenchValidation | string> {
  // A variable specifier keeps tsc from requiring the module at build time.
  const specifier = './validation.js';
  try {
    const mod = (await import(specifier)) as { benchValidation?: unknown };
    if (typeof mod.benchValidation === 'function') {
      return mod.benchValidation as BenchValidation;
    }
    return 'bench/validation.ts does not export benchValidation()';
  } catch (error: unknown) {
    return `bench/validation.ts not available: ${String(error)}`;
  }
}
