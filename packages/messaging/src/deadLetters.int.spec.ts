import { names } from '@kazi/eventsourcing';
import { natsFixture, uniqueNamespace } from '@kazi/test-servers';
import { jetstream } from '@nats-io/jetstream';
import t from 'tap';
import { startConsumer } from './consumer.ts';
import { listDeadLetters, replayDeadLetters } from './deadLetters.ts';
import type { Envelope } from './envelope.ts';
import { ensureIntegrationStreams } from './nats.ts';
import { publishIntegrationEvent } from './publish.ts';
import { agencyLicensed, catalog, eventually, licensedEnvelope } from './testEvents.fixture.ts';

t.test('replay puts dead letters back and a recovered handler processes them', async (t) => {
  const ns = uniqueNamespace('dlq');
  const nc = await natsFixture(t, ns);
  await ensureIntegrationStreams(nc, ns);
  const common = {
    nc,
    namespace: ns,
    stream: names.integrationStream(ns),
    filterSubject: names.integrationSubjects(ns),
    catalog,
    maxDeliver: 2,
    ackWaitMs: 2_000,
    retryDelaysMs: [10],
  };
  let scorecardHealthy = false;
  const scored: Envelope[] = [];
  const scorecard = await startConsumer({
    ...common,
    durableName: 'oversight-agency-scorecard',
    handle: async (envelope) => {
      if (!scorecardHealthy) throw new Error('redis down');
      scored.push(envelope);
    },
  });
  t.teardown(() => scorecard.stop());
  const watch = await startConsumer({
    ...common,
    durableName: 'attache-cases-agency-watch',
    handle: async () => {
      throw new Error('watch list broken');
    },
  });
  t.teardown(() => watch.stop());

  const sent = licensedEnvelope();
  await publishIntegrationEvent(jetstream(nc), ns, agencyLicensed, sent);
  const letters = await eventually('a dead letter from each consumer', async () => {
    const all = await listDeadLetters(nc, ns);
    return all.length === 2 && all;
  });
  t.same(letters.map((l) => l.consumer).sort(), ['attache-cases-agency-watch', 'oversight-agency-scorecard']);
  t.ok(
    letters.every((l) => l.id === sent.id),
    'one event failing in two consumers gives two dead letters',
  );
  const [watchLetter] = await listDeadLetters(nc, ns, 'attache-cases-agency-watch');
  t.match(watchLetter?.error, /watch list broken/, 'listing by consumer shows only its own');

  scorecardHealthy = true;
  t.equal(await replayDeadLetters(nc, ns, 'oversight-agency-scorecard'), 1);
  await eventually('the replayed event to be handled', () => scored.length > 0);
  t.same(scored[0], sent, 'the same event, unchanged, with its original id');
  t.same(await listDeadLetters(nc, ns, 'oversight-agency-scorecard'), [], 'the replayed letter is gone');
  const stillThere = await listDeadLetters(nc, ns, 'attache-cases-agency-watch');
  t.ok(
    stillThere.some((l) => l.seq === watchLetter?.seq),
    "another consumer's dead letters are left alone",
  );
  t.equal(await replayDeadLetters(nc, ns, 'oversight-agency-scorecard'), 0, 'nothing left to replay');
});

t.test('listing is empty when nothing was ever dead-lettered', async (t) => {
  const ns = uniqueNamespace('dlq');
  const nc = await natsFixture(t, ns);
  t.same(await listDeadLetters(nc, ns), [], 'even before the stream exists');
  await ensureIntegrationStreams(nc, ns);
  t.same(await listDeadLetters(nc, ns, 'any-consumer'), []);
});
