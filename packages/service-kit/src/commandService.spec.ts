import {
  type Actor,
  ConcurrencyError,
  type Decider,
  DomainError,
  ManualClock,
  NotFoundError,
  WriteContentionError,
} from '@kazi/core';
import { CommandHandler, MemoryEventStore } from '@kazi/eventsourcing';
import t from 'tap';
import { type CommandPolicies, CommandService } from './commandService.ts';
import type { RequestContext } from './requestContext.ts';

// A tiny register: opened under a new id, then amounts are recorded (additive), entries voided, and it is
// closed. Events keep who and when, so a test sees what the service filled in.
type Command =
  | { type: 'Open'; name: string; actor: Actor; now: string }
  | { type: 'Record'; amount: number; actor: Actor; now: string }
  | { type: 'Void'; entry: number; actor: Actor; now: string }
  | { type: 'Close'; actor: Actor; now: string }
  | { type: 'Look'; actor: Actor; now: string };
type Event =
  | { type: 'test.opened.v1'; data: { name: string; by: Actor; at: string } }
  | { type: 'test.recorded.v1'; data: { amount: number; by: Actor; at: string } }
  | { type: 'test.voided.v1'; data: { entry: number } }
  | { type: 'test.closed.v1'; data: { at: string } };
type State = { name: string | null; entries: { amount: number; by: Actor; at: string }[]; closed: boolean };

const register: Decider<State, Command, Event> = {
  initialState: () => ({ name: null, entries: [], closed: false }),
  decide(command, state) {
    if (command.type === 'Open') {
      return [{ type: 'test.opened.v1', data: { name: command.name, by: command.actor, at: command.now } }];
    }
    if (state.name === null) throw new DomainError('register-not-found', 'no such register', 'not-found');
    // Closing twice changes nothing, as a sweep's commands are written (replicas race to run them).
    if (state.closed && command.type === 'Close') return [];
    if (state.closed) throw new DomainError('register-closed', 'the register is closed');
    switch (command.type) {
      case 'Record':
        return [
          { type: 'test.recorded.v1', data: { amount: command.amount, by: command.actor, at: command.now } },
        ];
      case 'Void':
        // A part of a recorded register that is not there: not-found, about the entry, not the register.
        if (command.entry >= state.entries.length)
          throw new DomainError('entry-not-found', 'no such entry', 'not-found');
        return [{ type: 'test.voided.v1', data: { entry: command.entry } }];
      case 'Close':
        return [{ type: 'test.closed.v1', data: { at: command.now } }];
      case 'Look':
        return [];
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'test.opened.v1':
        return { ...state, name: event.data.name };
      case 'test.recorded.v1':
        return { ...state, entries: [...state.entries, event.data] };
      case 'test.voided.v1':
        return { ...state, entries: state.entries.filter((_, i) => i !== event.data.entry) };
      case 'test.closed.v1':
        return { ...state, closed: true };
    }
  },
};

const policies: CommandPolicies<Command> = {
  Open: { state: 'new' },
  Record: { state: 'existing', additive: true },
  Void: { state: 'existing' },
  Close: { state: 'existing' },
  Look: { state: 'any' },
};

/** Another writer slips a commit in before each of the next `times` appends (not its own). */
class ContendedStore extends MemoryEventStore {
  interfere?: { times: number; run: () => Promise<void> };
  private interfering = false;

  override async append(...args: Parameters<MemoryEventStore['append']>) {
    if (this.interfere && this.interfere.times > 0 && !this.interfering) {
      this.interfere.times--;
      this.interfering = true;
      try {
        await this.interfere.run();
      } finally {
        this.interfering = false;
      }
    }
    return super.append(...args);
  }
}

const officer: RequestContext = {
  user: { sub: 'officer-1', name: 'Achieng Otieno', roles: ['nea-officer'] },
  correlationId: 'correlation-1',
  requestId: 'request-1',
};

