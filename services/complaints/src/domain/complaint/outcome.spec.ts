import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import { complaintDecider } from './index.ts';
import {
  assigned,
  close,
  closed,
  day,
  erase,
  erased,
  FINISHED,
  flagOverdue,
  hoursAfter,
  inStatus,
  lodged,
  lodgedAt,
  lodgedEvent,
  noteAdded,
  OPEN,
  referred,
  reopen,
  reopened,
  resolve,
  resolved,
  responseOverdue,
  rules,
  sealedText,
  triaged,
  wagesRecovered,
  withdraw,
  withdrawn,
} from './specFixtures.ts';
import { OPEN_STATUSES } from './vocabulary.ts';

/** Resolution, closure, reopening, withdrawal, erasure, and the overdue sweep. */
const spec = deciderSpec(complaintDecider);

const now = day(30);
const notFound = { type: 'complaint-not-found', kind: 'not-found' } as const;
const invalid = (status: string, allowed: readonly string[]) => ({
  type: 'invalid-transition',
  kind: 'conflict' as const,
  extra: { status, allowed },
});

t.test('resolution', async (t) => {
  const resolvable = ['triaged', 'assigned', 'referred', 'reopened'] as const;

  t.test('once the complaint was looked at, with its outcome and remedy', async (t) => {
    for (const status of resolvable) {
      spec(t)
        .given(inStatus[status])
        .when(resolve(now))
        .then([resolved(now, 'resolved-in-favour', wagesRecovered)], `a ${status} complaint is resolved`);
    }
  });

  t.test('wages recovered: the amount and currency are kept', async (t) => {
    const remedy = {
      kind: 'wages-recovered' as const,
      amount: 3500.5,
      currency: 'QAR',
      description: sealedText('four months'),
    };
    spec(t)
      .given(inStatus.referred)
      .when(resolve(now, 'partially-resolved', remedy))
      .then([resolved(now, 'partially-resolved', remedy)]);
  });

  t.test('without a remedy', async (t) => {
    spec(t)
      .given(inStatus.assigned)
      .when(resolve(now, 'complainant-unreachable', null))
      .then([resolved(now, 'complainant-unreachable', null)]);
  });

  t.test('not straight from lodging', async (t) => {
    spec(t).given(inStatus.lodged).when(resolve(now)).thenThrows(invalid('lodged', resolvable));
  });

  t.test('not once resolved, closed or withdrawn', async (t) => {
    for (const status of FINISHED) {
      spec(t)
        .given(inStatus[status])
        .when(resolve(now))
        .thenThrows(invalid(status, resolvable), `not when ${status}`);
    }
  });

  t.test('an outcome outside the list is refused', async (t) => {
    spec(t)
      .given(inStatus.assigned)
      .when(resolve(now, 'sorted-out'))
      .thenThrows({ type: 'unknown-outcome', kind: 'invalid' });
  });

  t.test('an unknown complaint', async (t) => {
    spec(t).given([]).when(resolve(now)).thenThrows(notFound);
  });
});

t.test('closure', async (t) => {
  t.test('after resolution', async (t) => {
    spec(t)
      .given(inStatus.resolved)
      .when(close(now))
      .then([closed(now)]);
  });

  t.test('an open complaint must be resolved first', async (t) => {
    for (const status of OPEN) {
      spec(t)
        .given(inStatus[status])
        .when(close(now))
        .thenThrows(
          { type: 'closure-requires-resolution', kind: 'conflict', extra: { status } },
          `a ${status} complaint is not closed`,
        );
    }
  });

  t.test('not twice, and not once withdrawn', async (t) => {
    spec(t)
      .given(inStatus.closed)
      .when(close(now))
      .thenThrows(invalid('closed', ['resolved']));
    spec(t)
      .given(inStatus.withdrawn)
      .when(close(now))
      .thenThrows(invalid('withdrawn', ['resolved']));
  });

  t.test('an unknown complaint', async (t) => {
    spec(t).given([]).when(close(now)).thenThrows(notFound);
  });
});

t.test('reopening', async (t) => {
  const reopenable = ['resolved', 'closed', 'withdrawn'];

  t.test('a resolved, closed or withdrawn complaint starts a new response period', async (t) => {
    for (const status of FINISHED) {
      spec(t)
        .given(inStatus[status])
        .when(reopen(now))
        .then(
          [reopened(now, 'high', hoursAfter(now, 72))],
          `a ${status} complaint is reopened, due 72 hours later`,
        );
    }
  });

  t.test('with the severity the complaint has, and its deadline', async (t) => {
    const critical = triaged(day(0.5), {
      categories: ['physical-abuse'],
      indicators: ['physical-and-sexual-violence'],
      severity: 'critical',
      previousSeverity: 'high',
      respondBy: hoursAfter(lodgedAt, 24),
    });
    spec(t)
      .given([lodgedEvent, critical, resolved(day(5)), closed(day(6))])
      .when(reopen(now, 'beaten again'))
      .then([reopened(now, 'critical', hoursAfter(now, 24), 'beaten again')]);
  });

  t.test('the configured hours of the command apply', async (t) => {
    spec(t)
      .given(inStatus.closed)
      .when(
        reopen(now, 'the employer stopped paying again', {
          ...rules,
          responseHours: { critical: 12, high: 48, normal: 96 },
        }),
      )
      .then([reopened(now, 'high', hoursAfter(now, 48))]);
  });

  t.test('not while open', async (t) => {
    for (const status of OPEN) {
      spec(t)
        .given(inStatus[status])
        .when(reopen(now))
        .thenThrows(invalid(status, reopenable), `not when ${status}`);
    }
  });

  t.test('an unknown complaint', async (t) => {
    spec(t).given([]).when(reopen(now)).thenThrows(notFound);
  });
});

