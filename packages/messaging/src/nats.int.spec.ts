import { names } from '@kazi/eventsourcing';
import { NATS_URL, natsFixture, uniqueNamespace } from '@kazi/test-servers';
import { jetstreamManager, StorageType } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import t from 'tap';
import { connectNats, ensureIntegrationStreams, ensureStream } from './nats.ts';

t.test('connectNats connects under the given name', async (t) => {
  const nc = await connectNats({ url: NATS_URL, name: 'messaging-test' });
  t.teardown(() => nc.close());
  t.equal(nc.info?.jetstream, true, 'the server offers JetStream');
});

t.test('connectNats fails at start when no server answers', async (t) => {
  await t.rejects(connectNats({ url: 'nats://127.0.0.1:1', name: 'nowhere' }));
});

t.test('ensureStream creates once, then only changes what differs', async (t) => {
  const ns = uniqueNamespace('str');
  const nc = await natsFixture(t, ns);
  const jsm = await jetstreamManager(nc);
  const name = `${ns.toUpperCase()}_ORDERS`;
  const created = await ensureStream(jsm, { name, subjects: [`${ns}.orders.>`] });
  t.equal(created.config.storage, StorageType.File, 'file storage by default');
  t.ok(created.config.duplicate_window > 0);

  const again = await ensureStream(jsm, { name, subjects: [`${ns}.orders.>`] });
  t.equal(again.created, created.created, 'a second start keeps the same stream');

  const changed = await ensureStream(jsm, {
    name,
    subjects: [`${ns}.orders.>`, `${ns}.refunds.>`],
    duplicate_window: nanos(30_000),
  });
  t.same(changed.config.subjects, [`${ns}.orders.>`, `${ns}.refunds.>`]);
  t.equal(changed.config.duplicate_window, nanos(30_000));
});

t.test('ensureIntegrationStreams provides the integration and dead-letter streams', async (t) => {
  const ns = uniqueNamespace('str');
  const nc = await natsFixture(t, ns);
  await ensureIntegrationStreams(nc, ns);
  const { integration, deadLetter } = await ensureIntegrationStreams(nc, ns);
  t.equal(integration.config.name, names.integrationStream(ns));
  t.same(integration.config.subjects, [names.integrationSubjects(ns)]);
  t.equal(deadLetter.config.name, names.deadLetterStream(ns));
  t.same(deadLetter.config.subjects, [names.deadLetterSubjects(ns)]);
});