function setUp() {
  const store = new ContendedStore();
  const clock = new ManualClock(new Date('2026-03-02T08:00:00Z'));
  const handlerOn = () =>
    new CommandHandler({ decider: register, store, stateSchemaVersion: 1, newId: () => crypto.randomUUID() });
  const service = new CommandService({
    aggregate: 'register',
    handler: handlerOn(),
    stream: (id) => `register.${id}`,
    clock,
    commands: policies,
  });
  const other = new CommandService({
    aggregate: 'register',
    handler: handlerOn(),
    stream: (id) => `register.${id}`,
    clock,
    commands: policies,
  });
  return { store, clock, service, other };
}

t.test(
  'new: a stream under a generated id; the same id twice is a conflict, never an overwrite',
  async (t) => {
    const { service } = setUp();
    const id = service.newId();
    const opened = await service.handle(id, { type: 'Open', name: 'Nairobi' }, officer);
    t.equal(opened.id, id);
    t.equal(opened.version, 1);
    t.equal(opened.state.name, 'Nairobi');
    t.not(service.newId(), id, 'each new id is fresh');
    const again = await service
      .handle(id, { type: 'Open', name: 'Mombasa' }, officer)
      .catch((e: unknown) => e);
    t.ok(again instanceof ConcurrencyError && !(again instanceof NotFoundError), 'a conflict (409)');
    t.equal((await service.load(id)).state.name, 'Nairobi', 'the first stays');
  },
);

t.test('existing: an unknown id is a 404 whatever the command and whatever version was sent', async (t) => {
  const { service } = setUp();
  const id = service.newId();
  for (const [input, expectedVersion] of [
    [{ type: 'Record', amount: 5 }, undefined],
    [{ type: 'Record', amount: 5 }, 3],
    [{ type: 'Close' }, undefined],
    [{ type: 'Close' }, 0],
    [{ type: 'Void', entry: 0 }, 2],
  ] as const) {
    const refused = await service.handle(id, input, officer, { expectedVersion }).catch((e: unknown) => e);
    t.ok(refused instanceof NotFoundError, `${input.type} with version ${expectedVersion}: NotFoundError`);
    t.equal((refused as NotFoundError).kind, 'not-found');
    t.equal((refused as NotFoundError).message, `register ${id} was not found`);
  }
  t.equal((await service.load(id)).version, 0, 'nothing was stored');
  await t.rejects(service.existing(id), new NotFoundError('register', id), 'a read: 404 too');
});

t.test(
  "existing: the domain's not-found about a part of a recorded aggregate keeps its own answer",
  async (t) => {
    const { service } = setUp();
    const id = service.newId();
    await service.handle(id, { type: 'Open', name: 'Kisumu' }, officer);
    const refused = await service.handle(id, { type: 'Void', entry: 4 }, officer).catch((e: unknown) => e);
    t.ok(refused instanceof DomainError, 'the domain error');
    t.equal((refused as DomainError).type, 'entry-not-found');
  },
);

t.test('any: the decider says what an empty stream means', async (t) => {
  const { service } = setUp();
  const id = service.newId();
  const refused = await service.handle(id, { type: 'Look' }, officer).catch((e: unknown) => e);
  t.ok(refused instanceof DomainError, "the domain's own refusal, not mapped");
  t.equal((refused as DomainError).type, 'register-not-found');
});

t.test('the service fills in the actor, the time and the commit metadata', async (t) => {
  const { service, store, clock } = setUp();
  const id = service.newId();
  await service.handle(id, { type: 'Open', name: 'Nakuru' }, officer);
  clock.set('2026-03-02T09:30:00Z');
  const recorded = await service.handle(id, { type: 'Record', amount: 7 }, officer);
  t.same(recorded.state.entries, [
    { amount: 7, by: { sub: 'officer-1', name: 'Achieng Otieno' }, at: '2026-03-02T09:30:00.000Z' },
  ]);
  const { events } = await store.readStream(`register.${id}`);
  const [first, second] = events.map((e) => e.metadata);
  t.match(second, {
    actor: 'officer-1',
    correlationId: 'correlation-1',
    causationId: 'request-1',
    time: '2026-03-02T09:30:00.000Z',
  });
  t.equal(first?.time, '2026-03-02T08:00:00.000Z');
  t.ok(
    first?.commandId && second?.commandId && first.commandId !== second.commandId,
    'a fresh command id each',
  );
  const earlier = '2026-03-01T23:59:59.000Z';
  const stamped = await service.handle(id, { type: 'Record', amount: 1 }, officer, { now: earlier });
  t.equal(stamped.state.entries[1]?.at, earlier, 'a use case may pass the time its earlier steps used');
  t.same(service.metadata(officer, earlier).time, earlier, 'metadata for commits to other aggregates');
});

