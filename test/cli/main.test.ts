import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run, stopNotices } from '../../src/cli/main.js';
import { EXIT } from '../../src/errors.js';
import { captureStreams, type Captured } from './capture.js';

/** Run the CLI in-process with captured streams. */
async function cli(...argv: string[]): Promise<Captured> {
  const { stdout, stderr, result } = captureStreams();
  const code = await run({ argv, env: {}, cwd: process.cwd(), stdout, stderr });
  return result(code);
}

describe('logging flags before the command', () => {
  it('are taken as logging flags, not as the command name', async () => {
    const result = await cli('-v', '--log-format', 'json', 'report', '--x');

    assert.equal(result.code, EXIT.usage);
    assert.doesNotMatch(result.stderr, /unknown command/);
    assert.match(result.stderr, /unknown option --x; see dwmigrate report/);
  });

  it('alone, show the usage like no arguments at all', async () => {
    const result = await cli('-q');

    assert.equal(result.code, EXIT.usage);
    assert.match(result.stdout, /Usage: dwmigrate \[logging options\]/);
    assert.equal(result.stderr, '');
  });
});

describe('numeric options given a negative number', () => {
  const cases: [string[], RegExp][] = [
    [['apply', '--timeout', '-5', 'm'],
      /--timeout expects a whole number >= 1 \(milliseconds\), got "-5"/],
    [['apply', '--qps', '-1', 'm'], /--qps expects a number > 0, got "-1"/],
    [['apply', '--concurrency', '-2', 'm'],
      /--concurrency expects a whole number >= 1, got "-2"/],
    [['apply', '--max-failures', '-1', 'm'],
      /--max-failures expects a whole number >= 0, got "-1"/],
    [['plan', '--read-qps', '-.5', 'm'],
      /--read-qps expects a number > 0, got "-.5"/],
    [['emulator', '--port', '-1'],
      /--port expects an integer from 0 to 65535, got "-1"/],
  ];
  for (const [argv, expected] of cases) {
    it(`say what ${argv[1]} expects, with the usage exit code`, async () => {
      const result = await cli(...argv);

      assert.equal(result.code, EXIT.usage);
      assert.match(result.stderr, expected);
      assert.doesNotMatch(result.stderr, /ambiguous/);
    });
  }

  it('say a value is missing when the option is last', async () => {
    const result = await cli('apply', '--timeout');

    assert.equal(result.code, EXIT.usage);
    assert.match(result.stderr,
      /option --timeout expects a value; see dwmigrate apply --help/);
  });
});

describe('unknown options', () => {
  for (const command of ['validate', 'plan', 'apply', 'report', 'emulator']) {
    it(`are worded the same way by ${command}`, async () => {
      const result = await cli(command, '--bogus');

      assert.equal(result.code, EXIT.usage);
      assert.equal(result.stderr.split('\n')[0],
        `dwmigrate: error [USAGE]: unknown option --bogus; ` +
          `see dwmigrate ${command} --help`);
    });
  }
});

describe('what a signal prints', () => {
  it('names the emulator, its listener and its state file', () => {
    const notices = stopNotices(['-v', 'emulator', '--state', 'emu.json']);

    assert.match(notices.stopping,
      /^emulator stopping: closing the listener, state saved to emu\.json/);
    assert.doesNotMatch(notices.stopping, /calls in flight/);
  });

  it('says an emulator without --state keeps no tasks', () => {
    const notices = stopNotices(['emulator']);

    assert.match(notices.stopping, /tasks are not kept \(no --state FILE\)/);
  });

  it('keeps the calls-in-flight wording for apply', () => {
    const notices = stopNotices(['apply', 'manifests']);

    assert.match(notices.stopping, /no new calls; calls in flight finish/);
  });
});

/** Columns where option descriptions start, one per option row. */
function descriptionColumns(help: string): number[] {
  const rows = help.matchAll(/^( +-\S(?:\S| (?=\S))*)( {2,})\S/gm);
  return [...rows].map((m) => m[1]!.length + m[2]!.length);
}

describe('help texts', () => {
  for (const command of ['validate', 'plan', 'apply', 'report',
    'emulator']) {
    it(`align every option description of ${command} in one column`,
      async () => {
        const result = await cli(command, '--help');

        const columns = new Set(descriptionColumns(result.stdout));
        assert.equal(result.code, EXIT.ok);
        assert.deepEqual([...columns], [[...columns][0]]);
      });
  }
});
