import { keysOf, projectionLayout, type RecordedEvent } from '@kazi/eventsourcing';
import t from 'tap';
import { AgencyEventType } from '../domain/agency/events.ts';
import { agencyIndexProjection } from './agencyIndex.ts';

const keys = keysOf(projectionLayout('ns', agencyIndexProjection.name), 1);

const directors = [
  { subject: 'director:fpA', fingerprints: ['fpA'], nationality: 'KE', sealed: 'pd1.aXZh.c2VhbGVkLWE' },
  {
    subject: 'director:fpB',
    fingerprints: ['fpB', 'fpC'],
    nationality: 'TZ',
    sealed: 'pd1.aXZi.c2VhbGVkLWI',
  },
];
const recorded = {
  type: AgencyEventType.ApplicationRecorded,
  streamName: 'agency.a1',
  data: { name: 'Amani Ltd', registrationNumber: 'PVT-1', county: 'Nairobi', directors, flags: [] },
  metadata: { time: '2026-03-01T08:00:00.000Z' },
} as unknown as RecordedEvent;

t.test(
  'directors are indexed by the fingerprints the event recorded, and nothing else of theirs',
  async (t) => {
    const commands = agencyIndexProjection.apply(recorded, keys);
    const indexed = commands.filter(
      ([command, key]) => command === 'SADD' && String(key).includes(':director:'),
    );
    t.same(
      indexed,
      ['fpA', 'fpB', 'fpC'].map((fingerprint) => ['SADD', keys.key('director', fingerprint), 'a1']),
      'one set per fingerprint, every id of every director',
    );
    const written = JSON.stringify(commands);
    for (const d of directors) t.notOk(written.includes(d.sealed), 'no sealed value in the read model');
  },
);

t.test('an application is filed in order under its words, its registration number and every agency', async (t) => {
  const commands = agencyIndexProjection.apply(recorded, keys);
  const sortKey = 'amani ltd\u0000a1';
  for (const set of [keys.key('all'), keys.key('word', 'amani'), keys.key('word', 'ltd')])
    t.ok(commands.some((c) => c[0] === 'ZADD' && c[1] === set && c[3] === sortKey), `${set}: by (name, id)`);
  t.ok(
    commands.some((c) => c[0] === 'ZADDFIELD' && c[1] === keys.key('id', 'pvt1')),
    'the registration number is an exact-match key',
  );
  t.match(
    commands.find((c) => c[0] === 'HSET' && c.includes('words')),
    ['HSET', keys.key('agency', 'a1'), /.*/],
    'the row keeps its words for the checks',
  );
});

t.test('a status event moves the agency by the sort key on its row, out of every other status', async (t) => {
  const suspended = {
    ...recorded,
    type: AgencyEventType.LicenceSuspended,
    data: { reason: 'fees', by: { sub: 'd', name: 'D' }, at: '2026-03-02T08:00:00.000Z' },
  } as unknown as RecordedEvent;
  const moves = agencyIndexProjection.apply(suspended, keys).filter((c) => String(c[0]).endsWith('FIELD'));
  t.same(moves.at(-1), ['ZADDFIELD', keys.key('status', 'suspended'), 0, keys.key('agency', 'a1'), 'sortKey']);
  t.equal(moves.filter((c) => c[0] === 'ZREMFIELD').length, 6, 'removed from the six other statuses');
});
