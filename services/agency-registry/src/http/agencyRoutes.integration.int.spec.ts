import { randomBytes, randomInt } from 'node:crypto';
import t from 'tap';
import { startTestSystem } from './testSystem.fixture.ts';

/**
 * What other services hear when an application names a director of a revoked agency: the revoked
 * agency's id on AgencyApplicationRecorded (oversight's risk rule revoked-director), never the director.
 */
const ctx = await startTestSystem(t, 'httpint');

t.test('an application naming a director of a revoked agency publishes that agency’s id', async (t) => {
  const director = {
    fullName: `Otieno ${randomBytes(3).toString('hex')} Were`,
    nationalId: String(randomInt(20_000_000, 99_999_999)),
    nationality: 'KE',
  };
  const revoked = await ctx.licensed({ directors: [director] });
  await ctx.decide(revoked.id, 'revocation', revoked.version, { reason: 'passports confiscated' });
  await ctx.caughtUp();
  const again = await ctx.apply({ directors: [director] });
  const clean = await ctx.apply();
  await ctx.caughtUp();

  // The relay publishes asynchronously: wait for both applications on the integration stream.
  // What is at rest reads as subject, message, subject, message…: the integration stream's applications.
  const recorded = async () => {
    const lines = (await ctx.atRest()).split('\n');
    return lines
      .flatMap((line, i) =>
        line.includes('.integration.') && line.endsWith('agency-application-recorded.v1')
          ? [lines[i + 1]]
          : [],
      )
      .map((body) => JSON.parse(body ?? '{}') as { data?: Record<string, unknown> } & Record<string, unknown>)
      .map((message) => (message.data ?? message) as Record<string, unknown>);
  };
  let events: Record<string, unknown>[] = [];
  for (let i = 0; i < 100; i++) {
    events = await recorded();
    if ([again.id, clean.id].every((id) => events.some((e) => e.agencyId === id))) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const of = (id: string) => events.find((e) => e.agencyId === id);
  t.same(
    of(again.id)?.directorOfRevokedAgency,
    { revokedAgencyIds: [revoked.id] },
    'the revoked agency, by id',
  );
  t.notOk('directorOfRevokedAgency' in (of(clean.id) ?? {}), 'an application with no flag carries none');
  const wire = JSON.stringify(of(again.id));
  for (const personal of [director.fullName, director.nationalId, 'fingerprint', 'directorIndex'])
    t.notOk(wire.includes(personal), `no ${personal} on the wire`);
});
