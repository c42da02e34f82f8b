import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import type { CaseAction } from './events.ts';
import { caseDecider } from './index.ts';
import {
  close,
  closed,
  dateOf,
  day,
  openedDeathCase,
  openedEvent,
  sealedText,
  stage,
  stageReached,
  update,
  updated,
} from './specFixtures.ts';

/** A death case: the remains are repatriated, or buried abroad, with the family's consent. */
const spec = deciderSpec(caseDecider);

const repatriateRemains: CaseAction = {
  kind: 'remains-disposition',
  disposition: 'repatriation-of-remains',
  familyConsent: { date: dateOf(1), relation: 'parent' },
};
const buryAbroad: CaseAction = {
  kind: 'remains-disposition',
  disposition: 'burial-abroad',
  familyConsent: { date: dateOf(1), relation: 'spouse' },
  note: sealedText('buried in Riyadh, the husband attended'),
};
const consentedToRepatriation = updated(day(1), repatriateRemains, { n: 1 });
const consentedToBurial = updated(day(1), buryAbroad, { n: 1 });

t.test("the family's consent to repatriate the remains, or to bury them abroad, is recorded", async (t) => {
  spec(t)
    .given([openedDeathCase])
    .when(update(day(1), repatriateRemains))
    .then([consentedToRepatriation]);
  spec(t)
    .given([openedDeathCase])
    .when(update(day(1), buryAbroad))
    .then([consentedToBurial]);
});

t.test('only a death case records what becomes of the remains', async (t) => {
  spec(t)
    .given([openedEvent])
    .when(update(day(1), repatriateRemains))
    .thenThrows({ type: 'not-a-death-case', kind: 'invalid', extra: { caseType: 'labour-dispute' } });
});

t.test('the consent is not dated in the future', async (t) => {
  spec(t)
    .given([openedDeathCase])
    .when(
      update(day(1), {
        ...repatriateRemains,
        familyConsent: { date: dateOf(3), relation: 'parent' },
      } as CaseAction),
    )
    .thenThrows({ type: 'date-in-future', kind: 'invalid' });
});

t.test('the remains are repatriated only with the consent, and never once buried abroad', async (t) => {
  spec(t)
    .given([openedDeathCase])
    .when(stage(day(2), { stage: 'planned' }, dateOf(2), { n: 2 }))
    .thenThrows({ type: 'remains-disposition-required', kind: 'conflict' });
  spec(t)
    .given([openedDeathCase, consentedToBurial])
    .when(stage(day(2), { stage: 'planned' }, dateOf(2), { n: 2 }))
    .thenThrows({ type: 'remains-buried-abroad', kind: 'conflict' });
});

t.test('each stage of a repatriation of remains says so; arrival too', async (t) => {
  spec(t)
    .given([openedDeathCase, consentedToRepatriation])
    .when(stage(day(2), { stage: 'planned' }, dateOf(2), { n: 2 }))
    .then([stageReached(day(2), { stage: 'planned', remains: true }, { n: 2 })]);
  spec(t)
    .given([
      openedDeathCase,
      consentedToRepatriation,
      stageReached(day(2), { stage: 'planned', remains: true }, { n: 2 }),
      stageReached(day(3), { stage: 'documents-ready', remains: true }, { n: 3 }),
      stageReached(day(4), { stage: 'departed', remains: true }, { n: 4 }),
    ])
    .when(stage(day(5), { stage: 'arrived', safeAndDignified: true }, dateOf(5), { n: 5 }))
    .then([
      stageReached(
        day(5),
        {
          stage: 'arrived',
          safeAndDignified: true,
          worker: { sex: 'female', ageBand: '25-34' },
          remains: true,
        },
        { n: 5 },
      ),
    ]);
});

t.test('the family may change their minds until the repatriation of the remains is under way', async (t) => {
  spec(t)
    .given([openedDeathCase, consentedToRepatriation])
    .when(update(day(2), buryAbroad, { n: 2 }))
    .then([updated(day(2), buryAbroad, { n: 2 })], 'before it was planned');
  spec(t)
    .given([
      openedDeathCase,
      consentedToRepatriation,
      stageReached(day(2), { stage: 'planned', remains: true }, { n: 2 }),
      stageReached(day(3), { stage: 'abandoned', remains: true, reason: sealedText('no flight') }, { n: 3 }),
    ])
    .when(update(day(4), buryAbroad, { n: 4 }))
    .then([updated(day(4), buryAbroad, { n: 4 })], 'after it was abandoned');
  for (const [reached, events] of [
    ['planned', [stageReached(day(2), { stage: 'planned', remains: true }, { n: 2 })]],
    [
      'arrived',
      [
        stageReached(day(2), { stage: 'planned', remains: true }, { n: 2 }),
        stageReached(day(2), { stage: 'documents-ready', remains: true }, { n: 3 }),
        stageReached(day(2), { stage: 'departed', remains: true }, { n: 5 }),
        stageReached(day(3), { stage: 'arrived', safeAndDignified: true, remains: true }, { n: 6 }),
      ],
    ],
  ] as const) {
    spec(t)
      .given([openedDeathCase, consentedToRepatriation, ...events])
      .when(update(day(4), buryAbroad, { n: 9 }))
      .thenThrows(
        { type: 'repatriation-under-way', kind: 'conflict', extra: { stage: reached } },
        `not once ${reached}`,
      );
  }
});

t.test('a death case closes once what becomes of the remains is recorded', async (t) => {
  spec(t)
    .given([openedDeathCase])
    .when(close(day(2), 'deceased', { n: 2 }))
    .thenThrows({ type: 'remains-disposition-required', kind: 'conflict' });
  spec(t)
    .given([openedDeathCase, consentedToBurial])
    .when(close(day(2), 'deceased', { n: 2 }))
    .then([closed(day(2), 'deceased', { n: 2 })]);
});
