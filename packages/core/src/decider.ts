/**
 * The Decider pattern: pure, synchronous business logic. No clock, no ids, no I/O inside;
 * the command carries `now` and any generated ids. `decide` throws a DomainError to refuse.
 */
export interface Decider<State, Command, Event> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** Events as the domain sees them: a discriminating `type` (the wire name) and a `data` payload. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

/**
 * Upcasters turn old event versions into current ones on read, keyed by the old wire name: pure functions
 * of the domain (it knows what its old events meant), applied by the event store's adapters.
 */
export type Upcaster = (event: { type: string; data: unknown }) => { type: string; data: unknown };
export type Upcasters = Readonly<Record<string, Upcaster>>;

export function foldEvents<State, Event>(
  decider: Pick<Decider<State, unknown, Event>, 'evolve'>,
  state: State,
  events: readonly Event[],
): State {
  return events.reduce((s, e) => decider.evolve(s, e), state);
}

/** Compile-time exhaustiveness: a forgotten command or event type fails to type-check. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}
