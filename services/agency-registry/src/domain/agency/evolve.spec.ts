import { type Actor, foldEvents } from '@kazi/core';
import t from 'tap';
import {
  type AgencyEvent,
  AgencyEventType as E,
  type VettingCheckName,
  type VettingOutcome,
} from './events.ts';
import { agencyDecider } from './index.ts';
import {
  agencyId,
  application,
  applicationRecorded,
  director,
  licenceNumber,
  officer,
  secondOfficer,
} from './specFixtures.ts';
import { type AgencyState, agencyStateSchema } from './state.ts';

/** The state the stored events rebuild: what the decider decides on and what gets snapshotted. */

const flag = {
  kind: 'director-of-revoked-agency' as const,
  revokedAgencyId: 'agency-0',
  revokedAgencyName: 'Fly By Night Ltd',
  directorIndex: 0,
  fingerprint: 'Yk3q9ZL0c1mX8vTQ2aRw5sNe7uJh4dPo',
};

const recorded: AgencyEvent = applicationRecorded({ flags: [flag] });
const checked = (
  check: VettingCheckName,
  outcome: VettingOutcome,
  by: Actor,
  at: string,
  note?: string,
): AgencyEvent => ({
  type: E.VettingCheckRecorded,
  data: { check, outcome, ...(note ? { note } : {}), officer: by, at },
});
const vetting = [
  checked('office-inspection', 'fail', officer, '2026-02-10T08:00:00.000Z', 'no signboard'),
  checked('tax-compliance', 'pass', secondOfficer, '2026-02-11T08:00:00.000Z'),
  checked('office-inspection', 'pass', officer, '2026-02-12T08:00:00.000Z'),
];
const issued: AgencyEvent = {
  type: E.LicenceIssued,
  data: {
    agencyName: application.name,
    registrationNumber: application.registrationNumber,
    licenceNumber,
    validFrom: '2026-03-10',
    validUntil: '2027-03-09',
    approvedBy: director,
    at: '2026-03-10T09:00:00.000Z',
  },
};
const suspended: AgencyEvent = {
  type: E.LicenceSuspended,
  data: { reason: 'unpaid wages', until: '2026-09-01', by: director, at: '2026-06-01T09:00:00.000Z' },
};
const reinstated: AgencyEvent = {
  type: E.LicenceReinstated,
  data: { by: director, at: '2026-08-15T09:00:00.000Z' },
};
const renewed: AgencyEvent = {
  type: E.LicenceRenewed,
  data: { licenceNumber, validUntil: '2028-03-09', by: director, at: '2027-02-01T09:00:00.000Z' },
};
const expired: AgencyEvent = {
  type: E.LicenceExpired,
  data: { licenceNumber, validUntil: '2028-03-09', at: '2028-03-10T00:01:00.000Z' },
};
const revoked: AgencyEvent = {
  type: E.LicenceRevoked,
  data: { reason: 'fees charged', by: director, at: '2028-05-01T09:00:00.000Z' },
};

const fold = (events: AgencyEvent[]): AgencyState =>
  foldEvents(agencyDecider, agencyDecider.initialState(), events);

t.test('before any event the agency does not exist', async (t) => {
  const state = agencyDecider.initialState();
  t.equal(state.status, null);
  t.equal(state.id, null);
});

t.test(
  'a recorded application makes an applied agency, keeping the application apart from its metadata',
  async (t) => {
    const state = fold([recorded]);
    t.equal(state.status, 'applied');
    t.equal(state.id, agencyId);
    t.same(state.application, application);
    t.notOk(state.application && 'agencyId' in state.application, 'the application holds no event metadata');
    t.same(state.flags, [flag]);
    t.same(state.recordedBy, officer);
    t.equal(state.recordedAt, '2026-02-01T08:00:00.000Z');
    t.same(state.history, [], 'an application is not a licence event');
  },
);

t.test(
  'vetting: the first check moves to under-vetting; every check is kept; each vetter is listed once',
  async (t) => {
    t.equal(fold([recorded, vetting[0] as AgencyEvent]).status, 'under-vetting');
    const state = fold([recorded, ...vetting]);
    t.equal(state.status, 'under-vetting');
    t.same(
      state.vettingChecks.map((c) => [c.check, c.outcome, c.officer.sub]),
      [
        ['office-inspection', 'fail', 'officer-1'],
        ['tax-compliance', 'pass', 'officer-2'],
        ['office-inspection', 'pass', 'officer-1'],
      ],
    );
    t.equal(state.vettingChecks[0]?.note, 'no signboard');
    t.strictSame(state.vetters, ['officer-1', 'officer-2']);
  },
);

