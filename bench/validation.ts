/**
 * Benchmark of manifest validation. The figures: yaml's bare parse of the
 * files, a cold load (empty cache), a warm load (nothing changed), and the
 * peak RSS of a process that does only the cold and warm loads.
 *
 * Timings run in a child process started with --expose-gc, so earlier work
 * in the caller (and its garbage) does not skew them; the peak RSS comes
 * from a second child, so the yaml baseline does not count toward it.
 *
 * Run as a script: `node dist/bench/validation.js [DIR]` prints the figures
 * as JSON; without DIR it generates 1,000 files of 100 tasks in a temporary
 * folder and removes it afterwards.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { loadManifests } from '../src/manifest/load.js';
import { generateManifests } from './gen-manifests.js';

/** The benchmark's figures. */
export interface ValidationFigures {
  yamlParseSeconds: number;
  coldSeconds: number;
  coldVsYamlRatio: number;
  warmSeconds: number;
  peakRssMB: number;
  /**
   * The same ratio in CPU time (all threads, GC included): steadier than
   * wall time on a machine busy with other work.
   */
  coldVsYamlCpuRatio: number;
  /** Cold on the calling thread only (`threads: 1`): no worker help. */
  coldOneThreadSeconds: number;
  coldOneThreadVsYamlRatio: number;
  files: number;
  tasks: number;
}

interface TimingFigures {
  yamlParseSeconds: number;
  coldSeconds: number;
  warmSeconds: number;
  yamlCpuSeconds: number;
  coldCpuSeconds: number;
  coldOneThreadSeconds: number;
  files: number;
  tasks: number;
}

const run = promisify(execFile);
const THIS_FILE = fileURLToPath(import.meta.url);

/** Measure validation of the manifests in `dir` (generated if absent). */
export async function benchValidation(
  dir?: string,
  options: { rounds?: number } = {},
): Promise<ValidationFigures> {
  const workDir = dir ?? await mkdtemp(path.join(os.tmpdir(), 'dwm-bench-'));
  try {
    if (!dir) await generateManifests(workDir);
    const rounds = String(options.rounds ?? 2);
    const timing = await child<TimingFigures>(['--timing', workDir, rounds]);
    const memory = await child<{ peakRssMB: number }>(['--memory', workDir]);
    return {
      yamlParseSeconds: timing.yamlParseSeconds,
      coldSeconds: timing.coldSeconds,
      coldVsYamlRatio: round(timing.coldSeconds / timing.yamlParseSeconds),
      warmSeconds: timing.warmSeconds,
      peakRssMB: memory.peakRssMB,
      coldVsYamlCpuRatio: round(timing.coldCpuSeconds / timing.yamlCpuSeconds),
      coldOneThreadSeconds: timing.coldOneThreadSeconds,
      coldOneThreadVsYamlRatio:
        round(timing.coldOneThreadSeconds / timing.yamlParseSeconds),
      files: timing.files,
      tasks: timing.tasks,
    };
  } finally {
    if (!dir) await rm(workDir, { recursive: true, force: true });
  }
}

async function child<T>(args: string[]): Promise<T> {
  const { stdout } = await run(process.execPath,
    ['--expose-gc', THIS_FILE, ...args], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as T;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Wall and CPU seconds of `work`, after a full garbage collection. */
async function seconds(work: () => unknown): Promise<[number, number]> {
  collect();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await work();
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  return [wall, (used.user + used.system) / 1e6];
}

function best(a: [number, number], b: [number, number]): [number, number] {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1])];
}

/** Child: best of `rounds` for yaml and cold, then one warm load. */
async function timing(dir: string, rounds: number): Promise<TimingFigures> {
  const names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  const texts = await Promise.all(
    names.map((n) => readFile(path.join(dir, n), 'utf8')),
  );
  const cacheRoot = await mkdtemp(path.join(os.tmpdir(), 'dwm-cache-'));
  try {
    // Warm the JIT of both sides on a few files before measuring.
    for (const text of texts.slice(0, 20)) parseAllDocuments(text);
    await loadManifests(names.slice(0, 20).map((n) => path.join(dir, n)));

    let yaml: [number, number] = [Infinity, Infinity];
    let cold: [number, number] = [Infinity, Infinity];
    let cacheDir = '';
    let tasks = 0;
    for (let r = 0; r < rounds; r++) {
      yaml = best(yaml, await seconds(() => {
        for (const text of texts) parseAllDocuments(text);
      }));
      cacheDir = path.join(cacheRoot, `round-${r}`);
      cold = best(cold, await seconds(async () => {
        const result = await loadManifests([dir], { cacheDir });
        tasks = result.ok ? result.tasks.length : -1;
      }));
    }
    const [warm] = await seconds(() => loadManifests([dir], { cacheDir }));
    const oneThreadCache = path.join(cacheRoot, 'one-thread');
    const [oneThread] = await seconds(() => loadManifests([dir],
      { cacheDir: oneThreadCache, threads: 1 }));
    return {
      yamlParseSeconds: round(yaml[0]),
      coldSeconds: round(cold[0]),
      warmSeconds: round(warm),
      yamlCpuSeconds: round(yaml[1]),
      coldCpuSeconds: round(cold[1]),
      coldOneThreadSeconds: round(oneThread),
      files: names.length,
      tasks,
    };
  } finally {
    await rm(cacheRoot, { recursive: true, force: true });
  }
}

/** Child: a cold and a warm load, then the process's peak RSS. */
async function memory(dir: string): Promise<{ peakRssMB: number }> {
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'dwm-cache-'));
  try {
    await loadManifests([dir], { cacheDir });
    await loadManifests([dir], { cacheDir });
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
  // maxRSS is in kilobytes.
  return { peakRssMB: round(process.resourceUsage().maxRSS / 1024) };
}

async function main(argv: string[]): Promise<void> {
  const [mode, dir, rounds] = argv;
  if (mode === '--timing' && dir) {
    process.stdout.write(JSON.stringify(await timing(dir, Number(rounds))));
  } else if (mode === '--memory' && dir) {
    process.stdout.write(JSON.stringify(await memory(dir)));
  } else {
    const figures = await benchValidation(mode);
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === THIS_FILE) {
  await main(process.argv.slice(2));
}
