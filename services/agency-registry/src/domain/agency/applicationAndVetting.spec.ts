import type { Actor } from '@kazi/core';
import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import type { AgencyCommand, LicensingRules } from './commands.ts';
import {
  type AgencyEvent,
  AgencyEventType as E,
  VETTING_CHECK_NAMES,
  type VettingCheckName,
  type VettingOutcome,
} from './events.ts';
import { agencyDecider } from './index.ts';
import {
  agencyId,
  application,
  applicationRecorded,
  director,
  directorInClear,
  officer,
  recordApplication,
  sealedDirector,
  secondOfficer,
} from './specFixtures.ts';

/** Recording an application, vetting it and approving it: the rules before a licence exists. */
const spec = deciderSpec(agencyDecider);

const now = '2026-03-10T09:30:00.000Z';
const allChecks: LicensingRules = { requiredChecks: VETTING_CHECK_NAMES, validityMonths: 12 };

const record = (overrides: Parameters<typeof recordApplication>[0] = {}): AgencyCommand =>
  recordApplication({ now, ...overrides });
const vet = (
  check: string,
  outcome: VettingOutcome = 'pass',
  by: Actor = officer,
  note?: string,
): AgencyCommand => ({
  type: 'RecordVettingCheck',
  check,
  outcome,
  ...(note ? { note } : {}),
  actor: by,
  now,
});
const approve = (rules: LicensingRules = allChecks, by: Actor = director, at = now): AgencyCommand => ({
  type: 'ApproveLicence',
  licenceNumber: 'NEA/PRA/2026/00001',
  rules,
  actor: by,
  now: at,
});

const recorded: AgencyEvent = applicationRecorded({ at: now });
const checked = (
  check: VettingCheckName,
  outcome: VettingOutcome = 'pass',
  by: Actor = officer,
): AgencyEvent => ({
  type: E.VettingCheckRecorded,
  data: { check, outcome, officer: by, at: now },
});
const allPassed = VETTING_CHECK_NAMES.map((c) => checked(c));
const issued = (
  validFrom: string,
  validUntil: string,
  at = now,
  approvedBy: Actor = director,
): AgencyEvent => ({
  type: E.LicenceIssued,
  data: {
    agencyName: application.name,
    registrationNumber: application.registrationNumber,
    licenceNumber: 'NEA/PRA/2026/00001',
    validFrom,
    validUntil,
    approvedBy,
    at,
  },
});

t.test('recording an application', async (t) => {
  t.test('a new agency records the application as given, with who and when', async (t) => {
    spec(t).given([]).when(record()).then([recorded]);
  });

  t.test('an agency that already has an application is refused', async (t) => {
    spec(t).given([recorded]).when(record()).thenThrows({ type: 'agency-exists', kind: 'conflict' });
  });

  t.test('a guarantee below the configured minimum is refused, naming the minimum', async (t) => {
    const low = { ...application, guarantee: { ...application.guarantee, amountKes: 499_999 } };
    spec(t)
      .given([])
      .when(record({ application: low, minGuaranteeKes: 500_000 }))
      .thenThrows({ type: 'guarantee-too-low', kind: 'invalid', extra: { minimumKes: 500_000 } });
  });

  t.test(
    'a guarantee of exactly the minimum is enough; the minimum is configuration, not a constant',
    async (t) => {
      const exact = { ...application, guarantee: { ...application.guarantee, amountKes: 500_000 } };
      spec(t)
        .given([])
        .when(record({ application: exact, minGuaranteeKes: 500_000 }))
        .then([
          {
            type: E.ApplicationRecorded,
            data: { ...exact, agencyId, flags: [], recordedBy: officer, at: now },
          },
        ]);
      spec(t)
        .given([])
        .when(record({ minGuaranteeKes: 2_000_000 }))
        .thenThrows(
          { type: 'guarantee-too-low', kind: 'invalid' },
          'a KES 1.5M guarantee is too low when 2M is configured',
        );
    },
  );

  t.test('directors are recorded as they came, sealed: no name or id in the clear', async (t) => {
    const [event] = agencyDecider.decide(record(), agencyDecider.initialState());
    t.strictSame(event?.data, { ...application, agencyId, flags: [], recordedBy: officer, at: now });
    const json = JSON.stringify(event);
    for (const clear of directorInClear) t.notOk(json.includes(clear), `the event does not hold ${clear}`);
  });

  t.test('directors matching a revoked agency are flagged on the application', async (t) => {
    // The flag names the director by position and the fingerprint that matched, never by the id itself.
    const match = {
      revokedAgencyId: 'agency-0',
      revokedAgencyName: 'Fly By Night Ltd',
      directorIndex: 0,
      fingerprint: sealedDirector.fingerprints[0]!,
    };
    spec(t)
      .given([])
      .when(record({ revokedDirectorMatches: [match] }))
      .then([
        {
          type: E.ApplicationRecorded,
          data: {
            ...application,
            agencyId,
            flags: [{ kind: 'director-of-revoked-agency', ...match }],
            recordedBy: officer,
            at: now,
          },
        },
      ]);
  });
});