t.test('a licence issued sets the licence and starts its history', async (t) => {
  const state = fold([recorded, ...vetting, issued]);
  t.equal(state.status, 'licensed');
  t.same(state.licence, { number: licenceNumber, validFrom: '2026-03-10', validUntil: '2027-03-09' });
  t.same(state.history, [
    { event: 'issued', at: '2026-03-10T09:00:00.000Z', by: director, validUntil: '2027-03-09' },
  ]);
});

t.test('a rejection closes the application with its reason', async (t) => {
  const state = fold([
    recorded,
    {
      type: E.ApplicationRejected,
      data: { reason: 'forged CR12', by: director, at: '2026-02-20T09:00:00.000Z' },
    },
  ]);
  t.equal(state.status, 'rejected');
  t.equal(state.licence, null);
  t.same(state.history, [
    { event: 'rejected', at: '2026-02-20T09:00:00.000Z', by: director, reason: 'forged CR12' },
  ]);
});

t.test('suspension and reinstatement', async (t) => {
  const whileSuspended = fold([recorded, ...vetting, issued, suspended]);
  t.equal(whileSuspended.status, 'suspended');
  t.same(whileSuspended.suspension, {
    reason: 'unpaid wages',
    until: '2026-09-01',
    at: '2026-06-01T09:00:00.000Z',
  });
  t.same(whileSuspended.history.at(-1), {
    event: 'suspended',
    at: '2026-06-01T09:00:00.000Z',
    by: director,
    reason: 'unpaid wages',
    until: '2026-09-01',
  });
  t.same(whileSuspended.licence?.validUntil, '2027-03-09', 'a suspension keeps the end date');

  const withoutEnd = fold([
    recorded,
    ...vetting,
    issued,
    { type: E.LicenceSuspended, data: { reason: 'audit', by: director, at: '2026-06-01T09:00:00.000Z' } },
  ]);
  t.strictSame(
    withoutEnd.suspension,
    { reason: 'audit', at: '2026-06-01T09:00:00.000Z' },
    'no until key when open-ended',
  );

  const after = fold([recorded, ...vetting, issued, suspended, reinstated]);
  t.equal(after.status, 'licensed');
  t.equal(after.suspension, null);
  t.same(after.licence, { number: licenceNumber, validFrom: '2026-03-10', validUntil: '2027-03-09' });
  t.same(after.history.at(-1), { event: 'reinstated', at: '2026-08-15T09:00:00.000Z', by: director });
});

t.test('renewal moves the end date and keeps number and start', async (t) => {
  const state = fold([recorded, ...vetting, issued, renewed]);
  t.equal(state.status, 'licensed');
  t.same(state.licence, { number: licenceNumber, validFrom: '2026-03-10', validUntil: '2028-03-09' });
  t.same(state.history.at(-1), {
    event: 'renewed',
    at: '2027-02-01T09:00:00.000Z',
    by: director,
    validUntil: '2028-03-09',
  });
});

t.test('expiry and renewal after expiry', async (t) => {
  const lapsed = fold([recorded, ...vetting, issued, renewed, expired]);
  t.equal(lapsed.status, 'expired');
  t.same(lapsed.licence?.validUntil, '2028-03-09', 'the licence record stays, to be renewed or revoked');
  t.same(lapsed.history.at(-1), {
    event: 'expired',
    at: '2028-03-10T00:01:00.000Z',
    validUntil: '2028-03-09',
  });
  const back = fold([
    recorded,
    ...vetting,
    issued,
    renewed,
    expired,
    { ...renewed, data: { ...renewed.data, validUntil: '2030-04-01' } } as AgencyEvent,
  ]);
  t.equal(back.status, 'licensed');
});

t.test('revocation is recorded and clears a suspension', async (t) => {
  const state = fold([recorded, ...vetting, issued, suspended, revoked]);
  t.equal(state.status, 'revoked');
  t.equal(state.suspension, null);
  t.same(state.history.at(-1), {
    event: 'revoked',
    at: '2028-05-01T09:00:00.000Z',
    by: director,
    reason: 'fees charged',
  });
});

t.test('the full history is in order, and the state is a valid JSON snapshot', async (t) => {
  const state = fold([recorded, ...vetting, issued, suspended, reinstated, renewed, expired, revoked]);
  t.same(
    state.history.map((h) => h.event),
    ['issued', 'suspended', 'reinstated', 'renewed', 'expired', 'revoked'],
  );
  const snapshot = JSON.parse(JSON.stringify(state));
  t.strictSame(snapshot, state, 'survives a JSON round trip unchanged');
  t.strictSame(agencyStateSchema.parse(snapshot), state, 'and parses with the state schema');
});

t.test('an unknown (newer) event type changes nothing', async (t) => {
  const state = fold([recorded]);
  const unknown = { type: 'ke.nea.agency-registry.something-new.v1', data: {} } as unknown as AgencyEvent;
  t.strictSame(agencyDecider.evolve(state, unknown), state);
});
