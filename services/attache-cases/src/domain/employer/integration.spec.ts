import { EmployerVetted } from '@kazi/contracts';
import t from 'tap';
import { employerIntegrationEvents } from './integration.ts';
import {
  employerDay as day,
  employerId,
  employerName,
  neaDirector,
  registeredEvent,
  vetted,
} from './specFixtures.ts';

/** What other services hear of an employer: each vetting, by the employer's id, name and country. */

t.test('a vetting publishes the employer vetted, without the reason or who vetted', async (t) => {
  for (const outcome of ['cleared', 'flagged', 'blacklisted'] as const) {
    const messages = employerIntegrationEvents(vetted(day(1), outcome), employerId);
    t.equal(messages.length, 1, `${outcome}: one integration event`);
    const [message] = messages;
    t.equal(message?.definition.type, EmployerVetted.type);
    t.strictSame(message?.data, { employerId, at: day(1), name: employerName, country: 'SA', outcome });
    t.doesNotThrow(() => EmployerVetted.schema.parse(message?.data), 'the payload parses with its contract');
    const wire = JSON.stringify(message?.data);
    for (const value of ['attache-sa-1', 'Halima', 'passports', 'wages', 'contracts'])
      t.notOk(wire.includes(value), `no "${value}" on the wire`);
  }
});

t.test('the employer id is the one the relay gives (the stream’s)', async (t) => {
  const [message] = employerIntegrationEvents(vetted(day(1), 'cleared', neaDirector), 'employer-42');
  t.match(message?.data, { employerId: 'employer-42' });
});

t.test('a registration publishes nothing, nor does an event of another kind', async (t) => {
  t.same(employerIntegrationEvents(registeredEvent, employerId), []);
  t.same(
    employerIntegrationEvents({ type: 'ke.nea.attache-cases.case-opened.v1', data: {} }, employerId),
    [],
  );
});
