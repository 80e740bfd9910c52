import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { emulatorCommand } from '../../src/cli/commands/emulator.js';
import type { CommandContext } from '../../src/cli/context.js';
import { UsageError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import { clientFor, createTask } from './helpers.js';

function context(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.resume();
  const controller = new AbortController();
  const ctx: CommandContext = {
    argv,
    env: {},
    cwd: process.cwd(),
    stdout,
    stderr,
    logger: createLogger({ stream: stderr, level: 'debug' }),
    signal: controller.signal,
    hardSignal: new AbortController().signal,
  };
  return { ctx, controller, output: () => out };
}

async function waitFor(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setImmediate(r));
}

describe('dwmigrate emulator', () => {
  test('prints the URL it listens on, serves, and stops on abort', async () => {
    const { ctx, controller, output } = context([
      '--port', '0', '--workspace', '12345:cn-shanghai', '--id-start', '77',
    ]);

    const running = emulatorCommand.run(ctx);
    await waitFor(() => output().includes('\n'));
    const url = /listening on (http:\S+)/.exec(output())?.[1] ?? '';
    const result = await clientFor(url)('CreateExportMigration', {
      ProjectId: '12345',
      Name: 'cli',
      ExportMode: 'FULL',
    });
    controller.abort();
    const code = await running;

    assert.match(
      output(),
      /^dwmigrate emulator listening on http:\/\/127\.0\.0\.1:\d+\n$/,
    );
    assert.ok(result.ok);
    assert.equal(result.data, 77n);
    assert.equal(code, 0);
    await assert.rejects(fetch(`${url}/__emulator/health`));
  });

  test('--seed-manifests registers the workspaces it finds', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dwmigrate-seed-'));
    const manifest = join(dir, 'seed.yaml');
    await writeFile(
      manifest,
      'workspaces:\n  - projectId: 9007199254740993\n' +
        '    region: cn-beijing\n    exports:\n' +
        '      - name: a\n        exportMode: FULL\n',
    );
    const { ctx, controller, output } = context([
      '--port', '0', '--seed-manifests', manifest,
    ]);

    const running = emulatorCommand.run(ctx);
    await waitFor(() => output().includes('\n'));
    const url = /listening on (http:\S+)/.exec(output())?.[1] ?? '';
    const result = await createTask(clientFor(url), '9007199254740993', 'a');
    controller.abort();
    await running;
    await rm(dir, { recursive: true, force: true });

    assert.ok(result.ok);
  });

  test('--help prints usage with examples and returns 0', async () => {
    const { ctx, output } = context(['--help']);

    const code = await emulatorCommand.run(ctx);

    assert.equal(code, 0);
    assert.match(output(), /Usage: dwmigrate emulator/);
    assert.match(output(), /Examples:/);
  });

  for (const argv of [
    ['--bogus'],
    ['--error-rate', '1.5'],
    ['--write-qps', '0'],
    ['--duplicate-names', 'maybe'],
    ['--id-start', '-3'],
    ['--latency', '9-1'],
    ['--region-port', 'cn-shanghai'],
    ['--workspace', '12'],
    ['--port', '70000'],
  ]) {
    test(`${argv.join(' ')} is a usage error`, async () => {
      const { ctx } = context(argv);

      await assert.rejects(emulatorCommand.run(ctx), UsageError);
    });
  }

  test('a missing config file is a usage error naming the file', async () => {
    const { ctx } = context(['--config', 'no-such-emulator.yaml']);

    await assert.rejects(
      emulatorCommand.run(ctx),
      (error: unknown) =>
        error instanceof UsageError &&
        /no-such-emulator\.yaml/.test(error.message),
    );
  });
});
