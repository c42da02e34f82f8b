import { foldEvents } from '@kazi/core';
import t from 'tap';
import type { ComplaintEvent } from './events.ts';
import { complaintDecider } from './index.ts';
import {
  assigned,
  closed,
  day,
  director,
  erased,
  hotline,
  hoursAfter,
  inStatus,
  lodgedAt,
  lodgedEvent,
  noteAdded,
  OPEN,
  officer,
  referred,
  reopened,
  resolved,
  responseOverdue,
  sealedText,
  secondOfficer,
  triaged,
  wagesRecovered,
  withdrawn,
} from './specFixtures.ts';
import type { ComplaintState } from './state.ts';

/** The state the stored events rebuild: what the decider decides on, what is snapshotted and shown. */

const fold = (events: readonly ComplaintEvent[]): ComplaintState =>
  foldEvents(complaintDecider, complaintDecider.initialState(), events);

const due = hoursAfter(lodgedAt, 72);
const toCritical = triaged(day(0.5), {
  categories: ['physical-abuse', 'withheld-wages'],
  indicators: ['physical-and-sexual-violence', 'withholding-of-wages'],
  traffickingSuspected: true,
  severity: 'critical',
  previousSeverity: 'high',
  respondBy: hoursAfter(lodgedAt, 24),
  reason: 'caller reports beatings',
});

t.test('before any event the complaint does not exist', async (t) => {
  t.same(complaintDecider.initialState(), {
    status: null,
    lodged: null,
    categories: [],
    indicators: [],
    traffickingSuspected: false,
    severity: null,
    deadlineFrom: null,
    respondBy: null,
    respondedAt: null,
    overdueReported: [],
    assignee: null,
    notes: [],
    referrals: [],
    resolution: null,
    erasure: null,
    updatedAt: null,
    history: [],
  });
});

t.test('lodged', async (t) => {
  const state = fold([lodgedEvent]);
  t.equal(state.status, 'lodged');
  t.same(state.lodged, lodgedEvent.data, 'the lodged facts, personal data sealed');
  t.same(state.categories, ['withheld-wages', 'document-confiscation']);
  t.same(state.indicators, ['retention-of-identity-documents', 'withholding-of-wages']);
  t.equal(state.traffickingSuspected, false);
  t.equal(state.severity, 'high');
  t.equal(state.deadlineFrom, lodgedAt, 'the response period starts at lodging');
  t.equal(state.respondBy, due);
  t.equal(state.respondedAt, null);
  t.same(state.overdueReported, []);
  t.equal(state.updatedAt, lodgedAt);
  t.same(state.history, [{ event: 'lodged', at: lodgedAt, by: hotline, status: 'lodged' }]);
});

t.test('triage', async (t) => {
  t.test('takes the categories, indicators, suspicion, severity and deadline', async (t) => {
    const state = fold([lodgedEvent, toCritical]);
    t.equal(state.status, 'triaged', 'lodged → triaged');
    t.same(state.categories, ['physical-abuse', 'withheld-wages']);
    t.same(state.indicators, ['physical-and-sexual-violence', 'withholding-of-wages']);
    t.equal(state.traffickingSuspected, true);
    t.equal(state.severity, 'critical');
    t.equal(state.respondBy, hoursAfter(lodgedAt, 24));
    t.equal(state.deadlineFrom, lodgedAt, 'the response period does not restart');
    t.equal(state.respondedAt, null, 'a triage is not a response');
    t.equal(state.updatedAt, day(0.5));
    t.same(state.history[1], {
      event: 'triaged',
      at: day(0.5),
      by: officer,
      status: 'triaged',
      reason: sealedText('caller reports beatings'),
    });
  });

  t.test('other open statuses stay as they are', async (t) => {
    for (const status of OPEN.filter((s) => s !== 'lodged')) {
      const state = fold([
        ...inStatus[status],
        triaged(day(25), { severity: 'high', previousSeverity: 'high', respondBy: due }),
      ]);
      t.equal(state.status, status, `${status} stays ${status}`);
      t.equal(state.history.at(-1)?.status, status, 'and the history says so');
    }
  });
});

