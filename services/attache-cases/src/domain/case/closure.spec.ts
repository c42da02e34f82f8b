import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import { caseDecider } from './index.ts';
import {
  close,
  closed,
  complaintId,
  dateOf,
  day,
  opened,
  openedEvent,
  sealedText,
  stageReached,
  updated,
} from './specFixtures.ts';
import { CLOSURE_OUTCOMES } from './vocabulary.ts';

/** Closure with an outcome, once nothing is left in the middle. */
const spec = deciderSpec(caseDecider);
const now = day(6);

t.test('a case closes with each outcome', async (t) => {
  for (const outcome of CLOSURE_OUTCOMES)
    spec(t)
      .given([openedEvent])
      .when(close(now, outcome))
      .then([closed(now, outcome)], outcome);
});

t.test('with a note', async (t) => {
  spec(t)
    .given([openedEvent])
    .when(close(now, 'partially-resolved', { note: 'half the wages paid' }))
    .then([closed(now, 'partially-resolved', { note: 'half the wages paid' })]);
});

t.test(
  'a case opened from a complaint names it on closure, so the complaint can show the outcome',
  async (t) => {
    spec(t)
      .given([opened({ complaintId })])
      .when(close(now, 'worker-returned'))
      .then([closed(now, 'worker-returned', { complaintId })]);
  },
);

t.test('not while the worker is in a shelter', async (t) => {
  const admitted = updated(day(1), { kind: 'shelter-admission', date: dateOf(1) }, { n: 1 });
  spec(t)
    .given([openedEvent, admitted])
    .when(close(now, 'resolved', { n: 2 }))
    .thenThrows({ type: 'worker-in-shelter', kind: 'conflict', extra: { inShelterSince: dateOf(1) } });
  spec(t)
    .given([openedEvent, admitted, updated(day(2), { kind: 'shelter-discharge', date: dateOf(2) }, { n: 2 })])
    .when(close(now, 'resolved', { n: 3 }))
    .then([closed(now, 'resolved', { n: 3 })], 'after the discharge');
});

t.test('not while a repatriation is under way', async (t) => {
  const planned = stageReached(day(1), { stage: 'planned' }, { n: 1 });
  const ready = stageReached(day(2), { stage: 'documents-ready' }, { n: 2 });
  const departed = stageReached(day(3), { stage: 'departed' }, { n: 3 });
  const stages = [planned, ready, departed];
  for (const [i, reached] of ['planned', 'documents-ready', 'departed'].entries()) {
    spec(t)
      .given([openedEvent, ...stages.slice(0, i + 1)])
      .when(close(now, 'worker-returned', { n: 9 }))
      .thenThrows({ type: 'repatriation-under-way', kind: 'conflict', extra: { stage: reached } }, reached);
  }
  spec(t)
    .given([
      openedEvent,
      ...stages,
      stageReached(day(4), { stage: 'arrived', safeAndDignified: true, worker: { sex: 'female' } }, { n: 4 }),
    ])
    .when(close(now, 'worker-returned', { n: 9 }))
    .then([closed(now, 'worker-returned', { n: 9 })], 'after the arrival');
  spec(t)
    .given([
      openedEvent,
      planned,
      stageReached(day(2), { stage: 'abandoned', reason: sealedText('x') }, { n: 2 }),
    ])
    .when(close(now, 'worker-unreachable', { n: 9 }))
    .then([closed(now, 'worker-unreachable', { n: 9 })], 'after an abandonment');
});

t.test('a case is closed once', async (t) => {
  spec(t)
    .given([openedEvent, closed(day(2))])
    .when(close(now, 'resolved', { n: 2 }))
    .thenThrows({ type: 'case-closed', kind: 'conflict', extra: { status: 'closed' } });
});
