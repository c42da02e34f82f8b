import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import type { CaseAction } from './events.ts';
import { caseDecider } from './index.ts';
import {
  closed,
  dateOf,
  day,
  hoursAfter,
  noteAction,
  openedEvent,
  sealedText,
  update,
  updated,
} from './specFixtures.ts';

/** Actions on an open case: notes, the employer contacted, hearings, shelter stays, wages, a lawyer. */
const spec = deciderSpec(caseDecider);
const now = day(5);
const today = dateOf(5);

const admitted = updated(day(1), { kind: 'shelter-admission', date: dateOf(1) }, { n: 1 });

const actions: Array<[string, CaseAction]> = [
  ['a note', noteAction('the worker says the employer keeps her passport')],
  ['the employer contacted', { kind: 'employer-contacted', date: dateOf(4) }],
  [
    'the employer contacted, with a note',
    { kind: 'employer-contacted', date: dateOf(4), note: sealedText('promised to pay by Friday') },
  ],
  [
    'a hearing at the labour office, with its date and outcome',
    { kind: 'hearing', forum: 'labour-office', outcome: 'adjourned', date: dateOf(3) },
  ],
  [
    'a hearing at the labour court',
    { kind: 'hearing', forum: 'labour-court', outcome: 'decided-for-worker', date: today },
  ],
  ['a shelter admission', { kind: 'shelter-admission', date: today }],
  [
    'wages recovered, amount and currency',
    { kind: 'wages-recovered', amount: 7200, currency: 'SAR', date: today },
  ],
  ['wages recovered, with cents', { kind: 'wages-recovered', amount: 0.5, currency: 'QAR', date: today }],
  [
    'a referral to a lawyer',
    { kind: 'lawyer-referral', date: dateOf(2), note: sealedText('pro bono, Riyadh bar') },
  ],
];

t.test('each action is recorded with its change id, who and when', async (t) => {
  for (const [name, action] of actions) {
    t.test(name, async (t) => {
      spec(t)
        .given([openedEvent])
        .when(update(now, action))
        .then([updated(now, action)]);
    });
  }
});

t.test('a discharge follows an admission', async (t) => {
  const discharge: CaseAction = { kind: 'shelter-discharge', date: dateOf(3) };
  spec(t)
    .given([openedEvent, admitted])
    .when(update(now, discharge, { n: 2 }))
    .then([updated(now, discharge, { n: 2 })]);
  spec(t)
    .given([openedEvent, admitted])
    .when(update(now, { kind: 'shelter-discharge', date: dateOf(1) }, { n: 2 }))
    .then(
      [updated(now, { kind: 'shelter-discharge', date: dateOf(1) }, { n: 2 })],
      'on the day of admission',
    );
});

t.test('shelter stays do not overlap', async (t) => {
  spec(t)
    .given([openedEvent, admitted])
    .when(update(now, { kind: 'shelter-admission', date: today }, { n: 2 }))
    .thenThrows({ type: 'already-in-shelter', kind: 'conflict', extra: { inShelterSince: dateOf(1) } });
  spec(t)
    .given([openedEvent])
    .when(update(now, { kind: 'shelter-discharge', date: today }))
    .thenThrows({ type: 'not-in-shelter', kind: 'conflict' }, 'never admitted');
  spec(t)
    .given([openedEvent, admitted, updated(day(2), { kind: 'shelter-discharge', date: dateOf(2) }, { n: 2 })])
    .when(update(now, { kind: 'shelter-discharge', date: today }, { n: 3 }))
    .thenThrows({ type: 'not-in-shelter', kind: 'conflict' }, 'discharged already');
  spec(t)
    .given([openedEvent, admitted, updated(day(2), { kind: 'shelter-discharge', date: dateOf(2) }, { n: 2 })])
    .when(update(now, { kind: 'shelter-admission', date: today }, { n: 3 }))
    .then(
      [updated(now, { kind: 'shelter-admission', date: today }, { n: 3 })],
      'admitted again after discharge',
    );
});

t.test('a discharge is not dated before its admission', async (t) => {
  spec(t)
    .given([openedEvent, admitted])
    .when(update(now, { kind: 'shelter-discharge', date: dateOf(0) }, { n: 2 }))
    .thenThrows({
      type: 'discharge-before-admission',
      kind: 'invalid',
      extra: { inShelterSince: dateOf(1) },
    });
});

t.test('wages recovered are more than nothing', async (t) => {
  for (const amount of [0, -10, Number.NaN, Number.POSITIVE_INFINITY]) {
    spec(t)
      .given([openedEvent])
      .when(update(now, { kind: 'wages-recovered', amount, currency: 'SAR', date: today }))
      .thenThrows({ type: 'amount-not-positive', kind: 'invalid' }, String(amount));
  }
});

t.test('what happened is not dated in the future', async (t) => {
  const future = { type: 'date-in-future', kind: 'invalid' } as const;
  for (const [name, action] of actions.filter(([, a]) => 'date' in a)) {
    spec(t)
      .given([openedEvent])
      .when(update(now, { ...action, date: dateOf(7) } as CaseAction))
      .thenThrows(future, `${name}, two days ahead`);
  }
  t.test('today at a mission ahead of UTC is today, not the future', async (t) => {
    // 22:30 UTC is already the next day at 01:30 in Riyadh (UTC+3).
    const lateUtc = hoursAfter(`${today}T00:00:00.000Z`, 22.5);
    const action: CaseAction = { kind: 'employer-contacted', date: dateOf(6) };
    spec(t)
      .given([openedEvent])
      .when(update(lateUtc, action))
      .then([updated(lateUtc, action)]);
    spec(t)
      .given([openedEvent])
      .when(update(lateUtc, { kind: 'employer-contacted', date: dateOf(7) }))
      .thenThrows(future, 'but never the day after');
  });
});

t.test('a closed case takes no more actions', async (t) => {
  for (const [name, action] of actions) {
    spec(t)
      .given([openedEvent, closed(day(2), 'resolved', { n: 9 })])
      .when(update(now, action))
      .thenThrows({ type: 'case-closed', kind: 'conflict', extra: { status: 'closed' } }, name);
  }
});
