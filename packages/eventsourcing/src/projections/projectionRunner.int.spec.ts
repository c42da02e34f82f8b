import { natsFixture, redisFixture, uniqueNamespace } from '@kazi/test-servers';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Redis } from 'ioredis';
import t from 'tap';
import type { RecordedEvent } from '../eventStore.ts';
import { names } from '../jetstream/names.ts';
import { countingProjection, eventually, readCountingModel, setup } from './countingProjection.fixture.ts';
import type { Projection } from './projection.ts';
import { ProjectionRunner } from './projectionRunner.ts';
import { messageSource } from './sources.ts';

t.test('applies commits in order, every event of a multi-event commit', async (t) => {
  const { redis, writer, start } = await setup(t);
  await writer.commitMany(30);
  const runner = await start({ batchSize: 7 });
  await runner.caughtUp();
  t.same(await readCountingModel(redis, await runner.readKeys()), writer.expected());
  // Commits arriving while it runs are applied too.
  const last = await writer.commitMany(5);
  await runner.caughtUp(last);
  t.same(await readCountingModel(redis, await runner.readKeys()), writer.expected());
});

t.test('delivering the same commits again leaves the same read model', async (t) => {
  const { redis, writer, start } = await setup(t);
  await writer.commitMany(40);
  const first = await start();
  await first.caughtUp();
  await first.stop();
  t.same(await readCountingModel(redis, await first.readKeys()), writer.expected());

  let redelivered = 0;
  const again = await start({ projection: countingProjection(1, () => redelivered++), readFrom: 0 });
  // Delivery is in order: once a new commit is applied, every re-delivered one has been through Redis.
  await again.caughtUp(await writer.commit('account.new'));
  t.ok(redelivered > 40, 'the old commits were delivered a second time');
  t.same(await readCountingModel(redis, await again.readKeys()), writer.expected());
});

t.test('a runner killed mid-stream resumes from its checkpoint: no double count, no skip', async (t) => {
  const { redis, writer, start } = await setup(t);
  await writer.commitMany(300);
  const first = await start({ batchSize: 10 });
  await first.caughtUp(100);
  await first.stop({ drain: false });
  t.ok((await first.status()).position >= 100, 'killed after applying some');
  await writer.commitMany(50);

  const second = await start({ batchSize: 10 });
  await second.caughtUp();
  t.same(await readCountingModel(redis, await second.readKeys()), writer.expected());
});

t.test('status reports position, head and lag', async (t) => {
  const { writer, start } = await setup(t);
  const head = await writer.commitMany(10);
  const runner = await start();
  await runner.caughtUp();
  let status = await runner.status();
  t.match(status, {
    name: 'counting',
    generation: 1,
    position: head,
    headPosition: head,
    lag: 0,
    state: 'running',
  });
  t.equal(status.secondsBehind, 0);

  await runner.stop();
  const newHead = await writer.commitMany(5);
  status = await runner.status();
  t.match(status, { position: head, headPosition: newHead, lag: 5, state: 'stopped' });
  t.ok(status.secondsBehind >= 0);
});

t.test('an event the projection cannot apply marks it failed; it retries and skips nothing', async (t) => {
  const { redis, writer, start } = await setup(t);
  await writer.commitMany(10);
  // Fails until the test has seen the failed state: three quick failures could all fall between two
  // looks at status() on a busy machine, and the test then waited for a state already gone.
  let failing = true;
  let failures = 0;
  const counting = countingProjection();
  const flaky: Projection<RecordedEvent> = {
    ...counting,
    apply(event, keys) {
      if (event.position === 6 && failing) {
        failures++;
        throw new Error('read model service unavailable');
      }
      return counting.apply(event, keys);
    },
  };
  const runner = await start({ projection: flaky, batchSize: 1 });
  await eventually(async () => (await runner.status()).state === 'failed');
  t.match((await runner.status()).lastError, /unavailable/);
  await eventually(async () => failures >= 3);
  failing = false;
  await runner.caughtUp();
  t.same(await readCountingModel(redis, await runner.readKeys()), writer.expected());
  t.equal((await runner.status()).state, 'running');
});

t.test('two runners on one projection at once count every event once', async (t) => {
  const { redis, writer, start } = await setup(t);
  const one = await start({ batchSize: 7 });
  const two = await start({ batchSize: 13 });
  await writer.commitMany(150);
  const head = await writer.commitMany(50);
  await Promise.all([one.caughtUp(head), two.caughtUp(head)]);
  t.same(await readCountingModel(redis, await one.readKeys()), writer.expected());
});

t.test(
  'a message source with one filter subject; caught up even when the head is on another subject',
  async (t) => {
    const namespace = uniqueNamespace('pj');
    const nc: NatsConnection = await natsFixture(t, namespace);
    const redis: Redis = await redisFixture(t, namespace);
    const jsm = await jetstreamManager(nc);
    const js = jetstream(nc);
    const stream = names.integrationStream(namespace);
    await jsm.streams.add({ name: stream, subjects: [names.integrationSubjects(namespace)] });
    const wanted = names.integrationContextSubjects(namespace, 'complaints');
    const publish = (context: string, agency: string) =>
      js.publish(
        names.integrationSubject(namespace, `ke.nea.${context}.noted.v1`),
        JSON.stringify({ agency }),
      );

    for (const agency of ['a1', 'a2', 'a1']) await publish('complaints', agency);
    const unrelated = await publish('agency-registry', 'a1');

    const perAgency: Projection<{ agency: string }> = {
      name: 'complaints-per-agency',
      version: 1,
      apply: (event, keys) => [['HINCRBY', keys.key('agency'), event.agency, 1]],
    };
    const runner = await ProjectionRunner.start({
      nc,
      redis,
      namespace,
      projection: perAgency,
      source: messageSource({
        stream,
        filterSubject: wanted,
        decode: (msg) => [msg.json<{ agency: string }>()],
      }),
    });
    t.teardown(() => runner.stop());
    await runner.caughtUp(unrelated.seq);
    t.same(await redis.hgetall((await runner.readKeys()).key('agency')), { a1: '2', a2: '1' });
  },
);

t.test('a projection whose consumer vanished on the server resumes on its own', async (t) => {
  const { nc, redis, writer, start } = await setup(t);
  await writer.commitMany(10);
  const runner = await start({ stallCheckMs: 500 });
  await runner.caughtUp();
  const jsm = await jetstreamManager(nc);
  for await (const consumer of jsm.consumers.list(writer.stream))
    await jsm.consumers.delete(writer.stream, consumer.name);
  const head = await writer.commitMany(10);
  // Left to nats.js, the silent consumer is noticed by missed heartbeats ~45 s later; the loop's own check
  // restarts it after half a second of silence behind the head.
  await runner.caughtUp(head, { timeoutMs: 20_000 });
  t.same(await readCountingModel(redis, await runner.readKeys()), writer.expected());
});
