import type { RecordedEvent } from '@kazi/eventsourcing';
import t from 'tap';
import { ComplaintEventType as E } from '../domain/complaint/events.ts';
import { complaintQueueProjection, queueScore, statusOf } from './complaintQueue.ts';
import { by, keys, lodged, recorded, replay } from './queueReplay.fixture.ts';

t.test('a lodged complaint is queued by severity then deadline, with no personal data', async (t) => {
  const m = replay([lodged('c1', 'high'), lodged('c2', 'critical', '2026-03-02T08:00:00.000Z')]);
  t.equal(statusOf(m.summary('c1')), 'lodged');
  t.same(
    [...(m.zsets.get(keys.key('open')) ?? new Map()).entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id),
    ['c2', 'c1'],
    'critical first',
  );
  t.equal(m.strings.get(keys.key('ref', 'NEA-2026-000001')), 'c2', 'reference index');
  t.ok(m.zsets.get(keys.key('agency', 'a1'))?.has('c1'), 'agency index');
  t.ok(m.zsets.get(keys.key('country', 'SA'))?.has('c1'), 'country index');
  t.notOk(JSON.stringify([...m.hashes.values()]).includes('pd1.'), 'no sealed data in the read model');
  t.ok(
    queueScore('critical', '2026-03-10T00:00:00Z') < queueScore('high', '2026-03-02T00:00:00Z'),
    'any critical before any high',
  );
});

t.test('status follows triage, assignment, referral and the end states', async (t) => {
  const triaged = recorded(E.Triaged, {
    categories: ['confinement'],
    indicators: [],
    traffickingSuspected: false,
    severity: 'critical',
    previousSeverity: 'high',
    respondBy: '2026-03-02T08:00:00.000Z',
    reason: 'r',
    by,
    at: '2026-03-01T09:00:00.000Z',
  });
  const assigned = recorded(E.Assigned, { assignee: 'officer-2', by, at: '2026-03-01T10:00:00.000Z' });
  const referred = recorded(E.Referred, {
    reference: 'NEA-2026-000001',
    categories: [],
    severity: 'critical',
    to: 'police',
    country: 'SA',
    by,
    at: '2026-03-01T11:00:00.000Z',
  });
  const resolved = recorded(E.Resolved, {
    outcome: 'resolved-in-favour',
    by,
    at: '2026-03-02T11:00:00.000Z',
  });
  const reopened = recorded(E.Reopened, {
    reason: 'again',
    severity: 'critical',
    respondBy: '2026-03-04T11:00:00.000Z',
    by,
    at: '2026-03-03T11:00:00.000Z',
  });
  let m = replay([lodged(), triaged]);
  t.equal(statusOf(m.summary()), 'triaged');
  t.equal(
    m.zsets.get(keys.key('open'))?.get('c1'),
    queueScore('critical', '2026-03-02T08:00:00.000Z'),
    'rescored',
  );
  t.equal(
    m.zsets.get(keys.key('due'))?.get('c1'),
    Date.parse('2026-03-02T08:00:00.000Z'),
    'new deadline due',
  );
  m = replay([lodged(), triaged, assigned]);
  t.equal(statusOf(m.summary()), 'assigned');
  t.notOk(m.zsets.get(keys.key('due'))?.has('c1'), 'responded: no longer due');
  m = replay([lodged(), assigned, referred, assigned]);
  t.equal(statusOf(m.summary()), 'referred', 'assigning a referred complaint keeps it referred');
  m = replay([lodged(), assigned, resolved]);
  t.equal(statusOf(m.summary()), 'resolved');
  t.notOk(m.zsets.get(keys.key('open'))?.has('c1'), 'resolved leaves the open queue');
  t.ok(m.zsets.get(keys.key('all'))?.has('c1'), 'but stays in all');
  m = replay([lodged(), assigned, resolved, reopened]);
  t.equal(statusOf(m.summary()), 'reopened');
  t.ok(m.zsets.get(keys.key('open'))?.has('c1'), 'reopened is open again');
  t.ok(m.zsets.get(keys.key('due'))?.has('c1'), 'and due again');
  m = replay([lodged(), assigned, resolved, reopened, assigned]);
  t.equal(statusOf(m.summary()), 'assigned');
  m = replay([lodged(), recorded(E.Withdrawn, { by, at: '2026-03-01T12:00:00.000Z' })]);
  t.equal(statusOf(m.summary()), 'withdrawn');
  m = replay([lodged(), assigned, resolved, recorded(E.Closed, { by, at: '2026-03-03T12:00:00.000Z' })]);
  t.equal(statusOf(m.summary()), 'closed');
});

t.test('overdue, notes and erasure', async (t) => {
  const m = replay([
    lodged(),
    recorded(E.ResponseOverdue, {
      respondBy: '2026-03-04T08:00:00.000Z',
      severity: 'high',
      at: '2026-03-04T09:00:00.000Z',
    }),
    recorded(E.NoteAdded, {
      noteId: 'n1',
      source: 'hotline',
      sealed: 'pd1.n.n',
      by,
      at: '2026-03-04T10:00:00.000Z',
    }),
    recorded(E.ComplainantDataErased, {
      subjectId: 'complainant:c1',
      reason: 'asked',
      by,
      at: '2026-03-05T10:00:00.000Z',
    }),
  ]);
  t.equal(m.summary().overdue, '1');
  t.ok(
    (m.zsets.get(keys.key('due'))?.get('c1') ?? 0) > Date.parse('2100-01-01'),
    'reported: out of the sweep’s way',
  );
  t.equal(m.summary().personalData, 'erased');
  t.equal(m.summary().updatedAt, '2026-03-05T10:00:00.000Z');
  t.same(
    complaintQueueProjection.apply(recorded('ke.nea.other.v1', {}), keys),
    [],
    'other events change nothing',
  );
  t.same(
    complaintQueueProjection.apply(
      { ...lodged(), streamName: 'reference-sequence.2026' } as RecordedEvent,
      keys,
    ),
    [],
    'other streams change nothing',
  );
});
