import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import type { AgencyCommand, LicensingRules } from './commands.ts';
import { type AgencyEvent, AgencyEventType as E, VETTING_CHECK_NAMES } from './events.ts';
import { agencyDecider } from './index.ts';
import {
  application,
  applicationRecorded,
  director,
  licenceNumber,
  officer,
  recordApplication,
  secondOfficer,
} from './specFixtures.ts';

/** What happens to a licence once the committee decides: rejection, renewal, suspension, revocation, expiry. */
const spec = deciderSpec(agencyDecider);

const rules = (validityMonths = 12): LicensingRules => ({
  requiredChecks: VETTING_CHECK_NAMES,
  validityMonths,
});

// Events, each at its own time, so a wrong timestamp shows.
const recorded: AgencyEvent = applicationRecorded();
const vetted: AgencyEvent[] = VETTING_CHECK_NAMES.map((check) => ({
  type: E.VettingCheckRecorded,
  data: { check, outcome: 'pass' as const, officer, at: '2026-02-15T08:00:00.000Z' },
}));
const applied = [recorded];
const underVetting = [recorded, vetted[0] as AgencyEvent];
const issued = (at: string, validFrom: string, validUntil: string): AgencyEvent => ({
  type: E.LicenceIssued,
  data: {
    agencyName: application.name,
    registrationNumber: application.registrationNumber,
    licenceNumber,
    validFrom,
    validUntil,
    approvedBy: director,
    at,
  },
});
const rejected = (reason: string, at: string): AgencyEvent => ({
  type: E.ApplicationRejected,
  data: { reason, by: director, at },
});
const renewed = (validUntil: string, at: string): AgencyEvent => ({
  type: E.LicenceRenewed,
  data: { licenceNumber, validUntil, by: director, at },
});
const suspended = (reason: string, at: string, until?: string): AgencyEvent => ({
  type: E.LicenceSuspended,
  data: { reason, ...(until ? { until } : {}), by: director, at },
});
const reinstated = (at: string): AgencyEvent => ({ type: E.LicenceReinstated, data: { by: director, at } });
const revoked = (reason: string, at: string): AgencyEvent => ({
  type: E.LicenceRevoked,
  data: { reason, by: director, at },
});
const expired = (validUntil: string, at: string): AgencyEvent => ({
  type: E.LicenceExpired,
  data: { licenceNumber, validUntil, at },
});

// A licence valid 10 Mar 2026 through 9 Mar 2027.
const licensed = [recorded, ...vetted, issued('2026-03-10T09:00:00.000Z', '2026-03-10', '2027-03-09')];
const suspendedState = [...licensed, suspended('unpaid wages', '2026-06-01T09:00:00.000Z')];
const expiredState = [...licensed, expired('2027-03-09', '2027-03-10T00:05:00.000Z')];
const rejectedState = [...underVetting, rejected('forged CR12', '2026-02-20T09:00:00.000Z')];
const revokedState = [...licensed, revoked('fees charged to job seekers', '2026-07-01T09:00:00.000Z')];

const reject = (now: string, reason = 'forged CR12'): AgencyCommand => ({
  type: 'RejectApplication',
  reason,
  actor: director,
  now,
});
const renew = (now: string, validityMonths = 12): AgencyCommand => ({
  type: 'RenewLicence',
  rules: rules(validityMonths),
  actor: director,
  now,
});
const suspend = (now: string, until?: string): AgencyCommand => ({
  type: 'SuspendLicence',
  reason: 'unpaid wages',
  ...(until ? { until } : {}),
  actor: director,
  now,
});
const reinstate = (now: string): AgencyCommand => ({ type: 'ReinstateLicence', actor: director, now });
const revoke = (now: string): AgencyCommand => ({
  type: 'RevokeLicence',
  reason: 'fees charged to job seekers',
  actor: director,
  now,
});
const expire = (now: string): AgencyCommand => ({ type: 'ExpireLicence', now });

const at = '2026-08-01T10:00:00.000Z';
const refused = { type: 'invalid-transition', kind: 'conflict' } as const;