t.test('additive: retried on a write conflict when the caller named no version', async (t) => {
  const { service, other, store } = setUp();
  const id = service.newId();
  await service.handle(id, { type: 'Open', name: 'Eldoret' }, officer);
  const otherWriter = () => other.handle(id, { type: 'Record', amount: 10 }, officer).then(() => {});

  // The other writer slips in before the cached attempt and before the fresh one: both conflict.
  store.interfere = { times: 2, run: otherWriter };
  const recorded = await service.handle(id, { type: 'Record', amount: 1 }, officer);
  t.equal(recorded.version, 4, 'both other writes and this one');
  t.same(
    recorded.state.entries.map((e) => e.amount),
    [10, 10, 1],
  );

  store.interfere = { times: 2, run: otherWriter };
  const closing = await service.handle(id, { type: 'Close' }, officer).catch((e: unknown) => e);
  t.ok(closing instanceof WriteContentionError, 'not additive: no retry; send it again');

  const versioned = await service
    .handle(id, { type: 'Record', amount: 2 }, officer, { expectedVersion: 2 })
    .catch((e: unknown) => e);
  t.ok(
    versioned instanceof ConcurrencyError && !(versioned instanceof WriteContentionError),
    'with a version, additive or not: the caller read an old version (409)',
  );
});

t.test('expected version: a stale one is a conflict, in handle and in existing', async (t) => {
  const { service } = setUp();
  const id = service.newId();
  await service.handle(id, { type: 'Open', name: 'Thika' }, officer);
  await service.handle(id, { type: 'Record', amount: 3 }, officer, { expectedVersion: 1 });
  await t.rejects(
    service.handle(id, { type: 'Close' }, officer, { expectedVersion: 1 }),
    new ConcurrencyError(`register.${id}`, 1, 2),
  );
  await t.rejects(service.existing(id, 1), new ConcurrencyError(`register.${id}`, 1, 2));
  t.equal((await service.existing(id, 2)).version, 2);
  t.equal((await service.existing(id)).version, 2, 'no version: no check');
});

t.test('decide: the decision alone, nothing stored', async (t) => {
  const { service } = setUp();
  const id = service.newId();
  await service.handle(id, { type: 'Open', name: 'Nyeri' }, officer);
  const { state } = await service.existing(id);
  t.same(service.decide({ type: 'Record', amount: 4 }, state, officer, '2026-03-02T10:00:00.000Z'), [
    {
      type: 'test.recorded.v1',
      data: { amount: 4, by: { sub: 'officer-1', name: 'Achieng Otieno' }, at: '2026-03-02T10:00:00.000Z' },
    },
  ]);
  t.throws(
    () => service.decide({ type: 'Void', entry: 0 }, state, officer),
    new DomainError('entry-not-found', 'no such entry', 'not-found'),
  );
  t.equal((await service.load(id)).version, 1);
});

t.test('scheduled: acts as the job, once per key however many replicas run it', async (t) => {
  const { service, other, store } = setUp();
  const id = service.newId();
  await service.handle(id, { type: 'Open', name: 'Malindi' }, officer);
  const now = '2026-03-03T00:00:00.000Z';
  const close = { type: 'Close' as const, actor: { sub: 'system', name: 'closing' }, now };
  const runs = await Promise.all(
    [service, other].map((s) => s.handleScheduled(id, close, { job: 'closing', key: '2026-03-03', now })),
  );
  t.same(
    runs.map((r) => r.version),
    [2, 2],
  );
  const { events } = await store.readStream(`register.${id}`);
  t.equal(events.length, 2, 'closed once');
  t.match(events[1]?.metadata, { commandId: `closing:${id}:2026-03-03`, actor: 'system:closing', time: now });
});
