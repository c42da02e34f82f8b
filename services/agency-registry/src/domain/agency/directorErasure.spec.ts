import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import type { AgencyCommand } from './commands.ts';
import { type AgencyEvent, AgencyEventType as E, VETTING_CHECK_NAMES } from './events.ts';
import { agencyDecider, evolveAgency, initialAgencyState } from './index.ts';
import {
  application,
  applicationRecorded,
  director,
  licenceNumber,
  officer,
  sealedDirector,
} from './specFixtures.ts';

/** Erasing a director (Data Protection Act 2019, s. 40): recorded once, in any status, revoked included. */
const spec = deciderSpec(agencyDecider);

const recorded: AgencyEvent = applicationRecorded();
const vetted: AgencyEvent[] = VETTING_CHECK_NAMES.map((check) => ({
  type: E.VettingCheckRecorded,
  data: { check, outcome: 'pass' as const, officer, at: '2026-02-15T08:00:00.000Z' },
}));
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
const revoked: AgencyEvent = {
  type: E.LicenceRevoked,
  data: { reason: 'fees charged to job seekers', by: director, at: '2026-07-01T09:00:00.000Z' },
};

const at = '2026-08-01T10:00:00.000Z';
const erase = (directorIndex = 0, note?: string): AgencyCommand => ({
  type: 'EraseDirector',
  directorIndex,
  reason: 'data-subject-request',
  ...(note ? { note } : {}),
  actor: director,
  now: at,
});
const erased = (note?: string): AgencyEvent => ({
  type: E.DirectorErased,
  data: {
    directorIndex: 0,
    subject: sealedDirector.subject,
    fingerprints: sealedDirector.fingerprints,
    reason: 'data-subject-request',
    ...(note ? { note } : {}),
    by: director,
    at,
  },
});

t.test("the erasure records who, when, why, and the director's subject and fingerprints", async (t) => {
  spec(t).given([recorded]).when(erase()).then([erased()], 'an applied agency');
  spec(t)
    .given([recorded, ...vetted, issued])
    .when(erase(0, 'pd2.sealed.note'))
    .then([erased('pd2.sealed.note')], 'a licensed agency, with its sealed note');
});

t.test('a revoked agency refuses everything but the erasure of a director', async (t) => {
  const revokedAgency = [recorded, ...vetted, issued, revoked];
  spec(t).given(revokedAgency).when(erase()).then([erased()], 'erased though revoked');
  spec(t)
    .given(revokedAgency)
    .when({ type: 'ReinstateLicence', actor: director, now: at })
    .thenThrows({ type: 'agency-revoked', kind: 'conflict' }, 'while revocation stays final for the licence');
});

t.test('erasing an erased director again decides nothing (the first erasure stands)', async (t) => {
  spec(t).given([recorded, erased()]).when(erase()).then([], 'nothing new');
});

t.test('a director the agency does not have, or an agency that does not exist, is refused', async (t) => {
  spec(t)
    .given([recorded])
    .when(erase(1))
    .thenThrows({ type: 'director-not-found', kind: 'invalid' }, 'no second director');
  spec(t).given([]).when(erase()).thenThrows({ type: 'agency-not-found', kind: 'not-found' }, 'no agency');
});

t.test('the state remembers each erasure, and nothing else changes', async (t) => {
  const before = [recorded, ...vetted, issued].reduce(evolveAgency, initialAgencyState());
  const after = evolveAgency(before, erased('pd2.sealed.note') as never);
  t.same(after.directorErasures, [
    { directorIndex: 0, reason: 'data-subject-request', note: 'pd2.sealed.note', by: director, at },
  ]);
  t.same({ ...after, directorErasures: [] }, before, 'status, licence and directors are as they were');
});
