/** What every scenario gets from the bench driver. */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { EmulatorOptions } from '../src/emulator/server.js';
import { spawnEmulator, type BenchEmulator } from './emulator-process.js';
import type { SideContext } from './runner-process.js';

/** Shared settings of one bench run. */
export interface BenchContext extends SideContext {
  /** Sizes scaled down about 10x for a smoke run. */
  quick: boolean;
  /** Scratch folder (bench/work): manifests, state folders, logs. */
  workDir: string;
  /** Progress lines go here (stderr). */
  note(message: string): void;
}

/** A fresh, empty folder under the work folder. */
export async function freshDir(
  ctx: BenchContext,
  name: string,
): Promise<string> {
  const dir = path.join(ctx.workDir, 'runs', name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Run `work` against a fresh emulator child, closing it in any case. */
export async function withEmulator<T>(
  ctx: BenchContext,
  options: EmulatorOptions,
  work: (emulator: BenchEmulator) => Promise<T>,
): Promise<T> {
  const emulator = await spawnEmulator(options, ctx.logFile);
  try {
    return await work(emulator);
  } finally {
    await emulator.close();
  }
}

/** `full` normally, `quick` in a smoke run. */
export function size<T>(ctx: BenchContext, full: T, quick: T): T {
  return ctx.quick ? quick : full;
}

/** Round to `digits` decimals. */
export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
