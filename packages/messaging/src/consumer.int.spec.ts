import { names } from '@kazi/eventsourcing';
import { natsFixture, uniqueNamespace } from '@kazi/test-servers';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import t, { type Test } from 'tap';
import { type ConsumerOutcome, type StartConsumerOptions, startConsumer } from './consumer.ts';
import { listDeadLetters } from './deadLetters.ts';
import { type Envelope, encodeEnvelope } from './envelope.ts';
import { ensureIntegrationStreams } from './nats.ts';
import { publishIntegrationEvent } from './publish.ts';
import { agencyLicensed, catalog, eventually, licensedEnvelope } from './testEvents.fixture.ts';

const durableName = 'oversight-agency-scorecard';

async function setup(t: Test) {
  const ns = uniqueNamespace('cons');
  const nc = await natsFixture(t, ns);
  await ensureIntegrationStreams(nc, ns);
  const js = jetstream(nc);
  const counted: Record<ConsumerOutcome, number> = { ok: 0, retry: 0, 'dead-letter': 0 };
  const start = async (
    handle: StartConsumerOptions['handle'],
    overrides: Partial<StartConsumerOptions> = {},
  ) => {
    const consumer = await startConsumer({
      nc,
      namespace: ns,
      stream: names.integrationStream(ns),
      durableName,
      filterSubject: names.integrationContextSubjects(ns, 'agency-registry'),
      catalog,
      handle,
      maxDeliver: 3,
      ackWaitMs: 2_000,
      retryDelaysMs: [10],
      metrics: { processed: (_consumer, outcome) => void counted[outcome]++ },
      ...overrides,
    });
    t.teardown(() => consumer.stop());
    return consumer;
  };
  const publish = async (envelope = licensedEnvelope()) => {
    await publishIntegrationEvent(js, ns, agencyLicensed, envelope);
    return envelope;
  };
  return { ns, nc, js, counted, start, publish };
}

t.test('a handled event is acked and not delivered again', async (t) => {
  const { ns, nc, counted, start, publish } = await setup(t);
  const handled: Envelope[] = [];
  await start(async (envelope) => void handled.push(envelope));
  const sent = [await publish(), await publish(), await publish()];
  await eventually('three events handled', () => handled.length >= 3);
  t.same(
    handled.map((e) => e.id),
    sent.map((e) => e.id),
  );
  t.same(handled[0], sent[0], 'the handler gets the whole envelope');
  await settled(nc, ns);
  t.equal(counted.ok, 3);
  t.equal(handled.length, 3, 'nothing was redelivered');
});

t.test('the handler learns the stream sequence and how often the message was delivered', async (t) => {
  const { ns, js, start } = await setup(t);
  const seen: Array<{ id: string; sequence: number; deliveries: number }> = [];
  await start(async (envelope, { sequence, deliveries }) => {
    seen.push({ id: envelope.id, sequence, deliveries });
    if (deliveries === 1) throw new Error('first attempt fails');
  });
  const envelope = licensedEnvelope();
  const ack = await publishIntegrationEvent(js, ns, agencyLicensed, envelope);
  await eventually('the retried delivery', () => seen.length >= 2);
  t.same(seen, [
    { id: envelope.id, sequence: ack.seq, deliveries: 1 },
    { id: envelope.id, sequence: ack.seq, deliveries: 2 },
  ]);
});

t.test('a handler that keeps failing sends the event to the dead letters after maxDeliver', async (t) => {
  const { ns, nc, counted, start, publish } = await setup(t);
  let calls = 0;
  await start(async () => {
    calls++;
    throw new Error('scorecard store unavailable');
  });
  const sent = await publish();
  const [letter] = await eventually('a dead letter', async () => {
    const letters = await listDeadLetters(nc, ns, durableName);
    return letters.length > 0 && counted['dead-letter'] > 0 && letters;
  });
  t.equal(calls, 3, 'tried maxDeliver times');
  t.equal(letter?.consumer, durableName);
  t.equal(letter?.id, sent.id);
  t.equal(letter?.type, agencyLicensed.type);
  t.equal(letter?.deliveries, 3);
  t.match(letter?.error, /scorecard store unavailable/);
  t.equal(letter?.originalSubject, names.integrationSubject(ns, agencyLicensed.type));
  t.same(counted, { ok: 0, retry: 2, 'dead-letter': 1 }, 'retries and the dead letter are counted');
});

