/**
 * What one measured side (a runner child) is asked to do, and the figures
 * it answers with. A side loads the manifests first, outside the timed
 * part, so that every side starts from the same task list in memory.
 */

/** Our runner: plan and/or apply() of src/run/apply.ts, then a report. */
export interface OursSpec {
  mode: 'ours';
  manifestDir: string;
  endpoint: string;
  stateDir: string;
  concurrency: number;
  perWorkspace: number;
  /** Write and read budgets given to the runner. */
  qps: number;
  readQps: number;
  /** Run planAll (as `dwmigrate plan`) before apply. */
  plan: boolean;
  /** Run apply. */
  apply: boolean;
  /** Build and write the report into this folder after apply. */
  reportDir?: string;
}

/**
 * The raw client library, no runner: `workers` loops sharing one task
 * list (`bare`), one call per task all at once (`promise-all`), or one
 * call at a time (`sequential`).
 */
export interface RawSpec {
  mode: 'bare' | 'promise-all' | 'sequential';
  manifestDir: string;
  endpoint: string;
  /** bare: loops in parallel. */
  workers?: number;
  /** Stop after this many tasks (a time-boxed sample). */
  maxTasks?: number;
  /** Stop starting calls after this long. */
  timeBoxMs?: number;
}

export type SideSpec = OursSpec | RawSpec;

/** Figures of one side. */
export interface SideFigures {
  mode: SideSpec['mode'];
  /** Tasks in the manifests, and tasks attempted. */
  tasks: number;
  attempted: number;
  loadSeconds: number;
  planSeconds: number;
  /** Apply (ours) or the call loop (raw). */
  runSeconds: number;
  reportSeconds: number;
  /** Tasks created (ours: created + existing). */
  ok: number;
  failed: number;
  /** ours: outcomes as the runner counts them. */
  outcomes: Record<string, number>;
  /** raw: error codes with counts. */
  errorCodes: Record<string, number>;
  /** CPU (user + system) of this process during plan, run, in all; ms. */
  cpuPlanMs: number;
  cpuRunMs: number;
  cpuTotalMs: number;
  /** Peak RSS of this process, and RSS right after loading; MB. */
  maxRssMB: number;
  rssAfterLoadMB: number;
  /** ours: peak RSS when plan ended and when apply ended (before report). */
  maxRssAfterPlanMB?: number;
  maxRssAfterApplyMB?: number;
  exitCode?: number;
}
