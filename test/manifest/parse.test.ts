import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseManifest } from '../../src/manifest/parse.js';

describe('YAML syntax errors', () => {
  it('point an unclosed [ at the bracket and say where it was noticed',
    () => {
      const text = 'a: 1\nb: [x, y\nc: 2\n';

      const [d] = parseManifest(text, 'm.yaml').diagnostics;

      assert.equal(d?.code, 'YAML_SYNTAX');
      assert.deepEqual([d?.line, d?.column], [2, 4]);
      assert.match(d?.message ?? '', /this \[ is never closed/);
      assert.deepEqual(d?.related, [{ file: 'm.yaml', line: 3, column: 1 }]);
      assert.match(d?.hint ?? '', /add the \]/);
    });

  it('point an unclosed { at the brace', () => {
    const [d] = parseManifest('a: {x: 1\nb: 2\n', 'm.yaml').diagnostics;

    assert.deepEqual([d?.line, d?.column], [1, 4]);
    assert.match(d?.message ?? '', /this \{ is never closed/);
  });
});
