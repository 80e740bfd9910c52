import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CODES } from '../../src/manifest/codes.js';
import {
  countDiagnostics,
  describeCounts,
  formatDiagnostics,
} from '../../src/manifest/diagnostics.js';
import { maskSecret } from '../../src/manifest/load.js';
import type { Diagnostic } from '../../src/manifest/types.js';

const sample: Diagnostic = {
  code: 'INVALID_VALUE',
  severity: 'error',
  file: 'manifests/a.yaml',
  line: 6,
  column: 21,
  endLine: 6,
  endColumn: 25,
  path: 'workspaces[0].exports[0].exportMode',
  message: '"exportMode" must be one of FULL, INCREMENTAL',
  expected: 'one of FULL, INCREMENTAL',
  found: '"full"',
  hint: 'did you mean "FULL"?',
  snippet: '        exportMode: full',
};

describe('formatDiagnostics', () => {
  it('prints text with the source line and carets under the value', () => {
    const text = formatDiagnostics([sample], 'text');

    assert.equal(text, [
      'manifests/a.yaml:6:21: error INVALID_VALUE: "exportMode" must be one ' +
        'of FULL, INCREMENTAL',
      '  6 |         exportMode: full',
      '    |                     ^^^^',
      '  at workspaces[0].exports[0].exportMode',
      '  expected one of FULL, INCREMENTAL; found "full"',
      '  hint: did you mean "FULL"?',
      '',
    ].join('\n'));
  });

  it('prints GitHub annotations with escaped properties', () => {
    const d = { ...sample, file: 'a,b:c.yaml', message: '50% off\nnow' };

    const line = formatDiagnostics([d], 'github');

    assert.match(line, /^::error file=a%2Cb%3Ac\.yaml,line=6,col=21,/);
    assert.match(line, /endLine=6,endColumn=25,title=INVALID_VALUE::/);
    assert.match(line, /50%25 off%0Anow/);
  });

  it('prints JSON without the display-only snippet', () => {
    const parsed = JSON.parse(formatDiagnostics([sample], 'json')) as
      Record<string, unknown>[];

    assert.equal(parsed[0]?.['code'], 'INVALID_VALUE');
    assert.equal(parsed[0]?.['snippet'], undefined);
  });

  it('prints a whole-file problem without a position', () => {
    const d: Diagnostic = {
      code: 'PATH_NOT_FOUND',
      severity: 'error',
      file: 'nope.yaml',
      line: 0,
      column: 0,
      path: '',
      message: 'no such file or folder',
    };

    assert.equal(formatDiagnostics([d], 'text'),
      'nope.yaml: error PATH_NOT_FOUND: no such file or folder\n');
    assert.equal(formatDiagnostics([d], 'github'),
      '::error file=nope.yaml,title=PATH_NOT_FOUND::no such file or folder\n');
  });

  it('cuts a long source line to a window around the column', () => {
    const long = `${'x'.repeat(200)}BAD${'y'.repeat(200)}`;
    const d = { ...sample, column: 201, endColumn: 204, snippet: long };

    const [, source, carets] = formatDiagnostics([d], 'text').split('\n');

    assert.ok((source ?? '').length <= 84);
    assert.equal(source?.indexOf('BAD'), carets?.indexOf('^^^'));
  });

  it('shows control characters as one visible character each', () => {
    const d = { ...sample, snippet: '\texportMode: "a\u0007"' };

    const text = formatDiagnostics([d], 'text');

    assert.doesNotMatch(text, /[\u0007\t]/);
  });
});

describe('summaries and codes', () => {
  it('count errors, warnings and files', () => {
    const warning = { ...sample, severity: 'warning' as const, file: 'b' };

    const counts = countDiagnostics([sample, sample, warning]);

    assert.equal(describeCounts(counts), '2 errors, 1 warning in 2 files');
  });

  it('use UPPER_SNAKE codes only', () => {
    for (const code of Object.keys(CODES)) {
      assert.match(code, /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
    }
  });
});

describe('maskSecret, the line-only fallback', () => {
  it('stars out the values of secret-looking keys only', () => {
    assert.equal(maskSecret('  password: hunter2'), '  password: *******');
    assert.equal(maskSecret('  - {name: x, accessKeyId: "LTAI5t"}'),
      '  - {name: x, accessKeyId: *********');
    assert.equal(maskSecret('  name: password'), '  name: password');
  });

  it('stars the rest of the line, as where a value ends is unknown', () => {
    assert.equal(maskSecret('token: "ab # cd", x: {a: [b, c'),
      'token: *** * **** ** *** *** *');
    assert.equal(maskSecret('{"secret":[a, b]}'), '{"secret":*** ***');
  });
});
