import { foldEvents } from '@kazi/core';
import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import { type ComplaintCommand, complaintDecider, initialComplaintState, requireStatus } from './index.ts';
import {
  addNote,
  assign,
  assigned,
  day,
  erased,
  FINISHED,
  hoursAfter,
  inStatus,
  lodgedAt,
  lodgedEvent,
  noteAdded,
  OPEN,
  refer,
  referred,
  reopened,
  resolved,
  rules,
  sealedText,
  secondOfficer,
  triage,
  triaged,
} from './specFixtures.ts';
import { OPEN_STATUSES } from './vocabulary.ts';

/** Triage, assignment, notes and referral: the work on an open complaint. */
const spec = deciderSpec(complaintDecider);

const now = day(3);
const refused = (status: string) => ({
  type: 'invalid-transition',
  kind: 'conflict' as const,
  extra: { status, allowed: OPEN_STATUSES },
});
const notFound = { type: 'complaint-not-found', kind: 'not-found' } as const;
const foldLodged = () => foldEvents(complaintDecider, complaintDecider.initialState(), [lodgedEvent]);

t.test('triage', async (t) => {
  t.test('new categories: indicators and severity recomputed, the deadline from the lodging', async (t) => {
    spec(t)
      .given([lodgedEvent])
      .when(
        triage(now, {
          categories: ['physical-abuse', 'withheld-wages'],
          reason: sealedText('caller reports beatings'),
        }),
      )
      .then([
        triaged(now, {
          categories: ['physical-abuse', 'withheld-wages'],
          indicators: ['physical-and-sexual-violence', 'withholding-of-wages'],
          severity: 'critical',
          previousSeverity: 'high',
          respondBy: hoursAfter(lodgedAt, 24),
          reason: sealedText('caller reports beatings'),
        }),
      ]);
  });

  t.test('new indicators with the same categories: trafficking signs make it critical', async (t) => {
    spec(t)
      .given([lodgedEvent])
      .when(
        triage(now, {
          indicators: ['deception', 'retention-of-identity-documents', 'withholding-of-wages'],
          reason: sealedText('the job offered was not this one'),
        }),
      )
      .then([
        triaged(now, {
          indicators: ['deception', 'retention-of-identity-documents', 'withholding-of-wages'],
          severity: 'critical',
          previousSeverity: 'high',
          respondBy: hoursAfter(lodgedAt, 24),
          reason: sealedText('the job offered was not this one'),
        }),
      ]);
  });

  t.test('an officer suspecting trafficking makes it critical', async (t) => {
    spec(t)
      .given([lodgedEvent])
      .when(triage(now, { traffickingSuspected: true }))
      .then([
        triaged(now, {
          traffickingSuspected: true,
          severity: 'critical',
          previousSeverity: 'high',
          respondBy: hoursAfter(lodgedAt, 24),
        }),
      ]);
  });

  t.test('the suspicion stays for later triage', async (t) => {
    const suspected = triaged(day(1), {
      traffickingSuspected: true,
      severity: 'critical',
      previousSeverity: 'high',
      respondBy: hoursAfter(lodgedAt, 24),
    });
    spec(t)
      .given([lodgedEvent, suspected])
      .when(triage(now, { categories: ['withheld-wages'] }))
      .then([
        triaged(now, {
          categories: ['withheld-wages'],
          indicators: ['withholding-of-wages'],
          traffickingSuspected: true,
          severity: 'critical',
          previousSeverity: 'critical',
          respondBy: hoursAfter(lodgedAt, 24),
        }),
      ]);
    spec(t)
      .given([lodgedEvent, suspected])
      .when(triage(now, { traffickingSuspected: false }))
      .then(
        [
          triaged(now, {
            severity: 'high',
            previousSeverity: 'critical',
            respondBy: hoursAfter(lodgedAt, 72),
          }),
        ],
        'until an officer clears it',
      );
  });

  t.test("the officer's override of the severity wins", async (t) => {
    spec(t)
      .given([lodgedEvent])
      .when(
        triage(now, {
          categories: ['physical-abuse'],
          severity: 'high',
          reason: sealedText('a single slap, now safe'),
        }),
      )
      .then(
        [
          triaged(now, {
            categories: ['physical-abuse'],
            indicators: ['physical-and-sexual-violence'],
            severity: 'high',
            previousSeverity: 'high',
            respondBy: hoursAfter(lodgedAt, 72),
            reason: sealedText('a single slap, now safe'),
          }),
        ],
        'over critical categories',
      );
    spec(t)
      .given([lodgedEvent])
      .when(
        triage(now, {
          traffickingSuspected: true,
          severity: 'normal',
          reason: sealedText('duplicate of another call'),
        }),
      )
      .then(
        [
          triaged(now, {
            traffickingSuspected: true,
            severity: 'normal',
            previousSeverity: 'high',
            respondBy: hoursAfter(lodgedAt, 168),
            reason: sealedText('duplicate of another call'),
          }),
        ],
        'over a suspicion of trafficking',
      );
    spec(t)
      .given([lodgedEvent])
      .when(triage(now, { severity: 'critical', reason: sealedText('she sounded terrified') }))
      .then(
        [
          triaged(now, {
            severity: 'critical',
            previousSeverity: 'high',
            respondBy: hoursAfter(lodgedAt, 24),
            reason: sealedText('she sounded terrified'),
          }),
        ],
        'upwards too',
      );
  });

  t.test('confirming the lodging changes nothing but records the triage', async (t) => {
    spec(t)
      .given([lodgedEvent])
      .when(triage(now))
      .then([
        triaged(now, { severity: 'high', previousSeverity: 'high', respondBy: hoursAfter(lodgedAt, 72) }),
      ]);
  });

  t.test(
    'new categories replace the indicators; categories with indicators keep the given ones',
    async (t) => {
      const withThreats = triaged(day(1), {
        indicators: ['intimidation-and-threats', 'retention-of-identity-documents', 'withholding-of-wages'],
        severity: 'high',
        previousSeverity: 'high',
        respondBy: hoursAfter(lodgedAt, 72),
      });
      spec(t)
        .given([lodgedEvent, withThreats])
        .when(triage(now, { categories: ['withheld-wages', 'recruitment-fees'] }))
        .then([
          triaged(now, {
            categories: ['withheld-wages', 'recruitment-fees'],
            indicators: ['debt-bondage', 'withholding-of-wages'],
            severity: 'high',
            previousSeverity: 'high',
            respondBy: hoursAfter(lodgedAt, 72),
          }),
        ]);
      spec(t)
        .given([lodgedEvent, withThreats])
        .when(triage(now, { indicators: ['intimidation-and-threats'] }))
        .then(
          [
            triaged(now, {
              indicators: ['intimidation-and-threats'],
              severity: 'high',
              previousSeverity: 'high',
              respondBy: hoursAfter(lodgedAt, 72),
            }),
          ],
          'indicators alone keep the categories',
        );
      spec(t)
        .given([lodgedEvent])
        .when(
          triage(now, {
            categories: ['recruitment-fees'],
            indicators: ['debt-bondage', 'intimidation-and-threats'],
          }),
        )
        .then([
          triaged(now, {
            categories: ['recruitment-fees'],
            indicators: ['debt-bondage', 'intimidation-and-threats'],
            severity: 'critical',
            previousSeverity: 'high',
            respondBy: hoursAfter(lodgedAt, 24),
          }),
        ]);
    },
  );

  t.test('the deadline is recomputed from the start of the current response period', async (t) => {
    // Reopened on day 20 (high: due 72 hours later); critical now: due 24 hours after the reopening.
    spec(t)
      .given(inStatus.reopened)
      .when(triage(day(20.5), { categories: ['physical-abuse'] }))
      .then([
        triaged(day(20.5), {
          categories: ['physical-abuse'],
          indicators: ['physical-and-sexual-violence'],
          severity: 'critical',
          previousSeverity: 'high',
          respondBy: hoursAfter(day(20), 24),
        }),
      ]);
    spec(t)
      .given([lodgedEvent])
      .when(triage(day(6), { categories: ['other'] }))
      .then(
        [
          triaged(day(6), {
            categories: ['other'],
            indicators: [],
            severity: 'normal',
            previousSeverity: 'high',
            respondBy: hoursAfter(lodgedAt, 168),
          }),
        ],
        'not from the time of the triage',
      );
  });

  t.test('the configured hours of the command apply', async (t) => {
    spec(t)
      .given([lodgedEvent])
      .when(triage(now, { rules: { ...rules, responseHours: { critical: 4, high: 48, normal: 120 } } }))
      .then([
        triaged(now, { severity: 'high', previousSeverity: 'high', respondBy: hoursAfter(lodgedAt, 48) }),
      ]);
  });

  t.test('in every open status', async (t) => {
    for (const status of OPEN) {
      const from = status === 'reopened' ? day(20) : lodgedAt;
      spec(t)
        .given(inStatus[status])
        .when(triage(day(25)))
        .then(
          [triaged(day(25), { severity: 'high', previousSeverity: 'high', respondBy: hoursAfter(from, 72) })],
          `a ${status} complaint is triaged`,
        );
    }
  });

  t.test('refused once resolved, closed or withdrawn', async (t) => {
    for (const status of FINISHED) {
      spec(t)
        .given(inStatus[status])
        .when(triage(day(25)))
        .thenThrows(refused(status), `not when ${status}`);
    }
  });

  t.test('an unknown complaint', async (t) => {
    spec(t).given([]).when(triage(now)).thenThrows(notFound);
  });
});

