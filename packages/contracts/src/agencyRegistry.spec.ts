import t from 'tap';
import { AgencyApplicationRecorded, agencyRegistryEvents } from './agencyRegistry.ts';
import { IntegrationEventCatalog } from './integrationEvent.ts';

const recorded = {
  agencyId: 'b6f1c7a2-4d1e-4a8b-9c3f-0e2d5a7b9c11',
  name: 'Pamoja Recruiters Ltd',
  registrationNumber: 'PVT-2026-001',
  county: 'Nairobi',
  at: '2026-03-10T09:00:00.000Z',
};
const catalog = new IntegrationEventCatalog(agencyRegistryEvents);

t.test(
  'an application recorded before directorOfRevokedAgency existed still parses, without it',
  async (t) => {
    const parsed = AgencyApplicationRecorded.schema.parse(recorded);
    t.strictSame(parsed, recorded);
    t.ok(catalog, 'the catalogue of the registry events builds');
  },
);

t.test('an application names the revoked agencies its directors directed, by id', async (t) => {
  const data = { ...recorded, directorOfRevokedAgency: { revokedAgencyIds: ['agency-0', 'agency-7'] } };
  t.strictSame(AgencyApplicationRecorded.schema.parse(data), data);
});

t.test('who matched never rides along: anything but the ids is dropped when parsed', async (t) => {
  const parsed = AgencyApplicationRecorded.schema.parse({
    ...recorded,
    directorOfRevokedAgency: {
      revokedAgencyIds: ['agency-0'],
      directorIndex: 1,
      fingerprint: 'Qw8rT5yU2iO9pA3sD6fG1hJ4kL7zX0cV',
      revokedAgencyName: 'Fly By Night Ltd',
    },
  });
  t.strictSame(parsed.directorOfRevokedAgency, { revokedAgencyIds: ['agency-0'] });
});

t.test('an empty list, an empty id or an agency named twice is refused', async (t) => {
  for (const [what, revokedAgencyIds] of [
    ['no ids (the field is left out instead)', []],
    ['an empty id', ['']],
    ['the same agency twice', ['agency-0', 'agency-0']],
  ] as const) {
    const parsed = AgencyApplicationRecorded.schema.safeParse({
      ...recorded,
      directorOfRevokedAgency: { revokedAgencyIds },
    });
    t.notOk(parsed.success, what);
    t.match(parsed.error?.issues[0]?.path, ['directorOfRevokedAgency', 'revokedAgencyIds'], what);
  }
});