t.test('rejection only before licensing', async (t) => {
  spec(t)
    .given(applied)
    .when(reject(at))
    .then([rejected('forged CR12', at)], 'an applied agency is rejected');
  spec(t)
    .given(underVetting)
    .when(reject(at))
    .then([rejected('forged CR12', at)], 'an agency under vetting is rejected');
  for (const [status, given] of Object.entries({
    licensed,
    suspended: suspendedState,
    expired: expiredState,
    rejected: rejectedState,
  })) {
    spec(t).given(given).when(reject(at)).thenThrows(refused, `a ${status} agency is not rejected`);
  }
  spec(t)
    .given(underVetting)
    .when({ type: 'RejectApplication', reason: 'forged CR12', actor: officer, now: at })
    .thenThrows({ type: 'four-eyes-rule', kind: 'conflict' }, 'whoever vetted may not reject (four eyes)');
});

t.test('renewal', async (t) => {
  t.test('early renewal extends from the current end, losing no days', async (t) => {
    spec(t)
      .given(licensed)
      .when(renew('2027-01-15T10:00:00.000Z'))
      .then([renewed('2028-03-09', '2027-01-15T10:00:00.000Z')]);
    spec(t)
      .given(licensed)
      .when(renew('2027-03-09T23:00:00.000Z'))
      .then(
        [renewed('2028-03-09', '2027-03-09T23:00:00.000Z')],
        'on the last valid day it still extends from the current end',
      );
  });

  t.test('renewal for 24 months when so configured', async (t) => {
    spec(t)
      .given(licensed)
      .when(renew('2027-01-15T10:00:00.000Z', 24))
      .then([renewed('2029-03-09', '2027-01-15T10:00:00.000Z')]);
  });

  t.test('late renewal of an expired licence runs from today', async (t) => {
    spec(t)
      .given(expiredState)
      .when(renew('2027-04-15T10:00:00.000Z'))
      .then([renewed('2028-04-14', '2027-04-15T10:00:00.000Z')]);
  });

  t.test('a lapsed licence the sweep has not yet expired also renews from today', async (t) => {
    spec(t)
      .given(licensed)
      .when(renew('2027-03-20T10:00:00.000Z'))
      .then([renewed('2028-03-19', '2027-03-20T10:00:00.000Z')]);
  });

  t.test('only licensed or expired licences are renewed', async (t) => {
    for (const [status, given] of Object.entries({
      applied,
      underVetting,
      rejected: rejectedState,
      suspended: suspendedState,
    })) {
      spec(t).given(given).when(renew(at)).thenThrows(refused, `a ${status} agency is not renewed`);
    }
  });
});

t.test('suspension', async (t) => {
  t.test('a licensed agency is suspended, until reinstated or until a date', async (t) => {
    spec(t)
      .given(licensed)
      .when(suspend(at))
      .then([suspended('unpaid wages', at)]);
    spec(t)
      .given(licensed)
      .when(suspend(at, '2026-08-02'))
      .then([suspended('unpaid wages', at, '2026-08-02')], 'until tomorrow is fine');
  });

  t.test('a suspension must end after today', async (t) => {
    spec(t)
      .given(licensed)
      .when(suspend(at, '2026-08-01'))
      .thenThrows({ type: 'invalid-suspension-until', kind: 'invalid' }, 'not today');
    spec(t)
      .given(licensed)
      .when(suspend(at, '2026-07-31'))
      .thenThrows({ type: 'invalid-suspension-until', kind: 'invalid' }, 'not yesterday');
  });

  t.test('only a licensed agency is suspended', async (t) => {
    for (const [status, given] of Object.entries({
      applied,
      underVetting,
      rejected: rejectedState,
      suspended: suspendedState,
      expired: expiredState,
    })) {
      spec(t).given(given).when(suspend(at)).thenThrows(refused, `a ${status} agency is not suspended`);
    }
  });
});

t.test('reinstatement only lifts a suspension', async (t) => {
  spec(t)
    .given(suspendedState)
    .when(reinstate(at))
    .then([reinstated(at)]);
  for (const [status, given] of Object.entries({
    applied,
    underVetting,
    licensed,
    rejected: rejectedState,
    expired: expiredState,
  })) {
    spec(t).given(given).when(reinstate(at)).thenThrows(refused, `a ${status} agency is not reinstated`);
  }
});

