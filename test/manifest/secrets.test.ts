import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadManifests } from '../../src/manifest/load.js';
import { isSecretKey } from '../../src/manifest/secrets.js';
import { FIXTURES, NOW } from './helpers.js';

describe('the SECRET_IN_MANIFEST hint', () => {
  it('names the credential sources the README documents', async () => {
    const file = path.join(FIXTURES, 'bad', 'secret-access-key.yaml');

    const result = await loadManifests([file], { now: NOW });

    const hint = result.diagnostics
      .find((d) => d.code === 'SECRET_IN_MANIFEST')?.hint ?? '';
    assert.match(hint, /ALIBABA_CLOUD_ACCESS_KEY_ID/);
    assert.match(hint, /ALIBABA_CLOUD_PROFILE or --profile/);
    assert.match(hint, /~\/\.alibabacloud\/credentials/);
    assert.match(hint, /ECS instance role/);
    assert.doesNotMatch(hint, /\.aliyun/);
  });
});

describe('isSecretKey', () => {
  it('knows the AK/SK pair by its short names, not inside others', () => {
    const keys = ['sk', 'SK', 'ak_sk', 'task', 'desk', 'name', 'accessKey'];

    const flagged = keys.filter(isSecretKey);

    assert.deepEqual(flagged, ['sk', 'SK', 'ak_sk', 'accessKey']);
  });
});
