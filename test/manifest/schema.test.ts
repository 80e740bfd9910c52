import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { SCHEMA_URL, schemaErrors } from '../../src/manifest/schema.js';

type SchemaNode = Record<string, unknown>;

const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as SchemaNode;

/** Every subschema of type object, with its JSON pointer. */
function objects(node: unknown, at = '#'): [string, SchemaNode][] {
  if (typeof node !== 'object' || node === null) return [];
  const out: [string, SchemaNode][] = [];
  const n = node as SchemaNode;
  if (n['type'] === 'object') out.push([at, n]);
  for (const [key, child] of Object.entries(n)) {
    out.push(...objects(child, `${at}/${key}`));
  }
  return out;
}

describe('the manifest schema', () => {
  it('forbids additional properties on every object', () => {
    const found = objects(schema);

    assert.ok(found.length >= 5);
    for (const [at, node] of found) {
      assert.equal(node['additionalProperties'], false, at);
    }
  });

  it('describes every property for editors', () => {
    for (const [at, node] of objects(schema)) {
      const properties = (node['properties'] ?? {}) as SchemaNode;
      for (const [key, property] of Object.entries(properties)) {
        const description = (property as SchemaNode)['description'];
        assert.equal(typeof description, 'string', `${at}/${key}`);
      }
    }
  });

  it('accepts a minimal document and refuses an unknown key', () => {
    const minimal = {
      workspaces: [{
        projectId: 10001,
        region: 'cn-hangzhou',
        exports: [{ name: 't', exportMode: 'FULL' }],
      }],
    };

    assert.deepEqual(schemaErrors(minimal), []);
    assert.equal(schemaErrors({ ...minimal, extra: 1 })[0]?.keyword,
      'additionalProperties');
  });
});
