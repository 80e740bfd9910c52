/**
 * Scenario 4: the runner's own cost. No budget on either side (emulator
 * and runner allow a million calls per second) and no latency, 20,000
 * tasks: our runner against a bare loop of the client library with the
 * same number of calls in flight. Each side runs in its own process on a
 * fresh emulator; CPU is that process's own, measured over the create
 * phase only (manifest loading is done before and not counted).
 *
 * Rounds alternate the sides (ours, bare, ours, bare) and the best of each
 * is kept, to damp the noise of a shared 2-core machine.
 */
import {
  type BenchContext,
  freshDir,
  round,
  size,
  withEmulator,
} from './context.js';
import { runSide } from './runner-process.js';
import type { SideFigures, SideSpec } from './side-spec.js';
import { workload, type Workload } from './workload.js';

/** Calls per second no one reaches. */
export const UNLIMITED_QPS = 1_000_000;
const CONCURRENCY = 16;

/** One side's best figures. */
export interface SideBest {
  tasks: number;
  /** Tasks created per second of the create phase. */
  throughput: number;
  /** CPU of the side's process per created task, ms. */
  cpuPerTaskMs: number;
  peakRssMB: number;
  failed: number;
  seconds: number;
}

/** Scenario 4's figures. */
export interface OverheadResult {
  ours: SideBest;
  bare: SideBest;
  /** Ours with --per-workspace equal to --concurrency (diagnostic). */
  oursPerWorkspace16?: SideBest;
  throughputRatio: number;
  cpuRatio: number;
  peakRssMB: number;
  bareRssMB: number;
}

/** Run both sides, alternating, and compare their best rounds. */
export async function overhead(ctx: BenchContext): Promise<OverheadResult> {
  const set = await workload(ctx.workDir, size(ctx,
    { files: 200, tasksPerFile: 100 },
    { files: 20, tasksPerFile: 100 }));
  const rounds = size(ctx, 2, 1);
  const ours: SideFigures[] = [];
  const bare: SideFigures[] = [];
  for (let r = 0; r < rounds; r++) {
    ours.push(await oneSide(ctx, set, `overhead-ours-${r}`, 4));
    bare.push(await oneSide(ctx, set, `overhead-bare-${r}`, 0));
  }
  const diagnostic = await oneSide(ctx, set, 'overhead-ours-pw16', CONCURRENCY);
  const o = best(ours);
  const b = best(bare);
  return {
    ours: o,
    bare: b,
    oursPerWorkspace16: best([diagnostic]),
    throughputRatio: round(o.throughput / b.throughput),
    cpuRatio: round(o.cpuPerTaskMs / b.cpuPerTaskMs),
    peakRssMB: o.peakRssMB,
    bareRssMB: b.peakRssMB,
  };
}

/** perWorkspace 0 = the bare loop. */
async function oneSide(
  ctx: BenchContext,
  set: Workload,
  name: string,
  perWorkspace: number,
): Promise<SideFigures> {
  ctx.note(`overhead: ${name}, ${set.tasks} tasks`);
  const stateDir = await freshDir(ctx, `${name}-state`);
  return withEmulator(ctx, {
    writeQps: UNLIMITED_QPS,
    readQps: UNLIMITED_QPS,
    duplicateNames: 'allow',
    workspaces: set.workspaces,
  }, (emulator) => {
    const spec: SideSpec = perWorkspace === 0
      ? {
        mode: 'bare',
        manifestDir: set.dir,
        endpoint: emulator.url,
        workers: CONCURRENCY,
      }
      : {
        mode: 'ours',
        manifestDir: set.dir,
        endpoint: emulator.url,
        stateDir,
        concurrency: CONCURRENCY,
        perWorkspace,
        qps: UNLIMITED_QPS,
        readQps: UNLIMITED_QPS,
        plan: false,
        apply: true,
      };
    return runSide(spec, ctx, 15 * 60_000);
  });
}

function best(sides: SideFigures[]): SideBest {
  const figures = sides.map((s): SideBest => {
    const created = s.mode === 'ours' ? (s.outcomes.created ?? 0) : s.ok;
    return {
      tasks: s.tasks,
      throughput: round(created / s.runSeconds, 1),
      cpuPerTaskMs: round(s.cpuRunMs / Math.max(1, created), 4),
      peakRssMB: s.maxRssMB,
      failed: s.failed,
      seconds: round(s.runSeconds),
    };
  });
  return figures.reduce((a, b) => ({
    tasks: a.tasks,
    throughput: Math.max(a.throughput, b.throughput),
    cpuPerTaskMs: Math.min(a.cpuPerTaskMs, b.cpuPerTaskMs),
    peakRssMB: Math.max(a.peakRssMB, b.peakRssMB),
    failed: Math.max(a.failed, b.failed),
    seconds: Math.min(a.seconds, b.seconds),
  }));
}
