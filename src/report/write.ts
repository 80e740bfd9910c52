/** Write a report's files into a folder, each atomically. */
import { mkdir, open, rename } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { toCsv } from './csv.js';
import { toHtml } from './html.js';
import { toJunit } from './junit.js';
import { toMarkdown } from './markdown.js';
import type { Report } from './model.js';

/**
 * Characters per write. Writing a large report in slices keeps its
 * encoded copy small: one write of a 50 MB string would first encode it
 * into a 50 MB buffer beside the string.
 */
const SLICE = 1 << 20;

async function writeAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  const file = await open(temp, 'w');
  try {
    for (let at = 0; at < text.length;) {
      const end = sliceEnd(text, at);
      await writeAll(file, Buffer.from(text.slice(at, end)));
      at = end;
    }
  } finally {
    await file.close();
  }
  await rename(temp, path);
}

/** Where the slice from `at` ends, never between a surrogate pair. */
function sliceEnd(text: string, at: number): number {
  const end = Math.min(text.length, at + SLICE);
  const last = text.charCodeAt(end - 1);
  const splitsPair = end < text.length && last >= 0xd800 && last <= 0xdbff;
  return splitsPair ? end - 1 : end;
}

async function writeAll(file: FileHandle, buffer: Buffer): Promise<void> {
  let done = 0;
  while (done < buffer.length) {
    const { bytesWritten } = await file.write(buffer, done);
    done += bytesWritten;
  }
}

/**
 * Write report.json, report.csv, report.md, report.html and junit.xml;
 * returns their paths in that order. Each file is rendered just before it
 * is written, so that only one of them is in memory at a time (at 100,000
 * tasks each is tens of MB).
 */
export async function writeReport(
  report: Report,
  outDir: string,
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const files: [string, (r: Report) => string][] = [
    ['report.json', (r) => JSON.stringify(r, null, 2) + '\n'],
    ['report.csv', toCsv],
    ['report.md', toMarkdown],
    ['report.html', toHtml],
    ['junit.xml', toJunit],
  ];
  for (const [name, render] of files) {
    await writeAtomic(join(outDir, name), render(report));
  }
  return files.map(([name]) => join(outDir, name));
}