t.test('withdrawal by the complainant', async (t) => {
  const withdrawable = [...OPEN_STATUSES, 'resolved'];

  t.test('while open or resolved', async (t) => {
    for (const status of [...OPEN, 'resolved' as const]) {
      spec(t)
        .given(inStatus[status])
        .when(withdraw(now, 'the agency paid me'))
        .then([withdrawn(now, 'the agency paid me')], `a ${status} complaint is withdrawn`);
    }
  });

  t.test('a reason is optional', async (t) => {
    spec(t)
      .given(inStatus.lodged)
      .when(withdraw(now))
      .then([withdrawn(now)]);
  });

  t.test('not once closed, nor twice', async (t) => {
    spec(t).given(inStatus.closed).when(withdraw(now)).thenThrows(invalid('closed', withdrawable));
    spec(t).given(inStatus.withdrawn).when(withdraw(now)).thenThrows(invalid('withdrawn', withdrawable));
  });

  t.test('an unknown complaint', async (t) => {
    spec(t).given([]).when(withdraw(now)).thenThrows(notFound);
  });
});

t.test("erasure of the complainant's personal data", async (t) => {
  t.test('in any status', async (t) => {
    for (const [status, given] of Object.entries(inStatus)) {
      spec(t)
        .given(given)
        .when(erase(now))
        .then([erased(now)], `a ${status} complaint`);
    }
  });

  t.test('names the key that was destroyed', async (t) => {
    spec(t)
      .given([
        lodged({
          complainant: { sex: 'male', ageBand: '18-24', subjectId: 'complainant:other', sealed: 'pd1.x.y' },
        }),
      ])
      .when(erase(now, 'court order'))
      .then([
        {
          ...erased(now, 'court order'),
          data: { ...erased(now, 'court order').data, subjectId: 'complainant:other' },
        },
      ]);
  });

  t.test('once', async (t) => {
    spec(t)
      .given([lodgedEvent, erased(day(1))])
      .when(erase(now))
      .thenThrows({ type: 'complainant-data-already-erased', kind: 'conflict' });
    spec(t)
      .given([...inStatus.closed, erased(day(12))])
      .when(erase(now))
      .thenThrows({ type: 'complainant-data-already-erased', kind: 'conflict' }, 'also when closed');
  });

  t.test('the complaint itself goes on after erasure', async (t) => {
    spec(t)
      .given([...inStatus.assigned, erased(day(2))])
      .when(resolve(now))
      .then([resolved(now)]);
  });

  t.test('an unknown complaint', async (t) => {
    spec(t).given([]).when(erase(now)).thenThrows(notFound);
  });
});

