/**
 * The manifest stage: find the files, read them, check each one (or take
 * its cached outcome), run the cross-file rules, and hand back either the
 * tasks or every problem found, never half of each.
 */
import path from 'node:path';
import type { Logger } from 'winston';
import { messageOf } from '../errors.js';
import { assemble } from './assemble.js';
import { ValidationCache } from './cache.js';
import { checkMany, threadCount, type CheckJob } from './check-pool.js';
import { compareDiagnostics } from './diagnostics.js';
import { findManifestFiles, type FoundFile } from './find-files.js';
import type { LoadedFile } from './model.js';
import { readManifestFile } from './read-file.js';
import { checkAcrossFiles } from './rules/index.js';
import { maskSecretText } from './mask.js';
import { isSecretKey } from './secrets.js';
import type { Diagnostic, LoadResult, ManifestFile } from './types.js';

/** Options of loadManifests. */
export interface LoadOptions {
  /** Folder that relative paths start from. Default: process.cwd(). */
  cwd?: string;
  /**
   * Folder of the validation cache, relative to `cwd`, e.g.
   * `.dwmigrate/cache`. Default: no cache.
   */
  cacheDir?: string;
  /** "Now" for SINCE_IN_FUTURE, epoch ms. Default: Date.now(). */
  now?: number;
  /** Gets debug notes: cache use, internal errors with their stack. */
  logger?: Logger;
  /**
   * Threads that check files: 1 checks on the calling thread. Default: up
   * to 4 (one per core) from 64 files to check on, else 1.
   */
  threads?: number;
}

/** Load, validate and normalise every manifest under the given paths. */
export async function loadManifests(
  paths: string[],
  options: LoadOptions = {},
): Promise<LoadResult> {
  const cwd = options.cwd ?? process.cwd();
  const found = await findManifestFiles(paths, cwd);
  const cache = options.cacheDir
    ? await ValidationCache.open(path.resolve(cwd, options.cacheDir))
    : ValidationCache.disabled();
  if (cache.problem) {
    options.logger?.debug('validation cache ignored', {
      reason: cache.problem,
    });
  }

  const diagnostics: Diagnostic[] = [...found.diagnostics];
  const { files, slots, jobs } = readAll(found.files, cache, diagnostics);
  const texts = await checkJobs(jobs, slots, cache, options);

  const loaded = slots.filter((f): f is LoadedFile => f !== undefined);
  for (const file of loaded) diagnostics.push(...file.diagnostics);
  diagnostics.push(...checkAcrossFiles(loaded, options.now ?? Date.now()));
  await saveCache(cache, options.logger);

  const final = (await withSnippets(unique(diagnostics), texts, found.files))
    .sort(compareDiagnostics);
  if (final.some((d) => d.severity === 'error')) {
    return { ok: false, files, diagnostics: final };
  }
  return { ok: true, files, ...assemble(loaded), diagnostics: final };
}

/** A file to check, and where its outcome goes. */
type Job = CheckJob & { slot: number; sha256: string };

/**
 * Read every file and take what the cache knows. `slots` keeps file order:
 * cached outcomes now, the others once checked.
 */
function readAll(
  found: readonly FoundFile[],
  cache: ValidationCache,
  diagnostics: Diagnostic[],
): { files: ManifestFile[]; slots: (LoadedFile | undefined)[]; jobs: Job[] } {
  const files: ManifestFile[] = [];
  const slots: (LoadedFile | undefined)[] = [];
  const jobs: Job[] = [];
  for (const file of found) {
    const read = readManifestFile(file.absolute, file.display);
    if (read.sha256) files.push({ path: file.display, sha256: read.sha256 });
    if (!read.ok) {
      diagnostics.push(read.problem);
      continue;
    }
    const cached = cache.get(read.sha256, file.display);
    if (!cached) {
      jobs.push({ text: read.text, file: file.display, slot: slots.length,
        sha256: read.sha256 });
    }
    slots.push(cached ? { file: file.display, ...cached } : undefined);
  }
  return { files, slots, jobs };
}

/**
 * Check the files the cache did not know, fill their slots and the cache.
 * Returns the texts of files with diagnostics, for snippets: keeping every
 * text would cost memory.
 */
async function checkJobs(
  jobs: readonly Job[],
  slots: (LoadedFile | undefined)[],
  cache: ValidationCache,
  options: LoadOptions,
): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const threads = threadCount(jobs.length, options.threads);
  const checked = await checkMany(jobs, threads, (error) =>
    options.logger?.warn('check worker failed', { error: messageOf(error) }));
  checked.forEach(({ outcome, stack }, i) => {
    const job = jobs[i] as Job;
    // A bug's outcome is not cached: the next run tries again.
    if (stack) {
      options.logger?.debug('manifest check failed', { file: job.file, stack });
    } else {
      cache.set(job.sha256, job.file, outcome);
    }
    slots[job.slot] = { file: job.file, ...outcome };
    if (outcome.diagnostics.length > 0) texts.set(job.file, job.text);
  });
  return texts;
}

/** A cache that cannot be written slows the next run; it fails nothing. */
async function saveCache(
  cache: ValidationCache,
  logger: Logger | undefined,
): Promise<void> {
  try {
    await cache.save();
  } catch (error: unknown) {
    logger?.warn('validation cache not written', { error: messageOf(error) });
  }
}

// A `key:` on one line, block or flow style, quoted or not.
const KEY = /(["']?)([A-Za-z_][\w.-]*)\1\s*:[ \t]*/g;

/**
 * A source line with the values of secret-looking keys starred out, by the
 * line alone: a second net under maskSecretText for text yaml cannot read.
 * Without a parse, where a value ends is unknown (quotes, brackets, ` #`),
 * so all of the line after a secret key is starred.
 */
export function maskSecret(line: string): string {
  for (const m of line.matchAll(KEY)) {
    const key = m[2] ?? '';
    if (!isSecretKey(key)) continue;
    const from = (m.index ?? 0) + m[0].length;
    return line.slice(0, from) + line.slice(from).replace(/\S/g, '*');
  }
  return line;
}

/** Drop exact repeats (one defaults block can trip a rule many times). */
function unique(diags: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diags.filter((d) => {
    const key = [d.code, d.file, d.line, d.column, d.path, d.message]
      .join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Copies of the diagnostics with the source line they point at. A file
 * whose own check found nothing (a cross-file rule flagged it) is read again.
 */
async function withSnippets(
  diags: readonly Diagnostic[],
  texts: Map<string, string>,
  files: readonly FoundFile[],
): Promise<Diagnostic[]> {
  for (const d of diags) {
    if (d.line < 1 || texts.has(d.file)) continue;
    const file = files.find((f) => f.display === d.file);
    const read = file && readManifestFile(file.absolute, file.display);
    if (read?.ok) texts.set(d.file, read.text);
  }

  const lines = new Map<string, string[]>();
  return diags.map((d) => {
    const text = texts.get(d.file);
    if (d.line < 1 || text === undefined) return { ...d };
    let split = lines.get(d.file);
    if (!split) {
      // Star secrets on the whole text: a value may span lines.
      split = maskSecretText(text).split('\n');
      lines.set(d.file, split);
    }
    const line = split[d.line - 1];
    if (line === undefined) return { ...d };
    return { ...d, snippet: maskSecret(line.replace(/\r$/, '')) };
  });
}
