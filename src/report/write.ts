/** Write a report's files into a folder, each atomically. */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toCsv } from './csv.js';
import { toHtml } from './html.js';
import { toJunit } from './junit.js';
import { toMarkdown } from './markdown.js';
import type { Report } from './model.js';

async function writeAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, text);
  await rename(temp, path);
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