t.test(
  'a payload that breaks its schema goes to the dead letters without reaching the handler',
  async (t) => {
    const { ns, nc, js, counted, start } = await setup(t);
    let calls = 0;
    await start(async () => void calls++);
    // Published around the validating publisher, as a buggy or foreign producer would.
    const envelope = licensedEnvelope();
    const { headers, data } = encodeEnvelope({ ...envelope, data: { agencyId: envelope.subject } });
    await js.publish(names.integrationSubject(ns, agencyLicensed.type), data, { headers });

    const [letter] = await eventually('a dead letter', async () => {
      const letters = await listDeadLetters(nc, ns, durableName);
      return letters.length > 0 && counted['dead-letter'] > 0 && letters;
    });
    t.equal(calls, 0);
    t.equal(letter?.deliveries, 1, 'not retried');
    t.match(letter?.error, /licenceNumber/);
    t.equal(counted['dead-letter'], 1);
  },
);

t.test('stop lets the handler in progress finish and ack before it resolves', async (t) => {
  const { ns, nc, start, publish } = await setup(t);
  const log: string[] = [];
  let started: () => void = () => {};
  const handling = new Promise<void>((resolve) => {
    started = resolve;
  });
  const consumer = await start(async () => {
    started();
    await new Promise((resolve) => setTimeout(resolve, 50));
    log.push('handler finished');
  });
  await publish();
  await handling;
  await consumer.stop();
  log.push('stopped');
  t.same(log, ['handler finished', 'stopped']);
  await settled(nc, ns);

  const again: Envelope[] = [];
  await start(async (envelope) => void again.push(envelope));
  const next = await publish();
  await eventually('the next event', () => again.length > 0);
  t.same(
    again.map((e) => e.id),
    [next.id],
    'the event handled before stopping is not delivered again',
  );
});

t.test('a consumer whose durable was deleted recreates it and carries on', async (t) => {
  const { ns, nc, start, publish } = await setup(t);
  const handled: string[] = [];
  await start(async (envelope) => void handled.push(envelope.id));
  const first = await publish();
  await eventually('the first event', () => handled.includes(first.id));
  const jsm = await jetstreamManager(nc);
  await jsm.consumers.delete(names.integrationStream(ns), durableName);
  const second = await publish();
  await eventually('the event published after the deletion', () => handled.includes(second.id));
  t.pass('handled again once the durable was recreated');
});

t.test('replicas sharing a durable name share the work, each event handled once', async (t) => {
  const { ns, nc, start, publish } = await setup(t);
  const byReplica = new Map<string, string[]>([
    ['a', []],
    ['b', []],
  ]);
  let release: () => void = () => {};
  const bothBusy = new Promise<void>((resolve) => {
    release = resolve;
  });
  const handler = (replica: string) => async (envelope: Envelope) => {
    byReplica.get(replica)?.push(envelope.id);
    // Each replica holds its first event until the other has one too: only sharing gets past here.
    if ([...byReplica.values()].every((ids) => ids.length > 0)) release();
    await bothBusy;
  };
  await start(handler('a'), { maxMessages: 1 });
  await start(handler('b'), { maxMessages: 1 });
  const sent = await Promise.all(Array.from({ length: 10 }, () => publish()));

  await eventually('every event handled', () => [...byReplica.values()].flat().length >= sent.length);
  await settled(nc, ns);
  const handled = [...byReplica.values()].flat();
  t.same([...handled].sort(), sent.map((e) => e.id).sort(), 'each event exactly once');
  t.ok(byReplica.get('a')?.length && byReplica.get('b')?.length, 'both replicas took part');
});

/** Waits until the durable has nothing pending or unacked, so a redelivery would already have shown. */
async function settled(nc: NatsConnection, ns: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await eventually('the acks to arrive', async () => {
    const info = await jsm.consumers.info(names.integrationStream(ns), durableName);
    return info.num_ack_pending === 0 && info.num_pending === 0;
  });
}
