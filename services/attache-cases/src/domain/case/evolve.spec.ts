import { foldEvents } from '@kazi/core';
import t from 'tap';
import { type CaseEvent, caseEventDataSchemas, parseCaseEvent } from './events.ts';
import { caseDecider, currentStage } from './index.ts';
import {
  attache,
  caseId,
  closed,
  dateOf,
  day,
  detailsRecorded,
  director,
  erased,
  noteAction,
  opened,
  openedAt,
  openedDeathCase,
  openedEvent,
  sealedDetails,
  sealedText,
  stageReached,
  subjectId,
  updated,
} from './specFixtures.ts';
import type { CaseState } from './state.ts';

/** The state the stored events rebuild: what the decider decides on, what is snapshotted and shown. */
const fold = (events: readonly CaseEvent[]): CaseState =>
  foldEvents(caseDecider, caseDecider.initialState(), events);

t.test('before any event the case does not exist', async (t) => {
  t.same(caseDecider.initialState(), {
    status: null,
    opened: null,
    version: 0,
    recentUpdates: [],
    timeline: [],
    inShelterSince: null,
    repatriation: [],
    remains: null,
    closure: null,
    erasure: null,
    updatedAt: null,
  });
});

t.test('opened', async (t) => {
  const state = fold([openedEvent]);
  t.equal(state.status, 'open');
  t.same(state.opened, openedEvent.data, 'the opening facts, personal data sealed');
  t.equal(state.version, 1);
  t.equal(state.updatedAt, openedAt);
});

t.test('actions make the timeline; a shelter stay is remembered until discharge', async (t) => {
  const note = updated(day(1), noteAction(), { n: 1 });
  const admission = updated(day(2), { kind: 'shelter-admission', date: dateOf(2) }, { n: 2 });
  const discharge = updated(day(3), { kind: 'shelter-discharge', date: dateOf(3) }, { n: 3 });
  const inShelter = fold([openedEvent, note, admission]);
  t.equal(inShelter.inShelterSince, dateOf(2));
  t.same(
    inShelter.timeline,
    [
      { updateId: 'update-1', action: note.data.action, by: attache, at: day(1) },
      { updateId: 'update-2', action: admission.data.action, by: attache, at: day(2) },
    ],
    'oldest first',
  );
  const out = fold([openedEvent, note, admission, discharge]);
  t.equal(out.inShelterSince, null);
  t.equal(out.timeline.length, 3);
  t.equal(out.version, 4);
  t.equal(out.updatedAt, day(3));
});

t.test('every stage reached, the current one last', async (t) => {
  const state = fold([
    openedEvent,
    stageReached(day(1), { stage: 'planned' }, { n: 1 }),
    stageReached(day(2), { stage: 'abandoned', reason: sealedText('x') }, { n: 2 }),
    stageReached(day(3), { stage: 'planned' }, { n: 3 }),
  ]);
  t.same(
    state.repatriation.map((s) => [s.stage, s.date]),
    [
      ['planned', dateOf(1)],
      ['abandoned', dateOf(2)],
      ['planned', dateOf(3)],
    ],
  );
  t.same(state.repatriation[1]?.reason, sealedText('x'));
  t.same(
    state.repatriation.map((s) => s.updateId),
    ['update-1', 'update-2', 'update-3'],
    'each stage keeps the change that made it (its sealed reason is bound to it)',
  );
  t.equal(currentStage(state)?.stage, 'planned');
  t.equal(currentStage(fold([openedEvent])), null, 'none before a plan');
  const arrived = fold([
    openedEvent,
    stageReached(day(4), { stage: 'arrived', safeAndDignified: false, worker: { sex: 'female' } }, { n: 1 }),
  ]);
  t.equal(currentStage(arrived)?.safeAndDignified, false);
});

t.test("a death case remembers the family's latest consent", async (t) => {
  const consent = (disposition: 'burial-abroad' | 'repatriation-of-remains', n: number) =>
    updated(
      day(n),
      { kind: 'remains-disposition', disposition, familyConsent: { date: dateOf(n), relation: 'sibling' } },
      { n },
    );
  const state = fold([openedDeathCase, consent('repatriation-of-remains', 1), consent('burial-abroad', 2)]);
  t.same(state.remains, { disposition: 'burial-abroad', consentDate: dateOf(2) });
});

t.test("the worker's details recorded later replace the earlier ones", async (t) => {
  const referred = opened({
    worker: { subjectId, sex: 'unspecified', ageBand: '25-34' },
    summary: undefined,
  });
  const state = fold([referred, detailsRecorded(day(1), { sex: 'female', ageBand: undefined }, { n: 1 })]);
  t.same(
    state.opened?.worker,
    { subjectId, sealed: sealedDetails, sex: 'female', ageBand: '25-34', occupation: '9111' },
    'sealed details and sex replaced; an age band not given keeps the earlier one',
  );
  t.same(state.recentUpdates.at(-1), {
    updateId: 'update-1',
    command: 'RecordWorkerDetails',
    fingerprint: 'fp-1-a',
    version: 2,
  });
  t.equal(state.opened?.caseId, caseId, 'the opening facts stay');
});

t.test('closed, then erased', async (t) => {
  const state = fold([openedEvent, closed(day(2), 'resolved', { note: 'paid' }), erased(day(3))]);
  t.equal(state.status, 'closed');
  t.same(state.closure, {
    updateId: 'update-1',
    outcome: 'resolved',
    note: sealedText('paid'),
    by: attache,
    at: day(2),
  });
  t.same(state.erasure, { reason: sealedText('the worker asked for erasure'), by: director, at: day(3) });
  t.equal(state.version, 3);
  t.equal(state.updatedAt, day(3));
  t.same(JSON.parse(JSON.stringify(state)), state, 'the state is JSON (it is snapshotted)');
});

t.test(
  'the examples are valid stored events, and a stored event is parsed before it is trusted',
  async (t) => {
    const examples: CaseEvent[] = [
      openedEvent,
      updated(day(1), { kind: 'wages-recovered', amount: 10, currency: 'SAR', date: dateOf(1) }),
      stageReached(day(1), {
        stage: 'arrived',
        safeAndDignified: true,
        worker: { sex: 'male', ageBand: '18-24' },
      }),
      closed(day(1), 'deceased', { complaintId: 'complaint-1' }),
      erased(day(2)),
    ];
    for (const event of examples) {
      t.ok(caseEventDataSchemas[event.type].safeParse(event.data).success, event.type);
      t.same(parseCaseEvent(JSON.parse(JSON.stringify(event))), event, `${event.type} round-trips`);
    }
    t.throws(
      () => parseCaseEvent({ type: 'ke.nea.attache-cases.case-reopened.v1', data: {} }),
      /not a case event/,
    );
    t.throws(() =>
      parseCaseEvent({
        type: openedEvent.type,
        data: { ...openedEvent.data, worker: { fullName: 'Amina' } },
      }),
    );
  },
);
