import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  didYouMean,
  editDistance,
  KEY_SYNONYMS,
} from '../../src/manifest/did-you-mean.js';

const TASK_KEYS = [
  'name',
  'exportMode',
  'incrementalSince',
  'exportObjectStatus',
  'description',
];

describe('editDistance', () => {
  it('counts a swap of neighbouring letters as one edit', () => {
    assert.equal(editDistance('exprot', 'export'), 1);
  });

  it('counts insertions, deletions and substitutions', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('abc', 'abc'), 0);
  });
});

describe('didYouMean', () => {
  it('ignores case, dashes and underscores in keys', () => {
    assert.equal(didYouMean('export_mode', TASK_KEYS), 'exportMode');
    assert.equal(didYouMean('ExportMode', TASK_KEYS), 'exportMode');
  });

  it('finds a key with a typo', () => {
    assert.equal(didYouMean('incrementalSicne', TASK_KEYS), 'incrementalSince');
    assert.equal(didYouMean('descripton', TASK_KEYS), 'description');
  });

  it('knows the words people use for a key', () => {
    assert.equal(didYouMean('tasks', ['exports'], KEY_SYNONYMS), 'exports');
    assert.equal(didYouMean('since', TASK_KEYS, KEY_SYNONYMS),
      'incrementalSince');
  });

  it('suggests nothing when no word is close', () => {
    assert.equal(didYouMean('colour', TASK_KEYS), undefined);
    assert.equal(didYouMean('x', ['FULL', 'INCREMENTAL']), undefined);
  });

  it('suggests an enum value written in the wrong case', () => {
    assert.equal(didYouMean('full', ['FULL', 'INCREMENTAL']), 'FULL');
    assert.equal(didYouMean('DEPLOY', ['SAVED', 'SUBMITTED', 'DEPLOYED']),
      'DEPLOYED');
  });
});