t.test('revocation', async (t) => {
  for (const [status, given] of Object.entries({
    licensed,
    suspended: suspendedState,
    expired: expiredState,
  })) {
    spec(t)
      .given(given)
      .when(revoke(at))
      .then([revoked('fees charged to job seekers', at)], `a ${status} licence is revoked`);
  }
  for (const [status, given] of Object.entries({ applied, underVetting, rejected: rejectedState })) {
    spec(t)
      .given(given)
      .when(revoke(at))
      .thenThrows(refused, `a ${status} application has no licence to revoke`);
  }
});

t.test('revocation is final', async (t) => {
  const commands: AgencyCommand[] = [
    { type: 'RecordVettingCheck', check: 'tax-compliance', outcome: 'pass', actor: officer, now: at },
    { type: 'ApproveLicence', licenceNumber: 'NEA/PRA/2026/00009', rules: rules(), actor: director, now: at },
    reject(at),
    renew(at),
    suspend(at),
    reinstate(at),
    revoke(at),
  ];
  for (const command of commands) {
    spec(t)
      .given(revokedState)
      .when(command)
      .thenThrows({ type: 'agency-revoked', kind: 'conflict' }, `${command.type} on a revoked agency`);
  }
  spec(t)
    .given(revokedState)
    .when(expire('2028-01-01T00:00:00.000Z'))
    .thenNothing('the expiry sweep passes a revoked agency by');
  spec(t)
    .given(revokedState)
    .when(recordApplication({ minGuaranteeKes: 0, now: at }))
    .thenThrows({ type: 'agency-exists', kind: 'conflict' }, 'its id cannot take a new application');
});

t.test('expiry (the clock-driven sweep)', async (t) => {
  t.test('a licensed agency past its last valid day expires', async (t) => {
    spec(t)
      .given(licensed)
      .when(expire('2027-03-10T00:00:00.000Z'))
      .then([expired('2027-03-09', '2027-03-10T00:00:00.000Z')], 'at midnight after the last day');
    spec(t)
      .given(licensed)
      .when(expire('2027-05-01T03:00:00.000Z'))
      .then([expired('2027-03-09', '2027-05-01T03:00:00.000Z')], 'or whenever the sweep next runs');
  });

  t.test('a renewed licence expires at its new end, not the old one', async (t) => {
    const renewedState = [...licensed, renewed('2028-03-09', '2027-01-15T10:00:00.000Z')];
    spec(t).given(renewedState).when(expire('2027-06-01T00:00:00.000Z')).thenNothing();
    spec(t)
      .given(renewedState)
      .when(expire('2028-03-10T00:00:00.000Z'))
      .then([expired('2028-03-09', '2028-03-10T00:00:00.000Z')]);
  });

  t.test('the sweep is idempotent: nothing unless licensed and lapsed', async (t) => {
    spec(t).given(licensed).when(expire('2027-03-09T23:59:59.999Z')).thenNothing('not on the last valid day');
    spec(t).given(licensed).when(expire('2026-06-01T00:00:00.000Z')).thenNothing('not while valid');
    spec(t).given(expiredState).when(expire('2027-04-01T00:00:00.000Z')).thenNothing('not twice');
    spec(t).given(suspendedState).when(expire('2027-04-01T00:00:00.000Z')).thenNothing('not while suspended');
    spec(t).given(applied).when(expire('2027-04-01T00:00:00.000Z')).thenNothing('not before licensing');
    spec(t).given(underVetting).when(expire('2027-04-01T00:00:00.000Z')).thenNothing('not under vetting');
    spec(t).given(rejectedState).when(expire('2027-04-01T00:00:00.000Z')).thenNothing('not after rejection');
  });
});

