import { ComplaintLodged, complaintsEvents, IntegrationEventCatalog } from '@kazi/contracts';
import { names } from '@kazi/eventsourcing';
import { decodeEnvelope } from '@kazi/messaging';
import { NATS_URL } from '@kazi/test-servers';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import t from 'tap';
import { startComplaintsTestSystem } from './http/complaintsTestSystem.fixture.ts';

/**
 * What other services hear of a complaint: the relay publishes one integration event per step, in order,
 * each valid against its contract and none holding the complainant's personal data — and the stored
 * events themselves hold that data only sealed.
 */
t.test('integration events of a complaint carry no personal data', async (t) => {
  const s = await startComplaintsTestSystem(t, 'cmpint');
  const lodged = await s.lodge({
    categories: ['confinement'],
    employer: { name: 'Household in Doha', country: 'QA' },
  });
  let v = await s.act(lodged.id, 'assignment', lodged.version, { assignee: 'officer-2' });
  v = await s.act(lodged.id, 'notes', v, { text: 'Caller says her sister Grace is also there.' });
  v = await s.act(lodged.id, 'referral', v, { to: 'labour-attache' });
  v = await s.act(lodged.id, 'resolution', v, {
    outcome: 'resolved-in-favour',
    remedy: { kind: 'wages-recovered', amount: 4000, currency: 'SAR', description: 'paid to Mary' },
  });
  v = await s.act(lodged.id, 'closure', v);
  await s.act(lodged.id, 'erasure', v, { reason: 'Mary asked by phone' }, s.tokens.director);

  const nc = await connect({ servers: NATS_URL });
  t.teardown(() => nc.close());
  const js = jetstream(nc);
  const catalog = new IntegrationEventCatalog(complaintsEvents);
  const want = [
    'complaint-lodged',
    'complaint-referred',
    'complaint-resolved',
    'complaint-closed',
    'complainant-data-erased',
  ];
  const consumer = await js.consumers.get(names.integrationStream(s.namespace), {
    filter_subjects: names.integrationContextSubjects(s.namespace, 'complaints'),
  });
  const seen: { type: string; data: unknown; subject: string }[] = [];
  const deadline = Date.now() + 10_000;
  while (seen.length < want.length && Date.now() < deadline) {
    const msg = await consumer.next({ expires: 1000 });
    if (!msg) continue;
    const envelope = decodeEnvelope(msg, catalog);
    seen.push({ type: envelope.type, data: envelope.data, subject: envelope.subject });
  }
  t.same(
    seen.map((e) => e.type.split('.')[3]),
    want,
    'one event per published step, in order',
  );
  t.ok(
    seen.every((e) => e.subject === lodged.id),
    'ce-subject is the complaint id',
  );
  t.match(
    seen[0]?.data,
    ComplaintLodged.schema.parse({ ...(seen[0]?.data as object) }),
    'lodged parses with its contract',
  );
  t.match(seen[0]?.data, {
    sex: 'female',
    ageBand: '25-34',
    country: 'SA',
    severity: 'critical',
    employerCountry: 'QA',
    categories: ['confinement'],
  });
  const metrics = (await s.call('GET', '/metrics')).text;
  const position = Number(
    /kazi_complaints_relay_position\{relay="complaints-integration-relay"\} (\d+)/.exec(metrics)?.[1],
  );
  t.ok(position > 0, `/metrics shows how far the relay has published (${position})`);
  t.match(
    metrics,
    /kazi_complaints_relay_blocked\{relay="complaints-integration-relay"\} 0/,
    'and that it is not blocked',
  );

  const published = JSON.stringify(seen);
  const complainant = lodged.body.complainant as Record<string, string>;
  for (const value of [
    complainant.fullName,
    complainant.phone,
    complainant.nationalId,
    complainant.dateOfBirth,
    lodged.body.narrative as string,
    'Grace',
    'paid to Mary',
    'Mary asked',
    lodged.trackingPin,
  ]) {
    t.notOk(published.includes(String(value)), `no integration event holds ${value}`);
  }

  // The event store itself: the complainant's data only sealed.
  const store = await js.consumers.get(names.contextStream(s.namespace, 'complaints'), {
    filter_subjects: names.aggregateSubject(s.namespace, 'complaints', `complaint.${lodged.id}`),
  });
  let text = '';
  for (let msg = await store.next({ expires: 1000 }); msg; msg = await store.next({ expires: 1000 })) {
    text += new TextDecoder().decode(msg.data);
  }
  t.ok(text.includes('complaint-lodged'), 'the stored commits were read');
  t.ok(text.includes('pd2.'), 'sealed data is stored (pd2: bound to subject, record and field)');
  for (const value of [
    complainant.fullName,
    complainant.phone,
    complainant.nationalId,
    lodged.body.narrative as string,
    'Grace',
    lodged.trackingPin,
  ]) {
    t.notOk(text.includes(String(value)), `the stored events do not hold ${value} in the clear`);
  }
});
