import { jetstreamManager } from '@nats-io/jetstream';
import type { Redis } from 'ioredis';
import t from 'tap';
import { readCountingModel, setup } from './countingProjection.fixture.ts';
import { applyBatchScript } from './luaScript.ts';

/** The same Redis, except that apply scripts wait until the test opens the gate: a slow Redis. */
function slowApplies(redis: Redis) {
  let held = 0;
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  const slow = new Proxy(redis, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop !== 'evalsha') return typeof value === 'function' ? value.bind(target) : value;
      return async (sha: string, ...rest: unknown[]) => {
        if (sha === applyBatchScript.sha) {
          held++;
          await gate;
        }
        return (target.evalsha as (...a: unknown[]) => Promise<unknown>)(sha, ...rest);
      };
    },
  });
  return { slow, open: () => open(), held: () => held };
}

t.test('a slow Redis makes the runner pause: it takes at most 3 × batchSize messages ahead', async (t) => {
  const { nc, redis, writer, start } = await setup(t);
  const head = await writer.commitMany(300);
  const gated = slowApplies(redis);
  const batchSize = 10;
  const runner = await start({ redis: gated.slow, batchSize });
  const jsm = await jetstreamManager(nc);
  const delivered = async () => {
    let most = 0;
    for await (const c of jsm.consumers.list(writer.stream)) most = Math.max(most, c.delivered.stream_seq);
    return most;
  };

  while (gated.held() === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  // The first batch is stuck in Redis. Unbounded, the consumer would now pull all 300 commits into memory.
  for (let look = 0; look < 10; look++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const seen = await delivered();
    t.ok(seen <= 3 * batchSize, `delivered ${seen} of ${head}: one batch in Redis, two pulled ahead`);
  }
  t.equal(gated.held(), 1, 'one script call at a time');

  gated.open();
  await runner.caughtUp(head);
  t.same(await readCountingModel(redis, await runner.readKeys()), writer.expected());
});
