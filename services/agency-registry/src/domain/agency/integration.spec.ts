import {
  AgencyApplicationRecorded,
  AgencyApplicationRejected,
  AgencyLicenceExpired,
  AgencyLicenceRenewed,
  AgencyLicensed,
  AgencyReinstated,
  AgencyRevoked,
  AgencySuspended,
} from '@kazi/contracts';
import t from 'tap';
import { type AgencyEvent, AgencyEventType as E, parseAgencyEvent } from './events.ts';
import { toIntegrationEvents } from './integration.ts';
import { licenceApplicationSchema, recordedLicenceApplicationSchema } from './licenceApplication.ts';
import {
  agencyId,
  applicationRecorded,
  director,
  licenceApplicationBody,
  licenceNumber,
  officer,
} from './specFixtures.ts';

/** What other services hear of an agency: the right contract, a payload its schema accepts, no directors. */
const directors = [
  { fullName: 'Wanjiru Kamau', nationalId: '12345678', nationality: 'KE' },
  { fullName: 'Hassan Omar Abdalla', passportNumber: 'AK1234567', nationality: 'KE' },
];
const sealedDirectors = [
  {
    subject: 'director:Yk3q9ZL0c1mX8vTQ2aRw5sNe7uJh4dPo',
    fingerprints: ['Yk3q9ZL0c1mX8vTQ2aRw5sNe7uJh4dPo'],
  },
  {
    subject: 'director:Qw8rT5yU2iO9pA3sD6fG1hJ4kL7zX0cV',
    fingerprints: ['Qw8rT5yU2iO9pA3sD6fG1hJ4kL7zX0cV'],
  },
].map((d, i) => ({ ...d, nationality: 'KE', sealed: `pd1.aXYtJHtp.c2VhbGVkLSR7aX0${i}` }));
const body = licenceApplicationSchema.parse(
  licenceApplicationBody(
    {
      county: 'Mombasa',
      directors,
      guarantee: {
        kind: 'insurance',
        issuer: 'Jubilee Insurance',
        reference: 'IG-2024-9',
        amountKes: 1_500_000,
      },
    },
    '051234567',
  ),
);
/** As stored: the directors sealed. */
const application = recordedLicenceApplicationSchema.parse({ ...body, directors: sealedDirectors });
const flag = {
  kind: 'director-of-revoked-agency' as const,
  revokedAgencyId: 'agency-0',
  revokedAgencyName: 'Fly By Night Ltd',
  directorIndex: 1,
  fingerprint: 'Qw8rT5yU2iO9pA3sD6fG1hJ4kL7zX0cV',
};

const at = '2026-03-10T09:00:00.000Z';
const cases: Array<{ event: AgencyEvent; contract: { type: string }; data: Record<string, unknown> }> = [
  {
    // A director of a revoked agency: oversight hears the revoked agency's id, not who or by which id.
    event: applicationRecorded({ ...application, flags: [flag], at }),
    contract: AgencyApplicationRecorded,
    data: {
      agencyId,
      name: application.name,
      registrationNumber: application.registrationNumber,
      county: 'Mombasa',
      directorOfRevokedAgency: { revokedAgencyIds: ['agency-0'] },
      at,
    },
  },
  {
    // No flag: no field (as in events published before it existed).
    event: applicationRecorded({ ...application, flags: [], at }),
    contract: AgencyApplicationRecorded,
    data: {
      agencyId,
      name: application.name,
      registrationNumber: application.registrationNumber,
      county: 'Mombasa',
      at,
    },
  },
  {
    // Both directors directed one revoked agency, and one of them also another: each agency once.
    event: applicationRecorded({
      ...application,
      flags: [
        flag,
        { ...flag, directorIndex: 0, fingerprint: 'Yk3q9ZL0c1mX8vTQ2aRw5sNe7uJh4dPo' },
        { ...flag, revokedAgencyId: 'agency-7', revokedAgencyName: 'Gone Tomorrow Ltd' },
      ],
      at,
    }),
    contract: AgencyApplicationRecorded,
    data: {
      agencyId,
      name: application.name,
      registrationNumber: application.registrationNumber,
      county: 'Mombasa',
      directorOfRevokedAgency: { revokedAgencyIds: ['agency-0', 'agency-7'] },
      at,
    },
  },
  {
    event: { type: E.ApplicationRejected, data: { reason: 'forged CR12', by: director, at } },
    contract: AgencyApplicationRejected,
    data: { agencyId, reason: 'forged CR12', at },
  },
  {
    event: {
      type: E.LicenceIssued,
      data: {
        agencyName: application.name,
        registrationNumber: application.registrationNumber,
        licenceNumber,
        validFrom: '2026-03-10',
        validUntil: '2027-03-09',
        approvedBy: director,
        at,
      },
    },
    contract: AgencyLicensed,
    data: {
      agencyId,
      name: application.name,
      registrationNumber: application.registrationNumber,
      licenceNumber,
      validFrom: '2026-03-10',
      validUntil: '2027-03-09',
      at,
    },
  },
  {
    event: { type: E.LicenceRenewed, data: { licenceNumber, validUntil: '2028-03-09', by: director, at } },
    contract: AgencyLicenceRenewed,
    data: { agencyId, licenceNumber, validUntil: '2028-03-09', at },
  },
  {
    event: {
      type: E.LicenceSuspended,
      data: { reason: 'unpaid wages', until: '2026-09-01', by: director, at },
    },
    contract: AgencySuspended,
    data: { agencyId, reason: 'unpaid wages', until: '2026-09-01', at },
  },
  {
    event: { type: E.LicenceSuspended, data: { reason: 'audit', by: director, at } },
    contract: AgencySuspended,
    data: { agencyId, reason: 'audit', at },
  },
  {
    event: { type: E.LicenceReinstated, data: { by: director, at } },
    contract: AgencyReinstated,
    data: { agencyId, at },
  },
  {
    event: { type: E.LicenceRevoked, data: { reason: 'fees charged', by: director, at } },
    contract: AgencyRevoked,
    data: { agencyId, reason: 'fees charged', at },
  },
  {
    event: { type: E.LicenceExpired, data: { licenceNumber, validUntil: '2027-03-09', at } },
    contract: AgencyLicenceExpired,
    data: { agencyId, licenceNumber, validUntil: '2027-03-09', at },
  },
];