t.test('assignment', async (t) => {
  t.test('in every open status', async (t) => {
    for (const status of OPEN) {
      spec(t)
        .given(inStatus[status])
        .when(assign(day(25)))
        .then([assigned(day(25))], `a ${status} complaint is assigned`);
    }
  });

  t.test('to someone else later', async (t) => {
    spec(t)
      .given(inStatus.assigned)
      .when(assign(now, 'officer-3'))
      .then([assigned(now, 'officer-3')]);
  });

  t.test('refused once resolved, closed or withdrawn', async (t) => {
    for (const status of FINISHED) {
      spec(t)
        .given(inStatus[status])
        .when(assign(day(25)))
        .thenThrows(refused(status), `not when ${status}`);
    }
  });

  t.test('an unknown complaint', async (t) => {
    spec(t).given([]).when(assign(now, secondOfficer.sub)).thenThrows(notFound);
  });
});

t.test('notes', async (t) => {
  t.test('a follow-up call through the hotline', async (t) => {
    spec(t)
      .given([lodgedEvent])
      .when(addNote(now, 'hotline', 'note-7'))
      .then([noteAdded(now, 'hotline', 'note-7')]);
  });

  t.test("an officer's note in any status", async (t) => {
    for (const [status, given] of Object.entries(inStatus)) {
      spec(t)
        .given(given)
        .when(addNote(day(25)))
        .then([noteAdded(day(25))], `on a ${status} complaint`);
    }
  });

  t.test("refused once the complainant's data is erased: there is no key to seal it with", async (t) => {
    for (const [status, given] of Object.entries(inStatus)) {
      spec(t)
        .given([...given, erased(day(24))])
        .when(addNote(day(25), 'hotline'))
        .thenThrows({ type: 'complainant-data-erased', kind: 'conflict' }, `on a ${status} complaint`);
    }
  });

  t.test('an unknown complaint', async (t) => {
    spec(t).given([]).when(addNote(now)).thenThrows(notFound);
  });
});

