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
