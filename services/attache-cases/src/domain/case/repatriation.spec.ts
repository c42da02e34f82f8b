import { foldEvents } from '@kazi/core';
import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import type { RecordRepatriationStage } from './commands.ts';
import type { CaseEvent } from './events.ts';
import { caseDecider } from './index.ts';
import {
  closed,
  dateOf,
  day,
  erased,
  opened,
  openedEvent,
  sealedText,
  stage,
  stageReached,
} from './specFixtures.ts';
import { REPATRIATION_STAGES, type RepatriationStage } from './vocabulary.ts';

/**
 * planned → documents-ready → departed → arrived, or abandoned with a reason; each stage with its day.
 * Arrival records whether the return was safe and dignified, with sex and age band (indicator 30.4.1).
 */
const spec = deciderSpec(caseDecider);

const planned = stageReached(day(1), { stage: 'planned' }, { n: 1 });
const documentsReady = stageReached(day(2), { stage: 'documents-ready' }, { n: 2 });
const departed = stageReached(day(3), { stage: 'departed' }, { n: 3 });
const arrived = stageReached(
  day(4),
  { stage: 'arrived', safeAndDignified: true, worker: { sex: 'female', ageBand: '25-34' } },
  { n: 4 },
);
const abandoned = stageReached(
  day(2),
  { stage: 'abandoned', reason: sealedText('the worker chose to stay') },
  { n: 2 },
);

/** The events that leave the repatriation at each stage, after the opening. */
const at: Record<RepatriationStage | 'none', CaseEvent[]> = {
  none: [openedEvent],
  planned: [openedEvent, planned],
  'documents-ready': [openedEvent, planned, documentsReady],
  departed: [openedEvent, planned, documentsReady, departed],
  arrived: [openedEvent, planned, documentsReady, departed, arrived],
  abandoned: [openedEvent, planned, abandoned],
};

const next: Record<RepatriationStage | 'none', RepatriationStage[]> = {
  none: ['planned'],
  planned: ['documents-ready', 'abandoned'],
  'documents-ready': ['departed', 'abandoned'],
  departed: ['arrived', 'abandoned'],
  arrived: [],
  abandoned: ['planned'],
};

const now = day(6);
const commandFor = (s: RepatriationStage): RecordRepatriationStage =>
  s === 'arrived'
    ? stage(now, { stage: s, safeAndDignified: true }, dateOf(6), { n: 9 })
    : s === 'abandoned'
      ? stage(now, { stage: s, reason: sealedText('no exit permit') }, dateOf(6), { n: 9 })
      : stage(now, { stage: s }, dateOf(6), { n: 9 });

t.test('the stages in order, each with its day', async (t) => {
  spec(t)
    .given(at.none)
    .when(stage(day(1), { stage: 'planned' }, dateOf(1), { n: 1 }))
    .then([planned]);
  spec(t)
    .given(at.planned)
    .when(stage(day(2), { stage: 'documents-ready' }, dateOf(2), { n: 2 }))
    .then([documentsReady]);
  spec(t)
    .given(at['documents-ready'])
    .when(stage(day(3), { stage: 'departed' }, dateOf(3), { n: 3 }))
    .then([departed]);
});

t.test('arrival: safe and dignified or not, with the worker’s sex and age band', async (t) => {
  spec(t)
    .given(at.departed)
    .when(stage(day(4), { stage: 'arrived', safeAndDignified: true }, dateOf(4), { n: 4 }))
    .then([arrived]);
  spec(t)
    .given([opened({ worker: { subjectId: 'w', sex: 'male' } }), planned, documentsReady, departed])
    .when(stage(day(4), { stage: 'arrived', safeAndDignified: false }, dateOf(4), { n: 4 }))
    .then(
      [
        stageReached(
          day(4),
          { stage: 'arrived', safeAndDignified: false, worker: { sex: 'male' } },
          { n: 4 },
        ),
      ],
      'a worker without an age band',
    );
});

t.test('abandoned before arrival, with a reason; planned again after', async (t) => {
  spec(t)
    .given(at.planned)
    .when(
      stage(day(2), { stage: 'abandoned', reason: sealedText('the worker chose to stay') }, dateOf(2), {
        n: 2,
      }),
    )
    .then([abandoned]);
  spec(t)
    .given(at.abandoned)
    .when(stage(day(5), { stage: 'planned' }, dateOf(5), { n: 5 }))
    .then([stageReached(day(5), { stage: 'planned' }, { n: 5 })]);
});

t.test('no stage is skipped, repeated or reached after arrival', async (t) => {
  for (const from of Object.keys(at) as (RepatriationStage | 'none')[]) {
    for (const to of REPATRIATION_STAGES) {
      const allowed = next[from];
      if (allowed.includes(to)) {
        t.ok(
          caseDecider.decide(commandFor(to), foldEvents(caseDecider, caseDecider.initialState(), at[from]))
            .length === 1,
          `${from} → ${to} is allowed`,
        );
      } else {
        spec(t)
          .given(at[from])
          .when(commandFor(to))
          .thenThrows(
            {
              type: 'invalid-repatriation-stage',
              kind: 'conflict',
              extra: { stage: from === 'none' ? null : from, allowed },
            },
            `${from} → ${to} is refused`,
          );
      }
    }
  }
});

t.test('a stage is not dated before the one before it, nor in the future', async (t) => {
  spec(t)
    .given(at['documents-ready'])
    .when(stage(now, { stage: 'departed' }, dateOf(1), { n: 9 }))
    .thenThrows({
      type: 'stage-date-before-previous',
      kind: 'invalid',
      extra: { previous: { stage: 'documents-ready', date: dateOf(2) } },
    });
  spec(t)
    .given(at['documents-ready'])
    .when(stage(now, { stage: 'departed' }, dateOf(2), { n: 9 }))
    .then([stageReached(now, { stage: 'departed', date: dateOf(2) }, { n: 9 })], 'the same day is fine');
  spec(t)
    .given(at.none)
    .when(stage(now, { stage: 'planned' }, dateOf(8), { n: 9 }))
    .thenThrows({ type: 'date-in-future', kind: 'invalid' });
});

t.test('an abandonment says why, while the worker’s data is held', async (t) => {
  spec(t)
    .given(at.planned)
    .when(stage(now, { stage: 'abandoned' }, dateOf(6), { n: 9 }))
    .thenThrows({ type: 'reason-required', kind: 'invalid' });
  spec(t)
    .given([...at.planned, erased(day(5))])
    .when(stage(now, { stage: 'abandoned' }, dateOf(6), { n: 9 }))
    .then(
      [stageReached(now, { stage: 'abandoned', date: dateOf(6) }, { n: 9 })],
      'after the erasure there is no key to seal a reason with',
    );
  spec(t)
    .given([...at.planned, erased(day(5))])
    .when(stage(now, { stage: 'abandoned', reason: sealedText('x') }, dateOf(6), { n: 9 }))
    .thenThrows({ type: 'worker-data-erased', kind: 'conflict' }, 'nor is a sealed reason accepted then');
});

t.test('a closed case has no more stages', async (t) => {
  spec(t)
    .given([
      ...at.planned,
      stageReached(day(2), { stage: 'abandoned', reason: sealedText('x') }, { n: 2 }),
      closed(day(3), 'resolved', { n: 3 }),
    ])
    .when(stage(now, { stage: 'planned' }, dateOf(6), { n: 9 }))
    .thenThrows({ type: 'case-closed', kind: 'conflict' });
});
