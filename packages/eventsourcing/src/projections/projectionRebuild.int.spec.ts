import type { Redis } from 'ioredis';
import t from 'tap';
import type { RecordedEvent } from '../eventStore.ts';
import { countingProjection, readCountingModel, setup } from './countingProjection.fixture.ts';
import { projectionLayout } from './projection.ts';
import type { ProjectionRunner } from './projectionRunner.ts';

/** Reads the live model's total over and over, as a dashboard would, until `stop()`. */
function watchTotals(redis: Redis, runner: ProjectionRunner<RecordedEvent>) {
  const seen: { generation: number; total: number }[] = [];
  let watching = true;
  const done = (async () => {
    while (watching) {
      const keys = await runner.readKeys();
      seen.push({ generation: keys.generation, total: Number((await redis.get(keys.key('total'))) ?? 0) });
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  return {
    seen,
    stop: async () => {
      watching = false;
      await done;
    },
  };
}

async function keysOfGeneration(redis: Redis, namespace: string, generation: number): Promise<string[]> {
  const layout = projectionLayout(namespace, 'counting');
  const model = await redis.keys(`${layout.modelPrefix(generation)}:*`);
  const meta = await redis.keys(layout.meta(generation));
  return [...model, ...meta];
}

t.test(
  'rebuild builds an identical model in a new generation and switches only once caught up',
  async (t) => {
    const { namespace, redis, writer, start } = await setup(t);
    await writer.commitMany(300);
    const runner = await start({ batchSize: 10, retireGraceMs: 2000 });
    await runner.caughtUp();
    const complete = (await readCountingModel(redis, await runner.readKeys())).total;

    const watch = watchTotals(redis, runner);
    const writing = writer.commitMany(30); // the live model keeps updating meanwhile
    const generation = await runner.rebuild();
    await watch.stop();
    await writing;
    await runner.caughtUp();

    t.equal(generation, 2);
    t.equal((await runner.readKeys()).generation, 2);
    t.same(await readCountingModel(redis, await runner.readKeys()), writer.expected());
    t.ok(watch.seen.length > 0);
    t.same(
      watch.seen.filter((s) => s.total < complete),
      [],
      'no reader ever saw a half-built model',
    );
    t.same(await keysOfGeneration(redis, namespace, 1), [], 'the old generation is deleted');
    t.equal((await runner.status()).state, 'running');
  },
);

t.test('a new projection version rebuilds at start while the old model keeps serving', async (t) => {
  const { namespace, redis, writer, start } = await setup(t);
  await writer.commitMany(150);
  const v1 = await start();
  await v1.caughtUp();
  await v1.stop();
  const events = writer.expected().total;

  const v2 = await start({ projection: countingProjection(2), batchSize: 10, retireGraceMs: 0 });
  const watch = watchTotals(redis, v2);
  await v2.caughtUp();
  await watch.stop();

  t.equal((await v2.readKeys()).generation, 2);
  t.same(await readCountingModel(redis, await v2.readKeys()), writer.expected(2));
  t.same(
    watch.seen.filter((s) => s.total !== events && s.total !== 2 * events),
    [],
    'readers saw either the whole old model or the whole new one',
  );
  t.match(await v2.status(), { version: 2, generation: 2, lag: 0, state: 'running' });
  await v2.stop();
  t.same(await keysOfGeneration(redis, namespace, 1), []);
});

t.test('older code leaves a model built by a newer version alone', async (t) => {
  const { redis, writer, start } = await setup(t);
  await writer.commitMany(20);
  const v2 = await start({ projection: countingProjection(2) });
  await v2.caughtUp();
  const old = await start({ projection: countingProjection(1) });
  t.match(await old.status(), { state: 'failed', lastError: /older than version 2/ });

  await v2.caughtUp(await writer.commitMany(5));
  t.same(await readCountingModel(redis, await v2.readKeys()), writer.expected(2));
});

t.test('a replica that did not rebuild follows the switch to the new generation', async (t) => {
  const { namespace, redis, writer, start } = await setup(t);
  await writer.commitMany(100);
  const a = await start({ retireGraceMs: 0 });
  const b = await start();
  await Promise.all([a.caughtUp(), b.caughtUp()]);

  t.equal(await a.rebuild(), 2);
  const head = await writer.commitMany(20);
  await Promise.all([a.caughtUp(head), b.caughtUp(head)]);
  t.same(await readCountingModel(redis, await b.readKeys()), writer.expected());
  t.same(await keysOfGeneration(redis, namespace, 1), [], 'nothing was written to the retired generation');
});

t.test('rebuilding an empty stream switches at once', async (t) => {
  const { redis, writer, start } = await setup(t);
  const runner = await start({ retireGraceMs: 0 });
  t.equal(await runner.rebuild(), 2);
  await runner.caughtUp(await writer.commit('account.a1'));
  t.same(await readCountingModel(redis, await runner.readKeys()), writer.expected());
});

t.test('a start deletes what a crash left of a retired generation', async (t) => {
  const { namespace, redis, writer, start } = await setup(t);
  await writer.commitMany(40);
  const v1 = await start();
  await v1.caughtUp();
  await v1.stop();
  const v2 = await start({ projection: countingProjection(2), retireGraceMs: 0 });
  await v2.caughtUp();
  await v2.stop();
  t.same(await keysOfGeneration(redis, namespace, 1), [], 'the retired generation was deleted');

  // As a process that crashed while deleting generation 1 leaves it: its meta hash and a model key.
  const layout = projectionLayout(namespace, 'counting');
  await redis.hset(layout.meta(1), 'checkpoint', '40', 'version', '1');
  await redis.set(`${layout.modelPrefix(1)}:total`, '40');
  const again = await start({ projection: countingProjection(2), retireGraceMs: 0 });
  await again.caughtUp();
  for (let i = 0; i < 100 && (await keysOfGeneration(redis, namespace, 1)).length > 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 20));
  t.same(await keysOfGeneration(redis, namespace, 1), [], 'the leftover keys are gone');
  t.equal((await again.readKeys()).generation, 2, 'the live generation is untouched');
  t.same(await readCountingModel(redis, await again.readKeys()), writer.expected(2));
});
