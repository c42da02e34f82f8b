import { systemClock } from '@kazi/core';
import { CommandHandler, MemoryEventStore } from '@kazi/eventsourcing';
import { MemorySubjectKeyStore, PersonalDataVault } from '@kazi/personal-data';
import { CommandService, type RequestContext } from '@kazi/service-kit';
import t from 'tap';
import { caseDecider, employerDecider } from '../domain/index.ts';
import type { CaseFeedQueries } from '../projections/caseFeedQueries.ts';
import type { EmployerDirectoryQueries } from '../projections/employerDirectoryQueries.ts';
import { caseUpdateBody, openCaseBody } from '../testing/index.ts';
import type { CaseUpdateBody } from './caseChanges.ts';
import { casePolicies, employerPolicies } from './caseCommands.ts';
import { CasesApp } from './casesApp.ts';
import { missionDay } from './missionDay.ts';
import { StaleCaseError } from './staleCaseError.ts';
import { updateFingerprinter } from './updateFingerprint.ts';
import { WorkerSealing } from './workerSealing.ts';

/** An event store that counts the head look-ups made on it (one round trip each on JetStream). */
class CountingStore extends MemoryEventStore {
  heads = 0;
  override head(streamName: string) {
    this.heads++;
    return super.head(streamName);
  }
}

/**
 * One replica of the service: its own command handlers (and their caches) and its own vault, over the
 * event store and key store every replica shares.
 */
function replica(store: CountingStore, keys: MemorySubjectKeyStore): CasesApp {
  const service = <S, C extends { type: string }, E extends { type: string; data: unknown }>(
    aggregate: string,
    handler: CommandHandler<S, C, E>,
    commands: ConstructorParameters<typeof CommandService<S, C, E>>[0]['commands'],
  ) =>
    new CommandService({
      aggregate,
      handler,
      stream: (id) => `${aggregate}.${id}`,
      clock: systemClock,
      commands,
    });
  const newId = () => crypto.randomUUID();
  return new CasesApp({
    cases: service(
      'case',
      new CommandHandler({ decider: caseDecider, store, stateSchemaVersion: 1, newId }),
      casePolicies,
    ),
    employers: service(
      'employer',
      new CommandHandler({ decider: employerDecider, store, stateSchemaVersion: 1, newId }),
      employerPolicies,
    ),
    sealing: new WorkerSealing(new PersonalDataVault(keys)),
    // Neither is read here: the cases name no employer, and no feed is asked for.
    feed: {} as CaseFeedQueries,
    directory: {} as EmployerDirectoryQueries,
    fingerprint: updateFingerprinter('a test secret of the fingerprints'),
    today: missionDay({}),
  });
}

const context: RequestContext = {
  user: { sub: 'attache-sa-1', name: 'Halima Yusuf', roles: ['labour-attache'], mission: 'SA' },
  correlationId: 'correlation-1',
  requestId: 'request-1',
};
const note = (expectedVersion: number, updateId?: string) =>
  caseUpdateBody(expectedVersion, 'note', updateId ? { updateId } : {}) as unknown as CaseUpdateBody;

t.test(
  'a replica answers changes from the case as it last saw it, and never answers from a copy another replica made stale',
  async (t) => {
    const store = new CountingStore();
    const keys = new MemorySubjectKeyStore();
    const a = replica(store, keys);
    const b = replica(store, keys);
    const { id } = await a.open(openCaseBody({ employer: undefined }), context);

    const first = note(1);
    t.match(await a.changes.update(id, first, context, 1), { version: 2, replayed: false });
    const heads = store.heads;
    t.match(await a.changes.update(id, note(2), context, 2), { version: 3, replayed: false });
    t.equal(
      store.heads,
      heads,
      'the next change of an app on the same replica: no look-up of the stored case',
    );

    t.match(await b.changes.update(id, note(3), context, 3), { version: 4 }, 'another replica changes it');

    // A's copy is at version 3: a change based on it is refused with the case as stored.
    const stale = await a.changes.update(id, note(3), context, 3).catch((error: unknown) => error);
    t.type(stale, StaleCaseError);
    t.match((stale as StaleCaseError).extra, { currentVersion: 4, current: { version: 4 } });
    // A change based on the stored version is accepted although A's copy was behind.
    t.match(await a.changes.update(id, note(4), context, 4), { version: 5, replayed: false });
    // A resend of the first change, to either replica, with its old version: its first answer.
    t.match(await b.changes.update(id, first, context, 1), { version: 2, replayed: true });
    t.match(await a.changes.update(id, first, context, 1), { version: 2, replayed: true });
    t.equal((await a.get(id, context.user)).version, 5, 'five versions: every change once');
  },
);