t.test('every command but RecordApplication on an unknown agency is refused', async (t) => {
  const commands: AgencyCommand[] = [
    vet('tax-compliance'),
    approve(),
    { type: 'RejectApplication', reason: 'x', actor: director, now },
    { type: 'RenewLicence', rules: allChecks, actor: director, now },
    { type: 'SuspendLicence', reason: 'x', actor: director, now },
    { type: 'ReinstateLicence', actor: director, now },
    { type: 'RevokeLicence', reason: 'x', actor: director, now },
    { type: 'ExpireLicence', now },
  ];
  for (const command of commands) spec(t).given([]).when(command).thenThrows({ type: 'agency-not-found' });
});

t.test('vetting checks', async (t) => {
  t.test('a check on an applied agency is recorded with officer, outcome and note', async (t) => {
    spec(t)
      .given([recorded])
      .when(vet('office-inspection', 'fail', officer, 'no office at the address'))
      .then([
        {
          type: E.VettingCheckRecorded,
          data: {
            check: 'office-inspection',
            outcome: 'fail',
            note: 'no office at the address',
            officer,
            at: now,
          },
        },
      ]);
  });

  t.test('further checks are recorded while under vetting, by any officer', async (t) => {
    spec(t)
      .given([recorded, checked('tax-compliance')])
      .when(vet('business-registration', 'pass', secondOfficer))
      .then([checked('business-registration', 'pass', secondOfficer)]);
  });

  t.test('every check of the default set is known', async (t) => {
    for (const check of VETTING_CHECK_NAMES)
      spec(t)
        .given([recorded])
        .when(vet(check))
        .then([checked(check)]);
  });

  t.test('an unknown check is refused as a bad request', async (t) => {
    spec(t)
      .given([recorded])
      .when(vet('horoscope'))
      .thenThrows({ type: 'unknown-vetting-check', kind: 'invalid' });
  });

  t.test('vetting is closed once the application is decided', async (t) => {
    const licensed = [recorded, ...allPassed, issued('2026-03-10', '2027-03-09')];
    const closed: Record<string, AgencyEvent[]> = {
      licensed,
      rejected: [
        recorded,
        { type: E.ApplicationRejected, data: { reason: 'forged CR12', by: director, at: now } },
      ],
      suspended: [
        ...licensed,
        { type: E.LicenceSuspended, data: { reason: 'complaints', by: director, at: now } },
      ],
      expired: [
        ...licensed,
        {
          type: E.LicenceExpired,
          data: { licenceNumber: 'NEA/PRA/2026/00001', validUntil: '2027-03-09', at: now },
        },
      ],
    };
    for (const [status, given] of Object.entries(closed)) {
      spec(t)
        .given(given)
        .when(vet('tax-compliance'))
        .thenThrows({ type: 'vetting-closed', kind: 'conflict' }, `no vetting once ${status}`);
    }
  });
});

