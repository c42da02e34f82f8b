import { randomUUID } from 'node:crypto';
import { type CommitMetadata, JetStreamEventStore, names, type RecordedEvent } from '@kazi/eventsourcing';
import { natsFixture, uniqueNamespace } from '@kazi/test-servers';
import { jetstreamManager } from '@nats-io/jetstream';
import t, { type Test } from 'tap';
import { ensureIntegrationStreams } from './nats.ts';
import { type IntegrationMapping, relayDurableName, startIntegrationRelay } from './relay.ts';
import { agencyLicensed, eventually, storedMessages } from './testEvents.fixture.ts';

const context = 'agency-registry';

/** The public part of the agency registry: licences go out, internal notes stay private. */
const map = (event: RecordedEvent): IntegrationMapping[] =>
  event.type === 'agency-licensed'
    ? [{ definition: agencyLicensed, data: event.data, subject: event.streamName.split('.')[1] ?? '' }]
    : [];

async function setup(t: Test) {
  const ns = uniqueNamespace('relay');
  const nc = await natsFixture(t, ns);
  await ensureIntegrationStreams(nc, ns);
  const store = await JetStreamEventStore.create({ nc, namespace: ns, context });
  t.teardown(() => store.close());
  const jsm = await jetstreamManager(nc);
  const published = () => storedMessages(jsm, names.integrationStream(ns));
  const start = (overrides: Partial<Parameters<typeof startIntegrationRelay>[0]> = {}) =>
    startIntegrationRelay({ nc, namespace: ns, context, source: '/kazi/agency-registry', map, ...overrides });
  return { ns, nc, jsm, store, published, start };
}

const metadata = (): CommitMetadata => ({
  commandId: randomUUID(),
  actor: 'director-7',
  correlationId: randomUUID(),
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  time: '2026-04-02T10:15:00.000Z',
});

const licensed = (agencyId: string, n: number) => ({
  id: randomUUID(),
  type: 'agency-licensed',
  data: { agencyId, licenceNumber: `PRA-${n}`, validUntil: '2029-04-02' },
});

t.test('mapped domain events go out as CloudEvents carrying the commit metadata', async (t) => {
  const { ns, store, published, start } = await setup(t);
  const agencyId = randomUUID();
  const meta = metadata();
  const note = { id: randomUUID(), type: 'internal-note-added', data: { text: 'private' } };
  const event = licensed(agencyId, 1);
  const { position } = await store.append(`agency.${agencyId}`, [note, event], {
    expectedVersion: 'no-stream',
    metadata: meta,
  });
  const relay = await start();
  t.teardown(() => relay.stop());
  await eventually('the commit to be relayed', () => relay.status().position >= position);

  const messages = await published();
  t.equal(messages.length, 1, 'the private event stays private');
  const [m] = messages;
  t.equal(m?.subject, names.integrationSubject(ns, agencyLicensed.type));
  const h = m?.header;
  t.equal(h?.get('ce-specversion'), '1.0');
  t.equal(h?.get('ce-id'), event.id, 'the event id is the CloudEvents id');
  t.equal(h?.get('ce-type'), agencyLicensed.type);
  t.equal(h?.get('ce-source'), '/kazi/agency-registry');
  t.equal(h?.get('ce-subject'), agencyId);
  t.equal(h?.get('ce-time'), meta.time);
  t.equal(h?.get('correlation-id'), meta.correlationId);
  t.equal(h?.get('causation-id'), meta.commandId, 'the command caused the event');
  t.equal(h?.get('actor'), 'director-7');
  t.equal(h?.get('traceparent'), meta.traceparent);
  t.same(m?.json(), event.data);
});

t.test('each event is published once across a restart that redelivers every commit', async (t) => {
  const { ns, jsm, store, published, start } = await setup(t);
  const agencyId = randomUUID();
  const first = licensed(agencyId, 1);
  const one = await store.append(`agency.${agencyId}`, [first], {
    expectedVersion: 'no-stream',
    metadata: metadata(),
  });
  const relay = await start();
  await eventually('the first commit to be relayed', () => relay.status().position >= one.position);
  await relay.stop();

  // As if the relay had crashed before its acks arrived: the durable forgets, everything comes again.
  await jsm.consumers.delete(names.contextStream(ns, context), relayDurableName(context));
  const second = licensed(agencyId, 2);
  const two = await store.append(`agency.${agencyId}`, [second], {
    expectedVersion: 1,
    metadata: metadata(),
  });
  const restarted = await start();
  t.teardown(() => restarted.stop());
  await eventually('both commits to be relayed', () => restarted.status().position >= two.position);

  const ids = (await published()).map((m) => m.header?.get('ce-id'));
  t.same(ids, [first.id, second.id], 'in store order, without duplicates');
  const info = await jsm.consumers.info(names.contextStream(ns, context), relayDurableName(context));
  t.equal(info.num_pending + info.num_ack_pending, 0, 'every commit is acked');
});

t.test('a commit that cannot be published blocks the relay instead of being skipped', async (t) => {
  const { store, published, start } = await setup(t);
  const agencyId = randomUUID();
  const bad = {
    ...licensed(agencyId, 1),
    data: { agencyId, licenceNumber: 'not-a-licence', validUntil: 'x' },
  };
  const a = await store.append(`agency.${agencyId}`, [bad], {
    expectedVersion: 'no-stream',
    metadata: metadata(),
  });
  await store.append(`agency.${agencyId}`, [licensed(agencyId, 2)], {
    expectedVersion: 1,
    metadata: metadata(),
  });
  const relay = await start({ maxDeliver: 2, retryDelaysMs: [10] });
  t.teardown(() => relay.stop());

  const blocked = await eventually('the relay to report itself blocked', () => relay.status().blocked);
  t.equal(blocked.position, a.position);
  t.match(blocked.error, /licenceNumber/);
  t.equal((await published()).length, 0, 'the later licence waits behind the failing commit');
});