t.test('assignment', async (t) => {
  t.test('assigned, and the first response', async (t) => {
    const state = fold(inStatus.assigned);
    t.equal(state.status, 'assigned');
    t.equal(state.assignee, secondOfficer.sub);
    t.equal(state.respondedAt, day(1));
    t.same(state.history.at(-1), { event: 'assigned', at: day(1), by: officer, status: 'assigned' });
  });

  t.test('reassignment changes the assignee, not the time of the first response', async (t) => {
    const state = fold([...inStatus.assigned, assigned(day(4), 'officer-3')]);
    t.equal(state.assignee, 'officer-3');
    t.equal(state.respondedAt, day(1));
  });

  t.test('a referred complaint stays referred when assigned to follow it up', async (t) => {
    const state = fold([lodgedEvent, referred(day(1)), assigned(day(2))]);
    t.equal(state.status, 'referred');
    t.equal(state.assignee, secondOfficer.sub);
    t.equal(state.respondedAt, day(1), 'the referral was the response');
    t.equal(state.history.at(-1)?.status, 'referred');
  });

  t.test('straight from lodging, or after a reopening', async (t) => {
    t.equal(fold([lodgedEvent, assigned(day(1))]).status, 'assigned');
    const state = fold([...inStatus.reopened, assigned(day(21))]);
    t.equal(state.status, 'assigned');
    t.equal(state.respondedAt, day(21), 'the response of the new period');
  });
});

t.test('notes: kept sealed, an update, not a history entry', async (t) => {
  const state = fold([
    lodgedEvent,
    noteAdded(day(1), 'hotline', 'note-1'),
    noteAdded(day(2), 'officer', 'note-2'),
  ]);
  t.same(
    state.notes.map((n) => [n.noteId, n.source, n.sealed, n.at]),
    [
      ['note-1', 'hotline', 'pd1.bm90ZQ.note-1', day(1)],
      ['note-2', 'officer', 'pd1.bm90ZQ.note-2', day(2)],
    ],
  );
  t.equal(state.updatedAt, day(2));
  t.equal(state.history.length, 1);
  t.equal(state.status, 'lodged');
  t.equal(state.respondedAt, null, 'a note is not a response');
});

t.test('referral', async (t) => {
  const state = fold([...inStatus.assigned, referred(day(2)), referred(day(3), 'police')]);
  t.equal(state.status, 'referred');
  t.same(
    state.referrals.map((r) => [r.to, r.country, r.at]),
    [
      ['labour-attache', 'SA', day(2)],
      ['police', 'SA', day(3)],
    ],
  );
  t.equal(state.respondedAt, day(1), 'the assignment was the first response');
  t.equal(fold([lodgedEvent, referred(day(2))]).respondedAt, day(2), 'a referral is a response');
  t.same(state.history.at(-1), { event: 'referred', at: day(3), by: officer, status: 'referred' });
});

t.test('resolution keeps the outcome and the remedy', async (t) => {
  const state = fold(inStatus.resolved);
  t.equal(state.status, 'resolved');
  t.same(state.resolution, {
    outcome: 'resolved-in-favour',
    remedy: wagesRecovered,
    by: officer,
    at: day(10),
  });
  t.same(state.resolution?.remedy, { kind: 'wages-recovered', amount: 7200, currency: 'SAR' });
  t.equal(state.respondedAt, day(1));
  const direct = fold([...inStatus.triaged, resolved(day(2), 'not-substantiated', null)]);
  t.equal(direct.respondedAt, day(2), 'resolving is a response');
  t.same(direct.resolution, { outcome: 'not-substantiated', by: officer, at: day(2) });
});

t.test('closure', async (t) => {
  const state = fold(inStatus.closed);
  t.equal(state.status, 'closed');
  t.equal(state.resolution?.outcome, 'resolved-in-favour', 'the resolution stays');
  t.same(state.history.at(-1), { event: 'closed', at: day(11), by: officer, status: 'closed' });
});

t.test('reopening starts a new response period', async (t) => {
  const before = fold([
    lodgedEvent,
    responseOverdue(day(3.1), due),
    assigned(day(4)),
    resolved(day(10)),
    closed(day(11)),
  ]);
  t.same(before.overdueReported, [due]);
  const state = fold([
    lodgedEvent,
    responseOverdue(day(3.1), due),
    assigned(day(4)),
    resolved(day(10)),
    closed(day(11)),
    reopened(day(20), 'high', hoursAfter(day(20), 72), 'paid only half'),
  ]);
  t.equal(state.status, 'reopened');
  t.equal(state.deadlineFrom, day(20));
  t.equal(state.respondBy, hoursAfter(day(20), 72));
  t.equal(state.respondedAt, null, 'nobody has responded in the new period');
  t.same(state.overdueReported, [], 'no overdue reported in the new period');
  t.equal(state.resolution, null, 'the resolution is cleared');
  t.equal(state.assignee, secondOfficer.sub, 'the assignee stays');
  t.equal(state.severity, 'high');
  t.same(state.history.at(-1), {
    event: 'reopened',
    at: day(20),
    by: officer,
    status: 'reopened',
    reason: sealedText('paid only half'),
  });
});

