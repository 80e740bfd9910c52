import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildReport } from '../../src/report/model.js';
import type { Report } from '../../src/report/model.js';
import { writeReport } from '../../src/report/write.js';
import { finishedRun } from './journal-fixture.js';

describe('writeReport', () => {
  it('keeps text beyond the BMP whole across its write slices',
    async () => {
      // With one prefix or the other, a slice boundary falls between
      // the two halves of a surrogate pair.
      const names = ['x', 'xx'].map((p) => `${p}${'🚚'.repeat(700_000)}`);
      const texts: string[] = [];

      for (const name of names) {
        const report = buildReport(finishedRun()) as Report;
        report.tasks[0]!.name = name;
        const dir = await mkdtemp(join(tmpdir(), 'dwm-write-'));
        await writeReport(report, dir);
        texts.push(await readFile(join(dir, 'report.json'), 'utf8'));
      }

      for (const [k, text] of texts.entries()) {
        assert.ok(!text.includes('\ufffd'));
        const written = JSON.parse(text) as Report;
        assert.equal(written.tasks[0]!.name, names[k]);
      }
    });
});