t.test('approval', async (t) => {
  t.test(
    'with every required check passed, a licence is issued from today for the configured months',
    async (t) => {
      spec(t)
        .given([recorded, ...allPassed])
        .when(approve())
        .then([issued('2026-03-10', '2027-03-09')]);
    },
  );

  t.test('without any check, approval lists every required check as missing', async (t) => {
    spec(t)
      .given([recorded])
      .when(approve())
      .thenThrows({
        type: 'vetting-incomplete',
        kind: 'invalid' as const,
        extra: { missing: [...VETTING_CHECK_NAMES], failed: [] },
      });
  });

  t.test('missing and failed checks are both named', async (t) => {
    const passed: VettingCheckName[] = [
      'business-registration',
      'directors-police-clearance',
      'security-guarantee',
      'association-membership',
    ];
    spec(t)
      .given([recorded, ...passed.map((c) => checked(c)), checked('tax-compliance', 'fail')])
      .when(approve())
      .thenThrows({
        type: 'vetting-incomplete',
        kind: 'invalid' as const,
        extra: { missing: ['office-inspection', 'code-of-conduct'], failed: ['tax-compliance'] },
      });
  });

  t.test('the latest outcome of a check counts', async (t) => {
    t.test('a failed check redone as a pass no longer blocks', async (t) => {
      spec(t)
        .given([recorded, checked('tax-compliance', 'fail'), ...allPassed])
        .when(approve())
        .then([issued('2026-03-10', '2027-03-09')]);
    });
    t.test('a passed check redone as a fail blocks', async (t) => {
      spec(t)
        .given([recorded, ...allPassed, checked('security-guarantee', 'fail')])
        .when(approve())
        .thenThrows({
          type: 'vetting-incomplete',
          kind: 'invalid' as const,
          extra: { missing: [], failed: ['security-guarantee'] },
        });
    });
  });

  t.test('only the configured required checks matter', async (t) => {
    const rules: LicensingRules = {
      requiredChecks: ['business-registration', 'tax-compliance'],
      validityMonths: 12,
    };
    spec(t)
      .given([
        recorded,
        checked('business-registration'),
        checked('tax-compliance'),
        checked('association-membership', 'fail'),
      ])
      .when(approve(rules))
      .then(
        [issued('2026-03-10', '2027-03-09')],
        'a failed optional check and missing optional checks do not block',
      );
    spec(t)
      .given([recorded, checked('business-registration'), checked('office-inspection')])
      .when(approve(rules))
      .thenThrows({
        type: 'vetting-incomplete',
        kind: 'invalid' as const,
        extra: { missing: ['tax-compliance'], failed: [] },
      });
  });

  t.test('four eyes: nobody who vetted the application may approve it', async (t) => {
    spec(t)
      .given([recorded, ...allPassed])
      .when(approve(allChecks, officer))
      .thenThrows({ type: 'four-eyes-rule', kind: 'conflict' }, 'the only vetter may not approve');
    spec(t)
      .given([recorded, ...allPassed, checked('office-inspection', 'pass', secondOfficer)])
      .when(approve(allChecks, secondOfficer))
      .thenThrows(
        { type: 'four-eyes-rule', kind: 'conflict' },
        'a vetter who did a single check may not approve',
      );
    spec(t)
      .given([recorded, ...VETTING_CHECK_NAMES.map((c) => checked(c, 'pass', secondOfficer))])
      .when(approve(allChecks, officer))
      .then(
        [issued('2026-03-10', '2027-03-09', now, officer)],
        'someone who recorded the application but did not vet it may approve when a different officer vetted',
      );
  });

  t.test('licence validity comes from the configured months', async (t) => {
    spec(t)
      .given([recorded, ...allPassed])
      .when(approve({ requiredChecks: VETTING_CHECK_NAMES, validityMonths: 24 }))
      .then(
        [issued('2026-03-10', '2028-03-09')],
        '24 months: through the day before the same date two years on',
      );
    const endOfJanuary = '2026-01-31T08:00:00.000Z';
    spec(t)
      .given([recorded, ...allPassed])
      .when(approve({ requiredChecks: VETTING_CHECK_NAMES, validityMonths: 1 }, director, endOfJanuary))
      .then(
        [issued('2026-01-31', '2026-02-28', endOfJanuary)],
        '31 Jan + 1 month has no 31 Feb, so valid through the last day of February',
      );
    const lateEvening = '2026-03-10T23:59:59.000Z';
    spec(t)
      .given([recorded, ...allPassed])
      .when(approve(allChecks, director, lateEvening))
      .then([issued('2026-03-10', '2027-03-09', lateEvening)], 'validFrom is the UTC date of the approval');
  });

  t.test('approval only before a decision', async (t) => {
    spec(t)
      .given([recorded, ...allPassed, issued('2026-03-10', '2027-03-09')])
      .when(approve())
      .thenThrows(
        { type: 'invalid-transition', kind: 'conflict' },
        'a licensed agency is not approved twice',
      );
    spec(t)
      .given([
        recorded,
        ...allPassed,
        { type: E.ApplicationRejected, data: { reason: 'forged CR12', by: director, at: now } },
      ])
      .when(approve())
      .thenThrows({ type: 'invalid-transition', kind: 'conflict' }, 'a rejected application is not approved');
  });
});
