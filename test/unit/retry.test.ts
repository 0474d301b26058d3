import { ConditionalCheckFailedException, ThrottlingException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { retryCall } from '../../shared/platform/dynamo/retry';

const metadata = { httpStatusCode: 400, attempts: 1, totalRetryDelay: 0 };
const throttled = () => new ThrottlingException({ message: 'slow down', $metadata: metadata });
const noSleep = async () => {};

/** A call that fails `failures` times with `error`, then answers `answer`. */
function flaky<T>(failures: number, error: () => Error, answer: T) {
  let calls = 0;
  const call = async () => {
    calls += 1;
    if (calls <= failures) throw error();
    return answer;
  };
  return { call, calls: () => calls };
}

describe('retryCall, the one retry loop for a DynamoDB call', () => {
  it('retries a passing failure and answers once the call succeeds', async () => {
    const target = flaky(3, throttled, 'ok');
    const answer = await retryCall(target.call, { attempts: 5, exhausted: 'rethrow-last', sleep: noSleep });
    expect([answer, target.calls()]).toEqual(['ok', 4]);
  });

  it('stops at the attempt limit: the last error, or 503 UNAVAILABLE, as the policy says', async () => {
    const rethrown = flaky(10, throttled, 'never');
    await expect(
      retryCall(rethrown.call, { attempts: 4, exhausted: 'rethrow-last', sleep: noSleep }),
    ).rejects.toBeInstanceOf(ThrottlingException);
    expect(rethrown.calls()).toBe(4);
    const unavailable = flaky(10, throttled, 'never');
    await expect(
      retryCall(unavailable.call, { attempts: 3, exhausted: 'unavailable', sleep: noSleep }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE', status: 503 });
    expect(unavailable.calls()).toBe(3);
  });

  it('throws any other failure at once, without retrying', async () => {
    const refused = flaky(
      10,
      () => new ConditionalCheckFailedException({ message: 'no', $metadata: metadata }),
      'never',
    );
    await expect(
      retryCall(refused.call, { attempts: 5, exhausted: 'unavailable', sleep: noSleep }),
    ).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    expect(refused.calls()).toBe(1);
  });

  it('waits a jittered, growing backoff between attempts', async () => {
    const waits: number[] = [];
    const target = flaky(4, throttled, 'ok');
    await retryCall(target.call, {
      attempts: 5,
      exhausted: 'rethrow-last',
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0.999,
    });
    expect(waits).toHaveLength(4);
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
  });
});
