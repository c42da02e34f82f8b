import { randomUUID } from 'node:crypto';
import { AgencyApplicationRecorded, AgencyRevoked } from '@kazi/contracts';
import t from 'tap';
import { reportingFixture } from './reporting.fixture.ts';

t.test(
  'an application naming directors of revoked agencies: one flag row per revoked agency, none without',
  async (t) => {
    const { pool, publish, start } = await reportingFixture(t, 'repflag');
    const [gone, goneToo, flagged, clean] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const application = (agencyId: string, at: string) => ({
      agencyId,
      at,
      name: 'Pamoja Recruiters Ltd',
      registrationNumber: `PVT-${agencyId.slice(0, 8)}`,
      county: 'Nairobi',
    });
    await publish(AgencyApplicationRecorded, application(gone, '2025-01-05T08:00:00.000Z'));
    await publish(AgencyRevoked, { agencyId: gone, at: '2025-06-01T08:00:00.000Z', reason: 'fees' });
    await publish(AgencyApplicationRecorded, {
      ...application(flagged, '2026-01-05T08:00:00.000Z'),
      directorOfRevokedAgency: { revokedAgencyIds: [gone, goneToo] },
    });
    // As published before the field existed, or with no director flagged.
    await publish(AgencyApplicationRecorded, application(clean, '2026-01-06T08:00:00.000Z'));
    const runner = await start();
    await runner.caughtUp();

    const flags = async () =>
      (
        await pool.query(
          `SELECT agency_id, kind, related_agency_id, flagged_at FROM reporting_g1.agency_flag
           ORDER BY agency_id, related_agency_id`,
        )
      ).rows;
    t.same(
      await flags(),
      [gone, goneToo].sort().map((related) => ({
        agency_id: flagged,
        kind: 'director-of-revoked-agency',
        related_agency_id: related,
        flagged_at: new Date('2026-01-05T08:00:00.000Z'),
      })),
      'the flagged application has a row per revoked agency; the others none',
    );
    const { rows } = await pool.query('SELECT agency_id FROM reporting_g1.agency ORDER BY agency_id');
    t.same(
      rows.map((r) => r.agency_id),
      [gone, flagged, clean].sort(),
      'the agencies themselves are recorded as before',
    );

    // The same application again (a relay's retry publishes a new message): nothing doubles.
    await publish(AgencyApplicationRecorded, {
      ...application(flagged, '2026-01-05T08:00:00.000Z'),
      directorOfRevokedAgency: { revokedAgencyIds: [gone] },
    });
    await runner.caughtUp();
    t.equal((await flags()).length, 2, 'a repeated flag changes nothing');
  },
);