t.test('referral', async (t) => {
  t.test("to the labour attaché of the worker's country, with the complaint's facts", async (t) => {
    spec(t)
      .given(inStatus.assigned)
      .when(refer(now, 'labour-attache', { note: sealedText('worker is at the shelter in Riyadh') }))
      .then([referred(now, 'labour-attache', { country: 'SA', note: 'worker is at the shelter in Riyadh' })]);
    spec(t)
      .given(inStatus.assigned)
      .when(refer(now))
      .then([referred(now)], 'without a note');
  });

  t.test('it carries the categories and severity as triaged, not as lodged', async (t) => {
    const escalated = triaged(day(1), {
      categories: ['confinement', 'withheld-wages'],
      indicators: ['isolation', 'restriction-of-movement', 'withholding-of-wages'],
      severity: 'critical',
      previousSeverity: 'high',
      respondBy: hoursAfter(lodgedAt, 24),
    });
    spec(t)
      .given([lodgedEvent, escalated])
      .when(refer(now, 'counter-trafficking'))
      .then([
        referred(now, 'counter-trafficking', {
          categories: ['confinement', 'withheld-wages'],
          severity: 'critical',
        }),
      ]);
  });

  t.test('to another country when given', async (t) => {
    spec(t)
      .given(inStatus.assigned)
      .when(refer(now, 'labour-attache', { country: 'AE' }))
      .then([referred(now, 'labour-attache', { country: 'AE' })]);
  });

  t.test('the same referral twice is refused', async (t) => {
    spec(t)
      .given(inStatus.referred)
      .when(refer(now))
      .thenThrows({
        type: 'already-referred',
        kind: 'conflict',
        extra: { to: 'labour-attache', country: 'SA' },
      });
    spec(t)
      .given(inStatus.referred)
      .when(refer(now, 'labour-attache', { country: 'SA' }))
      .thenThrows(
        { type: 'already-referred', kind: 'conflict', extra: { to: 'labour-attache', country: 'SA' } },
        "naming the worker's country is the same referral",
      );
    spec(t)
      .given([...inStatus.referred, referred(day(3), 'police')])
      .when(refer(now, 'police'))
      .thenThrows({ type: 'already-referred', kind: 'conflict', extra: { to: 'police', country: 'SA' } });
  });

  t.test('after a reopening the same referral may be made again', async (t) => {
    const later = day(10);
    spec(t)
      .given([...inStatus.referred, resolved(day(5)), reopened(day(8))])
      .when(refer(later))
      .then([referred(later, 'labour-attache')]);
  });

  t.test('different referrals may follow', async (t) => {
    spec(t)
      .given(inStatus.referred)
      .when(refer(now, 'police'))
      .then([referred(now, 'police')], 'police after the attaché');
    spec(t)
      .given(inStatus.referred)
      .when(refer(now, 'counter-trafficking'))
      .then([referred(now, 'counter-trafficking')], 'counter-trafficking after the attaché');
    spec(t)
      .given(inStatus.referred)
      .when(refer(now, 'labour-attache', { country: 'AE' }))
      .then(
        [referred(now, 'labour-attache', { country: 'AE' })],
        'the attaché of the country she was moved to',
      );
  });

  t.test('in every open status', async (t) => {
    for (const status of OPEN) {
      spec(t)
        .given(inStatus[status])
        .when(refer(day(25), 'police'))
        .then([referred(day(25), 'police')], `a ${status} complaint is referred`);
    }
    spec(t)
      .given([...inStatus.resolved, reopened(day(20), 'high')])
      .when(refer(day(25), 'police'))
      .then([referred(day(25), 'police')], 'a reopened one keeps its severity');
  });

  t.test('refused once resolved, closed or withdrawn', async (t) => {
    for (const status of FINISHED) {
      spec(t)
        .given(inStatus[status])
        .when(refer(day(25), 'police'))
        .thenThrows(refused(status), `not when ${status}`);
    }
  });

  t.test('an unknown complaint', async (t) => {
    spec(t).given([]).when(refer(now)).thenThrows(notFound);
  });
});

t.test('the guards themselves', async (t) => {
  t.test('a complaint that does not exist is in no status', async (t) => {
    t.throws(() => requireStatus(initialComplaintState(), OPEN_STATUSES, 'triage'), {
      type: 'invalid-transition',
      kind: 'conflict' as const,
      message: 'cannot triage a complaint that is unknown',
      extra: { status: null, allowed: OPEN_STATUSES },
    });
  });

  t.test('a command of a type the decider does not know is a programming error, not a refusal', async (t) => {
    const unknown = { type: 'ArchiveComplaint', now } as unknown as ComplaintCommand;
    spec(t).given([]).when(unknown).thenThrows(notFound, 'on no complaint: not found');
    t.throws(
      () => complaintDecider.decide(unknown, foldLodged()),
      /unexpected value/,
      'on a complaint: thrown',
    );
  });
});