t.test('the whole life of an agency, command by command', async (t) => {
  const history: AgencyEvent[] = [];
  const step = (command: AgencyCommand, expected: AgencyEvent[], message: string) => {
    history.push(...spec(t).given(history).when(command).then(expected, message));
  };
  const other = secondOfficer;

  step(recordApplication(), [recorded], 'the application is recorded');
  for (const check of VETTING_CHECK_NAMES) {
    step(
      { type: 'RecordVettingCheck', check, outcome: 'pass', actor: officer, now: '2026-02-15T08:00:00.000Z' },
      [
        {
          type: E.VettingCheckRecorded,
          data: { check, outcome: 'pass', officer, at: '2026-02-15T08:00:00.000Z' },
        },
      ],
      `${check} passes`,
    );
  }
  spec(t)
    .given(history)
    .when({
      type: 'ApproveLicence',
      licenceNumber,
      rules: rules(),
      actor: officer,
      now: '2026-03-10T09:00:00.000Z',
    })
    .thenThrows({ type: 'four-eyes-rule', kind: 'conflict' }, 'the vetting officer cannot approve');
  step(
    {
      type: 'ApproveLicence',
      licenceNumber,
      rules: rules(),
      actor: director,
      now: '2026-03-10T09:00:00.000Z',
    },
    [issued('2026-03-10T09:00:00.000Z', '2026-03-10', '2027-03-09')],
    'a director approves',
  );
  step(
    suspend('2026-06-01T09:00:00.000Z', '2026-09-01'),
    [suspended('unpaid wages', '2026-06-01T09:00:00.000Z', '2026-09-01')],
    'suspended',
  );
  step(expire('2027-04-01T00:00:00.000Z'), [], 'a suspended licence does not expire');
  step(reinstate('2026-08-15T09:00:00.000Z'), [reinstated('2026-08-15T09:00:00.000Z')], 'reinstated');
  step(
    renew('2027-02-01T09:00:00.000Z'),
    [renewed('2028-03-09', '2027-02-01T09:00:00.000Z')],
    'renewed early',
  );
  step(
    expire('2028-03-10T00:01:00.000Z'),
    [expired('2028-03-09', '2028-03-10T00:01:00.000Z')],
    'expires when not renewed again',
  );
  step(
    renew('2028-04-02T09:00:00.000Z', 24),
    [renewed('2030-04-01', '2028-04-02T09:00:00.000Z')],
    'renewed late, for 24 months',
  );
  step(
    revoke('2028-05-01T09:00:00.000Z'),
    [revoked('fees charged to job seekers', '2028-05-01T09:00:00.000Z')],
    'revoked',
  );
  spec(t)
    .given(history)
    .when({
      type: 'RecordVettingCheck',
      check: 'tax-compliance',
      outcome: 'pass',
      actor: other,
      now: '2028-06-01T09:00:00.000Z',
    })
    .thenThrows({ type: 'agency-revoked', kind: 'conflict' }, 'and nothing happens to it after that');

  const state = history.reduce(agencyDecider.evolve, agencyDecider.initialState());
  t.equal(state.status, 'revoked');
  t.same(state.licence, { number: licenceNumber, validFrom: '2026-03-10', validUntil: '2030-04-01' });
  t.same(
    state.history.map((h) => h.event),
    ['issued', 'suspended', 'reinstated', 'renewed', 'expired', 'renewed', 'revoked'],
  );
});

t.test('a suspension with an end date is lifted by the clock on that day, and only then', async (t) => {
  const until = [...licensed, suspended('unpaid wages', '2026-06-01T09:00:00.000Z', '2026-07-01')];
  const end = (now: string): AgencyCommand => ({ type: 'EndSuspension', now });
  spec(t)
    .given(until)
    .when(end('2026-07-01T00:00:00.000Z'))
    .then(
      [
        {
          type: E.LicenceReinstated,
          data: {
            by: { sub: 'system:suspension-end', name: 'Suspension end date' },
            at: '2026-07-01T00:00:00.000Z',
          },
        },
      ],
      'reinstated at the start of the end date',
    );
  spec(t).given(until).when(end('2026-06-30T23:59:59.000Z')).thenNothing('not the day before');
  spec(t)
    .given(suspendedState)
    .when(end('2030-01-01T00:00:00.000Z'))
    .thenNothing('a suspension without an end date lasts until reinstated');
  spec(t)
    .given(licensed)
    .when(end('2030-01-01T00:00:00.000Z'))
    .thenNothing('nothing to lift on a licensed agency');
  spec(t)
    .given([...until, reinstated('2026-06-20T09:00:00.000Z')])
    .when(end('2026-07-02T00:00:00.000Z'))
    .thenNothing('nor after a director lifted it');
  spec(t)
    .given([...until, revoked('fees', '2026-06-20T09:00:00.000Z')])
    .when(end('2026-07-02T00:00:00.000Z'))
    .thenNothing('nor on a revoked agency');
});
