import { foldEvents } from '@kazi/core';
import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import { InspectionEventType, inspectionDecider, type NoteInspection } from './index.ts';

const spec = deciderSpec(inspectionDecider);
const director = { sub: 'director-1', name: 'Kamau Njoroge' };

const note = (inspectedOn: string, now = '2026-03-01T08:00:00.000Z', text?: string): NoteInspection => ({
  type: 'NoteInspection',
  agencyId: 'agency-1',
  inspectedOn,
  ...(text ? { note: text } : {}),
  actor: director,
  now,
});

const noted = (inspectedOn: string, at = '2026-03-01T08:00:00.000Z', text?: string) => ({
  type: InspectionEventType.Noted,
  data: { agencyId: 'agency-1', inspectedOn, ...(text ? { note: text } : {}), actor: director, at },
});

t.test('a director notes an inspection on a day up to today', (t) => {
  spec(t)
    .given([])
    .when(note('2026-02-27', undefined, 'files in order'))
    .then([noted('2026-02-27', undefined, 'files in order')]);
  spec(t)
    .given([noted('2026-01-10')])
    .when(note('2026-03-01'))
    .then([noted('2026-03-01')]);
  t.end();
});

t.test('today is the day in Nairobi: 22:00 UTC on 28 February is already 1 March there', (t) => {
  spec(t)
    .given([])
    .when(note('2026-03-01', '2026-02-28T22:00:00.000Z'))
    .then([noted('2026-03-01', '2026-02-28T22:00:00.000Z')]);
  spec(t)
    .given([])
    .when(note('2026-03-01', '2026-02-28T20:00:00.000Z'))
    .thenThrows({ type: 'inspection-in-future', kind: 'invalid' });
  t.end();
});

t.test('an inspection that has not happened yet is refused', (t) => {
  spec(t).given([]).when(note('2026-03-02')).thenThrows({ type: 'inspection-in-future', kind: 'invalid' });
  t.end();
});

t.test('the state lists notes by the day inspected, newest first, whatever order they came in', (t) => {
  const state = foldEvents(inspectionDecider, inspectionDecider.initialState(), [
    noted('2026-02-10', '2026-02-10T09:00:00.000Z'),
    noted('2026-02-20', '2026-02-20T09:00:00.000Z', 'second visit'),
    noted('2026-01-05', '2026-02-21T09:00:00.000Z'),
  ]);
  t.same(
    state.notes.map((n) => n.inspectedOn),
    ['2026-02-20', '2026-02-10', '2026-01-05'],
  );
  t.equal(state.notes[0]?.note, 'second visit');
  t.equal(state.notes[0]?.by, 'Kamau Njoroge');
  t.end();
});