// Anything that identifies a director, as it could appear in a payload: in clear, sealed or fingerprinted.
const directorData = [
  ...directors.flatMap((d) => Object.values(d).filter((v) => v !== 'KE')),
  'AK1234567',
  ...sealedDirectors.flatMap((d) => [d.subject, d.sealed, ...d.fingerprints]),
  'directors',
  'flags',
  // Which director matched, and the revoked agencies' names, stay in the registry too.
  'directorIndex',
  'Fly By Night',
  'Gone Tomorrow',
];

t.test('each stored event maps to its contract with exactly the agreed payload', async (t) => {
  for (const { event, contract, data } of cases) {
    t.test(event.type, async (t) => {
      t.ok(parseAgencyEvent(event), 'the example is a valid stored event');
      const messages = toIntegrationEvents(event, agencyId);
      t.equal(messages.length, 1, 'one integration event');
      const [message] = messages;
      t.equal(message?.definition.type, contract.type, `published as ${contract.type}`);
      t.strictSame(message?.data, data, 'payload');
      const parsed = message?.definition.schema.safeParse(message.data);
      t.ok(
        parsed?.success,
        `the payload parses with its contract schema ${parsed?.success ? '' : JSON.stringify(parsed?.error.issues)}`,
      );
      const wire = JSON.stringify(message?.data);
      for (const personal of directorData) t.notOk(wire.includes(personal), `no ${personal} on the wire`);
    });
  }
});

t.test('vetting checks stay internal', async (t) => {
  const checked: AgencyEvent = {
    type: E.VettingCheckRecorded,
    data: { check: 'office-inspection', outcome: 'fail', note: 'no office', officer, at },
  };
  t.same(toIntegrationEvents(checked, agencyId), []);
});

t.test('director erasures stay internal: no other service ever held a director', async (t) => {
  const erased: AgencyEvent = {
    type: E.DirectorErased,
    data: {
      directorIndex: 0,
      subject: sealedDirectors[0]?.subject ?? '',
      fingerprints: sealedDirectors[0]?.fingerprints ?? [],
      reason: 'data-subject-request',
      by: director,
      at,
    },
  };
  t.ok(parseAgencyEvent(erased), 'the example is a valid stored event');
  t.same(toIntegrationEvents(erased, agencyId), []);
});

t.test('events of other streams and unknown types publish nothing', async (t) => {
  t.same(
    toIntegrationEvents(
      { type: 'ke.nea.agency-registry.identifier-claimed.v1', data: { agencyId } },
      agencyId,
    ),
    [],
  );
  t.same(toIntegrationEvents({ type: 'ke.nea.agency-registry.something-new.v1', data: {} }, agencyId), []);
});

t.test('every agency event type that publishes is covered above', async (t) => {
  const covered = new Set(cases.map((c) => c.event.type));
  const published = Object.values(E).filter(
    (type) => type !== E.VettingCheckRecorded && type !== E.DirectorErased,
  );
  t.same([...covered].sort(), [...published].sort());
});
