import { foldEvents } from '@kazi/core';
import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import type { CaseEvent } from './events.ts';
import { caseDecider, REMEMBERED_UPDATES, rememberedUpdate } from './index.ts';
import {
  close,
  closed,
  dateOf,
  day,
  noteAction,
  openedEvent,
  stage,
  stageReached,
  update,
  updated,
} from './specFixtures.ts';

/**
 * Over a poor connection an app sends a change again until it hears an answer: the same `updateId` with
 * the same request is recognised and decides nothing; the same `updateId` with another request is refused.
 */
const spec = deciderSpec(caseDecider);
const reused = { type: 'update-id-reused', kind: 'conflict', extra: { updateId: 'update-1' } } as const;
const contacted = { kind: 'employer-contacted', date: dateOf(1) } as const;

t.test('an update sent again decides nothing, even days later', async (t) => {
  spec(t)
    .given([openedEvent, updated(day(1), contacted)])
    .when(update(day(3), contacted))
    .thenNothing();
});

t.test(
  'a repatriation stage sent again decides nothing, though the stage could not follow itself',
  async (t) => {
    spec(t)
      .given([openedEvent, stageReached(day(1), { stage: 'planned' })])
      .when(stage(day(2), { stage: 'planned' }, dateOf(1)))
      .thenNothing();
  },
);

t.test('a closure sent again decides nothing, though the case is closed', async (t) => {
  spec(t)
    .given([openedEvent, closed(day(1))])
    .when(close(day(2)))
    .thenNothing();
});

t.test('a resend is recognised after other changes', async (t) => {
  spec(t)
    .given([
      openedEvent,
      updated(day(1), contacted),
      updated(day(2), noteAction(), { n: 2 }),
      stageReached(day(2), { stage: 'planned' }, { n: 3 }),
    ])
    .when(update(day(3), contacted))
    .thenNothing();
});

t.test('another request under a used updateId is refused, whatever it is', async (t) => {
  const given = [openedEvent, updated(day(1), contacted)];
  spec(t)
    .given(given)
    .when(update(day(2), contacted, { other: 'b' }))
    .thenThrows(reused, 'the same action, changed');
  spec(t)
    .given(given)
    .when(update(day(2), noteAction(), { other: 'b' }))
    .thenThrows(reused, 'another action');
  spec(t)
    .given(given)
    .when(stage(day(2), { stage: 'planned' }))
    .thenThrows(reused, 'a repatriation stage, though its fingerprint matched');
  spec(t)
    .given(given)
    .when(close(day(2)))
    .thenThrows(reused, 'a closure, though its fingerprint matched');
  spec(t)
    .given([openedEvent, closed(day(1))])
    .when(close(day(2), 'resolved', { other: 'b' }))
    .thenThrows(reused, 'a different closure of a closed case');
});

t.test('a new updateId is a new change', async (t) => {
  spec(t)
    .given([openedEvent, updated(day(1), contacted)])
    .when(update(day(2), contacted, { n: 2 }))
    .then([updated(day(2), contacted, { n: 2 })], 'the employer contacted a second time');
});

t.test('the case remembers the version each change brought it to', async (t) => {
  const state = foldEvents(caseDecider, caseDecider.initialState(), [
    openedEvent,
    updated(day(1), contacted),
    stageReached(day(2), { stage: 'planned' }, { n: 2 }),
    closed(day(3), 'resolved', { n: 3 }),
  ]);
  t.equal(state.version, 4);
  t.same(rememberedUpdate(state, 'update-1'), {
    updateId: 'update-1',
    command: 'RecordCaseUpdate',
    fingerprint: 'fp-1-a',
    version: 2,
  });
  t.same(rememberedUpdate(state, 'update-2')?.version, 3);
  t.same(rememberedUpdate(state, 'update-3')?.version, 4);
  t.equal(rememberedUpdate(state, 'update-4'), undefined);
});

t.test(`it remembers the last ${REMEMBERED_UPDATES} changes`, async (t) => {
  const notes: CaseEvent[] = Array.from({ length: REMEMBERED_UPDATES + 1 }, (_, i) =>
    updated(day(1), noteAction(`note ${i + 1}`), { n: i + 1 }),
  );
  const state = foldEvents(caseDecider, caseDecider.initialState(), [openedEvent, ...notes]);
  t.equal(state.recentUpdates.length, REMEMBERED_UPDATES);
  t.equal(rememberedUpdate(state, 'update-1'), undefined, 'the oldest is forgotten');
  t.equal(rememberedUpdate(state, 'update-2')?.version, 3);
  t.equal(rememberedUpdate(state, `update-${REMEMBERED_UPDATES + 1}`)?.version, REMEMBERED_UPDATES + 2);
});
