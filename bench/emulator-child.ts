/**
 * Child process that runs one emulator for the bench and summarises its
 * request log and tasks on request, so that the big arrays never cross
 * the IPC channel and the emulator's CPU is not the runner's.
 *
 * Requests: `{start: EmulatorOptions}` → `{url}`; `{stats: true}` →
 * EmulatorStats; `{taskIds: true}` → TaskIds; `{close: true}` → `{}`.
 */
import {
  startEmulator,
  type EmulatorOptions,
  type RequestRecord,
  type RunningEmulator,
} from '../src/emulator/server.js';
import { serve } from './child-process.js';

/** What the bench reads off an emulator after a run. */
export interface EmulatorStats {
  /** CreateExportMigration calls received, by outcome. */
  createCalls: number;
  createOk: number;
  /** Answered 429. */
  createThrottled: number;
  /** Any other error, or no response sent. */
  createOtherErrors: number;
  readCalls: number;
  readThrottled: number;
  /** Arrival of the first and last successful create, epoch ms. */
  firstCreateMs: number | null;
  lastCreateMs: number | null;
  /** Successful creates per second over the whole run. */
  createRate: number;
  /** The same over the second half of the successful creates. */
  secondHalfRate: number;
  /** Most successful creates that arrived within one second. */
  maxInOneSecond: number;
  /**
   * Shortest time from a successful create to the one `writeQps` calls
   * later, as the request log has their arrivals: under 1,000 ms the
   * service saw more calls in a second than its limit. Null without a
   * write limit below 1,000 QPS.
   */
  tightestSpanMs: number | null;
  /**
   * For each create answered 429: ms from the arrival of the successful
   * create `writeQps` places before it to its own arrival. At 1,000 or
   * more, the call was refused although it arrived within the limit.
   */
  throttledSpansMs: number[];
  /** Tasks held, and names held by more than one task of a workspace. */
  tasks: number;
  duplicates: number;
  /** Error codes seen on create calls, with counts. */
  createCodes: Record<string, number>;
  /** Per second from the first create call: successes and 429s. */
  perSecond: { ok: number[]; throttled: number[] };
}

/** Every task held: [projectId, name, id], IDs as strings. */
export type TaskIds = [string, string, string][];

let emulator: RunningEmulator | null = null;
let writeQps: number | undefined;

serve(async (request) => {
  const r = request as {
    start?: EmulatorOptions;
    stats?: true;
    taskIds?: true;
    close?: true;
  };
  if (r.start) {
    emulator = await startEmulator(r.start);
    writeQps = r.start.writeQps;
    return { url: emulator.url };
  }
  if (!emulator) throw new Error('emulator not started');
  if (r.stats) return statsOf(emulator);
  if (r.taskIds) return taskIdsOf(emulator);
  if (r.close) {
    await emulator.close();
    emulator = null;
    return {};
  }
  throw new Error(`unknown request ${JSON.stringify(request)}`);
});

function statsOf(running: RunningEmulator): EmulatorStats {
  const log = running.requests();
  const creates = log.filter((r) => r.action === 'CreateExportMigration');
  const reads = log.filter((r) => r.action !== 'CreateExportMigration');
  const okTimes = creates
    .filter((r) => r.status === 200)
    .map((r) => Date.parse(r.time))
    .sort((a, b) => a - b);
  const migrations = running.migrations();
  return {
    createCalls: creates.length,
    createOk: okTimes.length,
    createThrottled: creates.filter((r) => r.status === 429).length,
    createOtherErrors: creates.filter(isOtherError).length,
    readCalls: reads.length,
    readThrottled: reads.filter((r) => r.status === 429).length,
    firstCreateMs: okTimes[0] ?? null,
    lastCreateMs: okTimes[okTimes.length - 1] ?? null,
    createRate: rateOf(okTimes),
    secondHalfRate: rateOf(okTimes.slice(Math.floor(okTimes.length / 2))),
    maxInOneSecond: maxInWindow(okTimes, 1_000),
    tightestSpanMs: tightestSpan(okTimes, writeQps),
    throttledSpansMs: throttledSpans(creates, writeQps),
    tasks: migrations.length,
    duplicates: duplicatesOf(migrations),
    createCodes: codesOf(creates),
    perSecond: perSecond(creates),
  };
}

function taskIdsOf(running: RunningEmulator): TaskIds {
  return running.migrations().map((m) => [m.projectId, m.name, m.id]);
}

function isOtherError(r: RequestRecord): boolean {
  return r.status !== 200 && r.status !== 429;
}

/** Calls per second between the first and the last time. */
function rateOf(times: number[]): number {
  if (times.length < 2) return 0;
  const span = (times[times.length - 1]! - times[0]!) / 1_000;
  return span > 0 ? (times.length - 1) / span : 0;
}

function maxInWindow(times: number[], windowMs: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

function tightestSpan(times: number[], qps?: number): number | null {
  if (qps === undefined || qps >= 1_000) return null;
  const calls = Math.max(1, Math.floor(qps));
  let best: number | null = null;
  for (let i = calls; i < times.length; i++) {
    const span = times[i]! - times[i - calls]!;
    if (best === null || span < best) best = span;
  }
  return best;
}

function throttledSpans(creates: RequestRecord[], qps?: number): number[] {
  if (qps === undefined || qps >= 1_000) return [];
  const calls = Math.max(1, Math.floor(qps));
  const ok: number[] = [];
  const spans: number[] = [];
  const sorted = creates
    .map((r) => ({ at: Date.parse(r.time), status: r.status }))
    .sort((a, b) => a.at - b.at);
  for (const { at, status } of sorted) {
    if (status === 200) ok.push(at);
    const before = ok[ok.length - calls];
    if (status === 429 && before !== undefined) spans.push(at - before);
  }
  return spans;
}

function duplicatesOf(
  migrations: { projectId: string; name: string }[],
): number {
  const seen = new Map<string, number>();
  for (const m of migrations) {
    const key = `${m.projectId}\u0000${m.name}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  let twice = 0;
  for (const count of seen.values()) if (count > 1) twice++;
  return twice;
}

function codesOf(records: RequestRecord[]): Record<string, number> {
  const codes: Record<string, number> = {};
  for (const r of records) {
    if (r.status === 200) continue;
    const code = r.code ?? `status-${r.status}`;
    codes[code] = (codes[code] ?? 0) + 1;
  }
  return codes;
}

function perSecond(creates: RequestRecord[]): EmulatorStats['perSecond'] {
  const ok: number[] = [];
  const throttled: number[] = [];
  const first = creates[0] ? Date.parse(creates[0].time) : 0;
  for (const r of creates) {
    const second = Math.floor((Date.parse(r.time) - first) / 1_000);
    const series = r.status === 200 ? ok : r.status === 429 ? throttled : null;
    if (!series) continue;
    while (ok.length <= second) ok.push(0);
    while (throttled.length <= second) throttled.push(0);
    series[second] = (series[second] ?? 0) + 1;
  }
  return { ok, throttled };
}
