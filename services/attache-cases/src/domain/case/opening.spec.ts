import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import { caseDecider } from './index.ts';
import {
  close,
  complaintId,
  day,
  employerId,
  erase,
  noteAction,
  open,
  opened,
  openedAt,
  openedEvent,
  openFromReferral,
  referralActor,
  stage,
  update,
  updated,
} from './specFixtures.ts';

/** Opening a case: by an attaché in their mission, or from a complaint referred to the labour attaché. */
const spec = deciderSpec(caseDecider);

const registeredEmployer = (status: 'unvetted' | 'cleared' | 'flagged' | 'blacklisted') => ({
  employerId,
  registered: { name: 'Gulf Star Cleaning Co', country: 'SA', status },
});

t.test('an attaché opens a case: the worker sealed, sex, age band and occupation clear', async (t) => {
  spec(t).given([]).when(open()).then([openedEvent]);
});

t.test('the date of birth is reduced to its band on the day of opening', async (t) => {
  const worker = { subjectId: 'w', sex: 'male' as const, dateOfBirth: '2008-03-03' };
  const [event] = spec(t)
    .given([])
    .when(open({ worker }))
    .then([opened({ worker: { subjectId: 'w', sex: 'male', ageBand: 'under-18' } })], 'a day before 18');
  t.ok(event);
  spec(t)
    .given([])
    .when(open({ worker: { ...worker, dateOfBirth: '2008-03-02' } }))
    .then([opened({ worker: { subjectId: 'w', sex: 'male', ageBand: '18-24' } })], '18 on the day');
});

t.test('an age band given is kept; with neither band nor date the case has no band', async (t) => {
  spec(t)
    .given([])
    .when(open({ worker: { subjectId: 'w', sex: 'female', ageBand: '35-44' } }))
    .then([opened({ worker: { subjectId: 'w', sex: 'female', ageBand: '35-44' } })]);
  spec(t)
    .given([])
    .when(open({ worker: { subjectId: 'w', sex: 'unspecified' } }))
    .then([opened({ worker: { subjectId: 'w', sex: 'unspecified' } })]);
});

t.test('an implausible date of birth is refused (it would miscount the indicators)', async (t) => {
  for (const dateOfBirth of ['2026-03-03', '1925-01-01']) {
    spec(t)
      .given([])
      .when(open({ worker: { subjectId: 'w', sex: 'female', dateOfBirth } }))
      .thenThrows(
        {
          type: 'implausible-date-of-birth',
          kind: 'invalid',
          extra: {
            errors: [
              { path: 'worker.dateOfBirth', message: 'must be a past date within the last 100 years' },
            ],
          },
        },
        dateOfBirth,
      );
  }
});

t.test('the employer', async (t) => {
  t.test('typed in: its name and country, no flag', async (t) => {
    spec(t).given([]).when(open()).then([openedEvent]);
  });
  t.test('none named', async (t) => {
    const { employer: _employer, ...data } = openedEvent.data;
    spec(t)
      .given([])
      .when(open({ employer: undefined }))
      .then([{ type: openedEvent.type, data }]);
  });
  for (const status of ['unvetted', 'cleared'] as const) {
    t.test(`registered and ${status}: its id, name, country and status, no flag`, async (t) => {
      spec(t)
        .given([])
        .when(open({ employer: registeredEmployer(status) }))
        .then([
          opened({
            employer: { employerId, name: 'Gulf Star Cleaning Co', country: 'SA', statusAtOpening: status },
          }),
        ]);
    });
  }
  for (const status of ['flagged', 'blacklisted'] as const) {
    t.test(`registered and ${status}: the new case shows it`, async (t) => {
      spec(t)
        .given([])
        .when(open({ employer: registeredEmployer(status) }))
        .then([
          opened({
            employer: { employerId, name: 'Gulf Star Cleaning Co', country: 'SA', statusAtOpening: status },
            flags: [{ kind: `employer-${status}` }],
          }),
        ]);
    });
  }
  t.test('an id no employer has is refused', async (t) => {
    spec(t)
      .given([])
      .when(open({ employer: { employerId: 'employer-404', registered: null } }))
      .thenThrows({ type: 'unknown-employer', kind: 'invalid', extra: { employerId: 'employer-404' } });
  });
});

t.test('an attaché links a complaint only when it was referred to their mission', async (t) => {
  const linked = opened({ complaintId });
  spec(t)
    .given([])
    .when(open({ complaintId, complaintReferredHere: true }))
    .then([linked], 'referred to the labour attaché of SA');
  spec(t)
    .given([])
    .when(open({ complaintId, complaintReferredHere: false }))
    .thenThrows(
      {
        type: 'complaint-not-referred',
        kind: 'invalid',
        extra: {
          errors: [
            { path: 'complaintId', message: 'must be a complaint referred to the labour attaché of SA' },
          ],
        },
      },
      'not referred here (to another mission, elsewhere, or unknown)',
    );
});

t.test('a case is opened once', async (t) => {
  spec(t).given([openedEvent]).when(open()).thenThrows({ type: 'case-exists', kind: 'conflict' });
});

t.test('from a referred complaint', async (t) => {
  const fromReferral = opened({
    caseId: `referral:${complaintId}:SA`,
    complaintId,
    worker: { subjectId: `worker:referral:${complaintId}:SA`, sex: 'female', ageBand: '25-34' },
    flags: [],
    openedBy: referralActor,
    at: openedAt,
  });
  const { employer: _employer, summary: _summary, ...data } = fromReferral.data;
  const referralOpened = { type: fromReferral.type, data };

  t.test('the case links the complaint and holds no personal data of the worker', async (t) => {
    spec(t).given([]).when(openFromReferral()).then([referralOpened]);
  });
  t.test('the referral delivered again opens nothing more, also after changes', async (t) => {
    spec(t)
      .given([referralOpened])
      .when(openFromReferral({ now: day(1) }))
      .thenNothing();
    spec(t)
      .given([referralOpened, updated(day(1), noteAction())])
      .when(openFromReferral({ now: day(2) }))
      .thenNothing('after a note');
  });
  t.test('another complaint, or the same one to another mission, is not this case', async (t) => {
    spec(t)
      .given([referralOpened])
      .when(openFromReferral({ complaintId: 'complaint-2' }))
      .thenThrows({ type: 'case-exists', kind: 'conflict' });
    spec(t)
      .given([referralOpened])
      .when(openFromReferral({ country: 'QA' }))
      .thenThrows({ type: 'case-exists', kind: 'conflict' });
  });
  t.test("an attaché's case is no referral: opening it again is refused", async (t) => {
    spec(t)
      .given([openedEvent])
      .when(openFromReferral())
      .thenThrows({ type: 'case-exists', kind: 'conflict' });
  });
});

t.test('a case not opened is not found, whatever is asked of it', async (t) => {
  const notFound = { type: 'case-not-found', kind: 'not-found' } as const;
  for (const command of [
    update(day(1), noteAction()),
    stage(day(1), { stage: 'planned' }),
    close(day(1)),
    erase(day(1)),
  ])
    spec(t).given([]).when(command).thenThrows(notFound, command.type);
});
