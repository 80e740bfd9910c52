/**
 * The validation cache: what each file says on its own (FileOutcome), keyed
 * by the SHA-256 of its bytes. The cache's version is a hash of the schema
 * and of the manifest stage's own compiled code, so a new rule or schema
 * empties it; no hand-kept version number can be forgotten.
 *
 * Safety: an entry is used only for the exact bytes it was made from, and
 * holds the diagnostics those bytes produced, errors included. Cross-file
 * and clock-dependent rules are never cached. A missing, unreadable or
 * foreign cache file is an empty cache.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { messageOf } from '../errors.js';
import {
  decodeOutcome,
  encodeOutcome,
  type EncodedOutcome,
} from './cache-codec.js';
import type { FileOutcome } from './model.js';
import { schemaSource } from './schema.js';

/** Name of the cache file inside the cache folder. */
export const CACHE_FILE = 'validate.json';

interface Entry {
  /** The file name the diagnostics were made with. */
  file: string;
  outcome: EncodedOutcome;
}

/** A fresh outcome, encoded only when saved: no second copy meanwhile. */
interface FreshEntry {
  file: string;
  fresh: FileOutcome;
}

interface CacheContent {
  version: string;
  entries: Record<string, Entry>;
}

let version: string | undefined;

/** Hash of the schema and of every module of the manifest stage. */
export function cacheVersion(): string {
  if (version) return version;
  const hash = createHash('sha256').update(schemaSource());
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const file of codeFiles(here)) hash.update(readFileSync(file));
  version = hash.digest('hex');
  return version;
}

function codeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...codeFiles(full));
    else if (entry.name.endsWith('.js')) out.push(full);
  }
  return out.sort();
}

/** A cache opened for one load; `save` writes back the entries used. */
export class ValidationCache {
  private readonly used: Record<string, Entry | FreshEntry> = {};
  private changed = false;

  private constructor(
    private readonly file: string | undefined,
    private readonly old: Record<string, Entry>,
    /** Why the cache file could not be read, if it could not. */
    readonly problem?: string,
  ) {}

  /** A cache that stores nothing. */
  static disabled(): ValidationCache {
    return new ValidationCache(undefined, {});
  }

  /** Open the cache in `dir`; a bad cache file means an empty cache. */
  static async open(dir: string): Promise<ValidationCache> {
    const file = path.join(dir, CACHE_FILE);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error: unknown) {
      const missing = (error as { code?: unknown }).code === 'ENOENT';
      return new ValidationCache(file, {},
        missing ? undefined : messageOf(error));
    }
    const content = parseContent(text);
    if (!content) return new ValidationCache(file, {}, 'unreadable content');
    return new ValidationCache(file, content.entries);
  }

  /** The outcome stored for these bytes, renamed to `file`. */
  get(sha256: string, file: string): FileOutcome | undefined {
    const entry = this.old[sha256] ?? this.used[sha256];
    if (!entry) return undefined;
    this.used[sha256] = entry;
    const outcome = 'fresh' in entry ? entry.fresh
      : decodeOutcome(entry.outcome);
    return entry.file === file ? outcome
      : relocate(outcome, entry.file, file);
  }

  /**
   * Remember the outcome of freshly checked bytes. A file that holds a
   * credential is never cached: its values (a description that is also
   * aliased under a secret key, say) must not be copied anywhere.
   */
  set(sha256: string, file: string, outcome: FileOutcome): void {
    if (!this.file) return;
    if (holdsSecret(outcome)) return;
    this.used[sha256] = { file, fresh: outcome };
    this.changed = true;
  }

  /** Write the entries used by this load, if any changed. */
  async save(): Promise<void> {
    if (!this.file) return;
    const stale = Object.keys(this.old).some((k) => !(k in this.used));
    if (!this.changed && !stale) return;

    await mkdir(path.dirname(this.file), { recursive: true });
    // Write then rename: a reader never sees half a file.
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, this.serialise());
      await rename(temporary, this.file);
    } catch (error: unknown) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  /**
   * The cache file's text, produced entry by entry: encoding and
   * stringifying everything at once would hold two more copies of every
   * task in memory at the end of a cold run.
   */
  private *serialise(): Generator<string> {
    const head: Omit<CacheContent, 'entries'> = { version: cacheVersion() };
    let chunk = `${JSON.stringify(head).slice(0, -1)},"entries":{`;
    let first = true;
    for (const [sha256, entry] of Object.entries(this.used)) {
      const stored: Entry = 'fresh' in entry
        ? { file: entry.file, outcome: encodeOutcome(entry.fresh) }
        : entry;
      chunk += `${first ? '' : ','}${JSON.stringify(sha256)}:` +
        JSON.stringify(stored);
      first = false;
      // About a megabyte per write: few system calls, little memory.
      if (chunk.length > 1 << 20) {
        yield chunk;
        chunk = '';
      }
    }
    yield `${chunk}}}`;
  }
}

function parseContent(text: string): CacheContent | undefined {
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch {
    // A truncated or hand-edited cache is simply not used.
    return undefined;
  }
  if (typeof content !== 'object' || content === null) return undefined;
  const { version: v, entries } = content as Partial<CacheContent>;
  if (v !== cacheVersion()) return undefined;
  if (typeof entries !== 'object' || entries === null) return undefined;
  return { version: v, entries };
}

/** The same outcome with diagnostics naming the file `to`. */
function relocate(outcome: FileOutcome, from: string, to: string): FileOutcome {
  return {
    ...outcome,
    diagnostics: outcome.diagnostics.map((d) => ({
      ...d,
      file: d.file === from ? to : d.file,
      message: d.message.split(`${from}:`).join(`${to}:`),
      related: d.related?.map((r) =>
        (r.file === from ? { ...r, file: to } : r)),
    })),
  };
}

function holdsSecret(outcome: FileOutcome): boolean {
  return outcome.diagnostics.some((d) => d.code === 'SECRET_IN_MANIFEST');
}
