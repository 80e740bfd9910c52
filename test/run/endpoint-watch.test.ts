import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EndpointWatch } from '../../src/run/endpoint-watch.js';

function watchWith(minFailures: number, now: () => number): EndpointWatch {
  return new EndpointWatch({ windowMs: 1_000, minFailures, now });
}

describe('EndpointWatch', () => {
  it('judges an endpoint down after failures spread over the window', () => {
    let now = 0;
    const watch = watchWith(3, () => now);

    const early = [watch.unreachable('r'), watch.unreachable('r')];
    now = 1_000;
    const late = watch.unreachable('r');

    assert.deepEqual(early, [false, false]);
    assert.equal(late, true);
  });

  it('does not judge a burst of failures at one moment', () => {
    const watch = watchWith(3, () => 0);

    const verdicts = Array.from({ length: 20 }, () => watch.unreachable('r'));

    assert.ok(verdicts.every((v) => !v));
  });

  it('forgets the streak once the endpoint answers', () => {
    let now = 0;
    const watch = watchWith(1, () => now);
    watch.unreachable('r');

    watch.answered('r');
    now = 5_000;

    assert.equal(watch.unreachable('r'), false);
  });
});