t.test('withdrawal', async (t) => {
  const state = fold(inStatus.withdrawn);
  t.equal(state.status, 'withdrawn');
  t.same(state.history.at(-1), {
    event: 'withdrawn',
    at: day(1),
    by: hotline,
    status: 'withdrawn',
    reason: sealedText('my employer paid me'),
  });
  t.equal(state.respondedAt, day(1), 'nothing is left to respond to');
  const silent = fold([lodgedEvent, withdrawn(day(2))]);
  t.same(
    silent.history.at(-1),
    { event: 'withdrawn', at: day(2), by: hotline, status: 'withdrawn' },
    'no reason given',
  );
  t.equal(fold([...inStatus.assigned, withdrawn(day(2))]).respondedAt, day(1), 'an earlier response stays');
});

t.test('an overdue report changes neither status, update time nor history', async (t) => {
  const before = fold([lodgedEvent, noteAdded(day(1))]);
  const after = fold([lodgedEvent, noteAdded(day(1)), responseOverdue(day(3.1), due)]);
  t.same(after.overdueReported, [due]);
  t.equal(after.updatedAt, day(1), 'the last update is still the note');
  t.same({ ...after, overdueReported: [] }, before, 'nothing else changed');
});

t.test('erasure', async (t) => {
  for (const [status, given] of Object.entries(inStatus)) {
    const state = fold([...given, erased(day(40), 'asked by the complainant')]);
    t.equal(state.status, status, `a ${status} complaint stays ${status}`);
    t.same(state.erasure, { reason: sealedText('asked by the complainant'), by: director, at: day(40) });
    t.same(state.history.at(-1), { event: 'complainant-data-erased', at: day(40), by: director, status });
    t.equal(state.updatedAt, day(40));
  }
});

t.test('the whole life of a complaint', async (t) => {
  const events: ComplaintEvent[] = [
    lodgedEvent,
    toCritical,
    assigned(day(0.6)),
    noteAdded(day(0.7), 'hotline'),
    referred(day(1), 'counter-trafficking', { categories: toCritical.data.categories, severity: 'critical' }),
    resolved(day(10)),
    closed(day(11)),
    reopened(day(20), 'critical', hoursAfter(day(20), 24)),
    responseOverdue(day(21.5), hoursAfter(day(20), 24), 'critical'),
    withdrawn(day(22), 'I am home now'),
    erased(day(23)),
  ];
  const state = fold(events);
  t.same(
    state.history.map((h) => [h.event, h.status, h.at, h.by?.sub, h.reason]),
    [
      ['lodged', 'lodged', lodgedAt, 'hotline-1', undefined],
      ['triaged', 'triaged', day(0.5), 'officer-1', sealedText('caller reports beatings')],
      ['assigned', 'assigned', day(0.6), 'officer-1', undefined],
      ['referred', 'referred', day(1), 'officer-1', undefined],
      ['resolved', 'resolved', day(10), 'officer-1', undefined],
      ['closed', 'closed', day(11), 'officer-1', undefined],
      ['reopened', 'reopened', day(20), 'officer-1', sealedText('the employer stopped paying again')],
      ['withdrawn', 'withdrawn', day(22), 'hotline-1', sealedText('I am home now')],
      ['complainant-data-erased', 'withdrawn', day(23), 'director-1', undefined],
    ],
    'one entry per change of the complaint, notes and overdue reports left out',
  );
  t.equal(state.updatedAt, day(23), "the last event's time");
  t.equal(state.notes.length, 1);
  t.equal(state.referrals.length, 1);

  t.test('the update time is the last event’s, except an overdue report', async (t) => {
    for (let n = 1; n <= events.length; n++) {
      const prefix = events.slice(0, n);
      const last = prefix.at(-1) as ComplaintEvent;
      const expected =
        last.type === responseOverdue(day(0)).type ? (prefix.at(-2) as ComplaintEvent).data.at : last.data.at;
      t.equal(fold(prefix).updatedAt, expected, `after ${last.type}`);
    }
  });

  t.test('the state is JSON (snapshots)', async (t) => {
    t.same(JSON.parse(JSON.stringify(state)), state);
  });
});

t.test('events are facts: evolve never refuses, even out of order', async (t) => {
  const triagedFirst = fold([toCritical]);
  t.equal(triagedFirst.status, 'triaged', 'a triage of a complaint not (yet) lodged');
  t.equal(triagedFirst.lodged, null);
  const erasedFirst = fold([erased(day(1))]);
  t.equal(erasedFirst.history[0]?.status, 'lodged', 'an erasure of a complaint not (yet) lodged');
  const unknown = {
    type: 'ke.nea.complaints.something-new.v1',
    data: { at: day(1) },
  } as unknown as ComplaintEvent;
  const state = fold([lodgedEvent]);
  t.same(
    complaintDecider.evolve(state, unknown),
    state,
    'an event type it does not know leaves the state as it was',
  );
});