t.test('the overdue sweep: once per breached response deadline', async (t) => {
  // The default complaint is high: due 72 hours after lodging, on day 3.
  const due = hoursAfter(lodgedAt, 72);
  const justAfter = hoursAfter(due, 0.01);

  t.test('nothing before the deadline', async (t) => {
    spec(t)
      .given([lodgedEvent])
      .when(flagOverdue(hoursAfter(due, -0.01)))
      .thenNothing();
    spec(t).given([lodgedEvent]).when(flagOverdue(lodgedAt)).thenNothing('nor at lodging');
  });

  t.test('reported once the deadline passed without a response', async (t) => {
    spec(t)
      .given([lodgedEvent])
      .when(flagOverdue(justAfter))
      .then([responseOverdue(justAfter, due, 'high')]);
    spec(t)
      .given(inStatus.triaged)
      .when(flagOverdue(day(4)))
      .then([responseOverdue(day(4), due, 'high')], 'a triage is not a response');
    spec(t)
      .given([lodgedEvent, noteAdded(day(1), 'hotline')])
      .when(flagOverdue(day(4)))
      .then([responseOverdue(day(4), due, 'high')], 'a note is not a response');
    spec(t)
      .given([lodgedEvent, erased(day(1))])
      .when(flagOverdue(day(4)))
      .then([responseOverdue(day(4), due, 'high')], 'an erasure is not a response');
  });

  t.test('with the deadline and severity of the complaint', async (t) => {
    const critical = lodged({
      categories: ['death'],
      indicators: [],
      severity: 'critical',
      respondBy: hoursAfter(lodgedAt, 24),
    });
    spec(t)
      .given([critical])
      .when(flagOverdue(day(1.5)))
      .then([responseOverdue(day(1.5), hoursAfter(lodgedAt, 24), 'critical')]);
  });

  t.test('nothing after a response', async (t) => {
    spec(t)
      .given(inStatus.assigned)
      .when(flagOverdue(day(4)))
      .thenNothing('assigned in time');
    spec(t)
      .given([lodgedEvent, referred(day(2))])
      .when(flagOverdue(day(4)))
      .thenNothing('referred in time, without an assignment');
    spec(t)
      .given([lodgedEvent, responseOverdue(justAfter, due), assigned(day(5))])
      .when(flagOverdue(day(6)))
      .thenNothing('assigned late');
  });

  t.test('nothing twice for the same deadline', async (t) => {
    spec(t)
      .given([lodgedEvent, responseOverdue(justAfter, due)])
      .when(flagOverdue(day(4)))
      .thenNothing();
    spec(t)
      .given([
        lodgedEvent,
        responseOverdue(justAfter, due),
        triaged(day(3.5), { severity: 'high', previousSeverity: 'high', respondBy: due }),
      ])
      .when(flagOverdue(day(4)))
      .thenNothing('a triage that keeps the deadline');
  });

  t.test('again after a triage that sets a new deadline, once that one is breached too', async (t) => {
    const toCritical = triaged(day(3.5), {
      categories: ['physical-abuse'],
      indicators: ['physical-and-sexual-violence'],
      severity: 'critical',
      previousSeverity: 'high',
      respondBy: hoursAfter(lodgedAt, 24),
    });
    spec(t)
      .given([lodgedEvent, responseOverdue(justAfter, due), toCritical])
      .when(flagOverdue(day(4)))
      .then(
        [responseOverdue(day(4), hoursAfter(lodgedAt, 24), 'critical')],
        'a shorter deadline, already past',
      );
    spec(t)
      .given([
        lodgedEvent,
        responseOverdue(justAfter, due),
        toCritical,
        responseOverdue(day(4), hoursAfter(lodgedAt, 24), 'critical'),
      ])
      .when(flagOverdue(day(5)))
      .thenNothing('and that one once as well');

    const toNormal = triaged(day(3.5), {
      categories: ['other'],
      indicators: [],
      severity: 'normal',
      previousSeverity: 'high',
      respondBy: day(7),
    });
    spec(t)
      .given([lodgedEvent, responseOverdue(justAfter, due), toNormal])
      .when(flagOverdue(day(6)))
      .thenNothing('a longer deadline, not yet past');
    spec(t)
      .given([lodgedEvent, responseOverdue(justAfter, due), toNormal])
      .when(flagOverdue(day(7.5)))
      .then([responseOverdue(day(7.5), day(7), 'normal')], 'once it has passed');

    const backToHigh = triaged(day(4.5), {
      categories: ['withheld-wages'],
      indicators: [],
      severity: 'high',
      previousSeverity: 'critical',
      respondBy: due,
    });
    spec(t)
      .given([
        lodgedEvent,
        responseOverdue(justAfter, due),
        toCritical,
        responseOverdue(day(4), hoursAfter(lodgedAt, 24), 'critical'),
        backToHigh,
      ])
      .when(flagOverdue(day(5)))
      .thenNothing('a triage back to a deadline already reported: not again');
  });

  t.test('a reopening starts a new response period', async (t) => {
    const reopenedAt = day(20);
    const newDue = hoursAfter(reopenedAt, 72);
    spec(t)
      .given(inStatus.reopened)
      .when(flagOverdue(day(22)))
      .thenNothing('before the new deadline');
    spec(t)
      .given(inStatus.reopened)
      .when(flagOverdue(day(23.5)))
      .then([responseOverdue(day(23.5), newDue, 'high')], 'the earlier response does not count');
    spec(t)
      .given([
        lodgedEvent,
        responseOverdue(justAfter, due),
        assigned(day(4)),
        resolved(day(10)),
        reopened(reopenedAt),
      ])
      .when(flagOverdue(day(24)))
      .then([responseOverdue(day(24), newDue, 'high')], 'after an overdue report in the earlier period');
    spec(t)
      .given([...inStatus.reopened, assigned(day(21))])
      .when(flagOverdue(day(24)))
      .thenNothing('assigned after the reopening');
  });

  t.test('nothing for a resolved, closed or withdrawn complaint', async (t) => {
    for (const status of FINISHED) {
      spec(t)
        .given(inStatus[status])
        .when(flagOverdue(day(40)))
        .thenNothing(`when ${status}`);
    }
    spec(t)
      .given([lodgedEvent, withdrawn(day(1))])
      .when(flagOverdue(day(10)))
      .thenNothing('withdrawn before anyone looked at it');
  });

  t.test('nothing, and no refusal, for an unknown complaint', async (t) => {
    spec(t)
      .given([])
      .when(flagOverdue(day(10)))
      .thenNothing();
  });
});
