import type { ProjectionKeys, RecordedEvent } from '@kazi/eventsourcing';
import t from 'tap';
import type { AgreementEvent } from '../domain/index.ts';
import { amended, expiredByClock, meetingHeld, recorded, reviewed, terminated } from '../testing/index.ts';
import { agreementIndexProjection, dayNumber } from './agreementIndex.ts';

const keys: ProjectionKeys = { generation: 1, prefix: 'rm', key: (...parts) => ['rm', ...parts].join(':') };
const id = 'agreement-7';
const apply = (event: AgreementEvent | { type: string; data: unknown }, streamName = `agreement.${id}`) =>
  agreementIndexProjection.apply(
    {
      id: 'e',
      type: event.type,
      data: event.data,
      streamName,
      streamVersion: 1,
      position: 1,
      index: 0,
      metadata: { commandId: 'c', actor: 'a', correlationId: 'k', time: '2026-01-01T00:00:00Z' },
    } satisfies RecordedEvent,
    keys,
  );
const row = `rm:agreement:${id}`;

t.test('a recording indexes the agreement under its sort key in every list index', async (t) => {
  const commands = apply(recorded({ agreementId: id, partnerCountry: 'QA', title: 'Nurses To Qatar' }));
  const sortKey = `QA nurses to qatar\u0000${id}`;
  for (const index of ['all', 'country:QA', 'kind:bilateral-labour-agreement', 'status:negotiating'])
    t.ok(
      commands.some((c) => c[0] === 'ZADD' && c[1] === `rm:${index}` && c[3] === sortKey),
      index,
    );
});

t.test('a review moves the status, the next review and a renewed expiry', async (t) => {
  const renewal = apply(
    reviewed('2027-02-10', 'renew', { nextReviewDue: '2028-02-01', renewedUntil: '2036-01-31' }),
  );
  t.same(
    renewal.filter((c) => c[0] === 'ZADDFIELD'),
    [['ZADDFIELD', 'rm:status:in-force', 0, row, 'sortKey']],
  );
  t.ok(renewal.some((c) => c.join() === ['ZADD', 'rm:sweep:review', dayNumber('2028-02-01'), id].join()));
  t.ok(
    renewal.some((c) => c.join() === ['ZADD', 'rm:sweep:expiry', dayNumber('2036-02-01'), id].join()),
    'the agreement lapses the day after its new last day',
  );
  t.ok(renewal.some((c) => c.join() === ['HSET', row, 'expiry', '2036-01-31'].join()));

  const toAmend = apply(reviewed('2027-02-10', 'amend'));
  t.same(
    toAmend.filter((c) => c[0] === 'ZADDFIELD'),
    [['ZADDFIELD', 'rm:status:under-review', 0, row, 'sortKey']],
  );
  t.ok(
    toAmend.some((c) => c.join() === ['ZREM', 'rm:sweep:review', id].join()),
    'no review due any more',
  );
  t.ok(toAmend.some((c) => c.join() === ['HDEL', row, 'reviewDue'].join()));
  t.notOk(
    toAmend.some((c) => c[1] === 'rm:sweep:expiry'),
    'the expiry stays',
  );
});

t.test('endings leave the sweep indexes; meetings and amendments count', async (t) => {
  for (const ending of [
    expiredByClock('2031-02-01T00:00:00Z', '2031-02-01'),
    terminated('2026-05-01', 'in-force'),
  ]) {
    const commands = apply(ending);
    t.ok(commands.some((c) => c.join() === ['ZREM', 'rm:sweep:expiry', id].join()));
    t.ok(commands.some((c) => c.join() === ['ZREM', 'rm:sweep:review', id].join()));
  }
  t.ok(
    apply(terminated('2026-05-01', 'signed')).some(
      (c) => c.join() === ['ZREMFIELD', 'rm:status:signed', row, 'sortKey'].join(),
    ),
    'termination leaves the status it ended',
  );
  const meeting = apply(meetingHeld('2026-03-10'));
  t.equal(
    meeting.filter((c) => c[0] === 'ZADD' && c[1] === 'rm:sweep:actions').length,
    2,
    'one entry per action',
  );
  t.ok(apply(amended('2026-06-01')).some((c) => c.join() === ['HINCRBY', row, 'amendments', 1].join()));
});

t.test('other streams and unknown event types write nothing', async (t) => {
  t.same(apply(recorded(), 'reference-sequence.2026'), []);
  t.same(apply({ type: 'ke.nea.blma-records.agreement-renamed.v1', data: {} }), []);
});
