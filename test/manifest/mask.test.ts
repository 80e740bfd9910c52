import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskSecretText } from '../../src/manifest/mask.js';

describe('maskSecretText', () => {
  it('stars a whole flow mapping under a secret-looking key', () => {
    const text = 'credentials: {accessKeySecret: credSECRET, key: x}\n';

    const masked = maskSecretText(text);

    assert.equal(masked,
      'credentials: ***************** *********** **** **\n');
  });

  it('stars every item of a flow list and keeps other keys', () => {
    const text = 'name: a\nsecret: [a, listSECRET2]\n';

    assert.equal(maskSecretText(text), 'name: a\nsecret: *** ************\n');
  });

  it('stars a quoted value past a " #" inside the quotes', () => {
    const masked = maskSecretText('token: "abc # notcomment SECRET"\n');

    assert.doesNotMatch(masked, /SECRET|abc|notcomment/);
    assert.equal(masked.length, 'token: "abc # notcomment SECRET"\n'.length);
  });

  it('stars block scalars on every line they span', () => {
    const masked = maskSecretText('apiKey: |\n  lineONE\n  lineTWO\nx: 1\n');

    assert.equal(masked, 'apiKey: *\n  *******\n  *******\nx: 1\n');
  });

  it('stars the anchored value an alias under a secret key points to', () => {
    const masked = maskSecretText('note: &k ancSECRET\npassword: *k\n');

    assert.equal(masked, 'note: &k *********\npassword: **\n');
  });

  it('leaves a text with no secret-looking key as it is', () => {
    const text = 'name: password # token: x\n';

    assert.equal(maskSecretText(text), text);
  });
});
