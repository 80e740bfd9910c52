import assert from 'node:assert/strict';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import winston from 'winston';
import { loadOrExplain } from '../../../src/cli/commands/load-manifests.js';
import { fakeContext, FIXTURES } from '../../manifest/helpers.js';

/** A fake context whose logger's entries are kept apart, as JSON. */
function withLogCapture(): { run: ReturnType<typeof fakeContext>;
  entries: () => Record<string, unknown>[]; } {
  const run = fakeContext([]);
  const lines: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  run.ctx.logger = winston.createLogger({
    format: winston.format.json(),
    transports: [new winston.transports.Stream({ stream })],
  });
  const entries = (): Record<string, unknown>[] => lines.join('')
    .split('\n').filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { run, entries };
}

describe('loadOrExplain', () => {
  it('prints the summary line and logs one error for invalid manifests',
    async () => {
      const { run, entries } = withLogCapture();
      const bad = path.join(FIXTURES, 'bad', 'secret-access-key.yaml');

      const loaded = await loadOrExplain([bad], run.ctx);
      await new Promise((resolve) => setImmediate(resolve));

      assert.equal(loaded, null);
      assert.match(run.stderr(), /\n1 error in 1 file\n/);
      assert.deepEqual(entries().map(({ level, message, errors, warnings,
        files }) => ({ level, message, errors, warnings, files })), [{
        level: 'error', message: 'manifests invalid', errors: 1,
        warnings: 0, files: 1,
      }]);
      assert.doesNotMatch(JSON.stringify(entries()), /DO-NOT-ECHO/);
    });

  it('logs nothing and prints no summary for valid manifests', async () => {
    const { run, entries } = withLogCapture();
    const good = path.join(FIXTURES, 'good', 'anchors-merge.yaml');

    const loaded = await loadOrExplain([good], run.ctx);
    await new Promise((resolve) => setImmediate(resolve));

    assert.notEqual(loaded, null);
    assert.deepEqual(entries().filter((e) => e['level'] === 'error'), []);
    assert.doesNotMatch(run.stderr(), /\d+ (error|warning)s? in /);
  });
});
