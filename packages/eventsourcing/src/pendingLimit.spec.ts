import { OverloadedError } from '@kazi/core';
import t from 'tap';
import { PendingLimit } from './pendingLimit.ts';

/** Work that finishes only when the test says so, counting how many run at once. */
function gatedWork() {
  let running = 0;
  let peak = 0;
  const gates: (() => void)[] = [];
  const work = () =>
    new Promise<void>((resolve) => {
      running++;
      peak = Math.max(peak, running);
      gates.push(() => {
        running--;
        resolve();
      });
    });
  const finishOne = async () => {
    gates.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { work, finishOne, peak: () => peak, started: () => gates.length };
}

t.test('runs at most maxPending at once; the next waits for a free slot', async (t) => {
  const limit = new PendingLimit({ resource: 'test work', maxPending: 2, maxWaiting: 10 });
  const gated = gatedWork();
  const all = Array.from({ length: 5 }, () => limit.run(gated.work));
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(gated.started(), 2, 'two started');
  t.match(limit.stats(), { pending: 2, waiting: 3 });
  for (let i = 0; i < 5; i++) await gated.finishOne();
  await Promise.all(all);
  t.equal(gated.peak(), 2);
  t.match(limit.stats(), { pending: 0, waiting: 0, refused: 0, peakPending: 2 });
});

t.test('a caller beyond the waiting line is refused at once with a 503 naming the limit', async (t) => {
  const limit = new PendingLimit({
    resource: 'test work',
    maxPending: 1,
    maxWaiting: 2,
    retryAfterSeconds: 3,
  });
  const gated = gatedWork();
  const admitted = Array.from({ length: 3 }, () => limit.run(gated.work));
  const refused = limit.run(gated.work);
  await t.rejects(refused, OverloadedError);
  const error = (await refused.catch((e: unknown) => e)) as OverloadedError;
  t.match(error, { kind: 'overloaded', type: 'overloaded', retryAfterSeconds: 3, extra: { retryAfterSeconds: 3 } });
  t.match(error.message, /test work/);
  t.equal(limit.stats().refused, 1);
  for (let i = 0; i < 3; i++) await gated.finishOne();
  await Promise.all(admitted);
  t.equal(gated.peak(), 1);
});

t.test("'always' waits however long the line is (for background loops)", async (t) => {
  const limit = new PendingLimit({ resource: 'test work', maxPending: 1, maxWaiting: 0 });
  const gated = gatedWork();
  const first = limit.run(gated.work);
  const background = limit.run(gated.work, { wait: 'always' });
  await t.rejects(limit.run(gated.work), OverloadedError, 'a bounded caller is refused');
  await gated.finishOne();
  await gated.finishOne();
  await Promise.all([first, background]);
  t.equal(gated.peak(), 1);
});

t.test('a freed slot goes to the first in line, not to a newcomer', async (t) => {
  const limit = new PendingLimit({ resource: 'test work', maxPending: 1, maxWaiting: 5 });
  const order: string[] = [];
  let running = 0;
  let peak = 0;
  const job = (name: string) => async () => {
    running++;
    peak = Math.max(peak, running);
    order.push(name);
    await new Promise((resolve) => setImmediate(resolve));
    running--;
  };
  const first = limit.run(job('first'));
  const waiting = limit.run(job('waiting'));
  await first;
  // The slot was freed, the waiting caller not yet resumed: a newcomer now must queue behind it.
  const newcomer = limit.run(job('newcomer'));
  await Promise.all([waiting, newcomer]);
  t.same(order, ['first', 'waiting', 'newcomer']);
  t.equal(peak, 1);
});

t.test('a failing operation frees its slot', async (t) => {
  const limit = new PendingLimit({ resource: 'test work', maxPending: 1, maxWaiting: 0 });
  await t.rejects(
    limit.run(() => Promise.reject(new Error('boom'))),
    /boom/,
  );
  t.equal(await limit.run(async () => 'next'), 'next');
});

t.test('limits must be sensible', async (t) => {
  t.throws(() => new PendingLimit({ resource: 'x', maxPending: 0, maxWaiting: 1 }), RangeError);
  t.throws(() => new PendingLimit({ resource: 'x', maxPending: 1, maxWaiting: -1 }), RangeError);
});
