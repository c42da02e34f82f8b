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
