import { type Decider, foldEvents } from './decider.ts';
import { DomainError, type FailureKind } from './errors.ts';

/**
 * Given/when/then specifications for deciders (the idea of emmett's deciderSpecification, on tap):
 *
 *   const spec = deciderSpec(agencyDecider);
 *   spec(t).given([applied]).when(approve).then([licenceIssued]);
 *   spec(t).given([applied]).when(approve).thenThrows({ type: 'vetting-incomplete', kind: 'invalid' });
 *   spec(t).given([expired]).when(expire).thenNothing();
 *
 * `given` events are folded with the decider's own `evolve`, so a specification exercises the state the
 * stored events would really rebuild, not a hand-made state object.
 */

/**
 * The part of tap's `t` a specification needs, typed loosely so any tap version fits. Messages are always
 * passed: tap's `(...[msg, extra])` rest tuple does not accept an optional-message signature.
 */
export interface SpecAssertions {
  same(found: unknown, wanted: unknown, message: string): void;
  match(found: unknown, pattern: unknown, message: string): void;
  fail(message: string): void;
}

/** The refusal a specification expects: the rule's slug, and optionally its kind and details. */
export interface ExpectedRefusal {
  type: string;
  kind?: FailureKind;
  /** Compared exactly (t.same) with the DomainError's `extra`. */
  extra?: Record<string, unknown>;
}

export interface DeciderOutcome<Event> {
  /** The command decides exactly these events, in this order. Returns what was decided. */
  then(expected: readonly Event[], message?: string): Event[];
  /** The command is refused with a DomainError naming the rule. Returns the error, if one was thrown. */
  thenThrows(expected: ExpectedRefusal, message?: string): DomainError | undefined;
  /** The command is accepted and changes nothing (idempotent or no-op commands). */
  thenNothing(message?: string): void;
}

export interface DeciderGiven<Command, Event> {
  when(command: Command): DeciderOutcome<Event>;
}

export interface DeciderSpecification<Command, Event> {
  given(events: readonly Event[]): DeciderGiven<Command, Event>;
}

type Decision<Event> = { events: Event[] } | { error: unknown };

const describe = (command: unknown): string => {
  const type = (command as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : 'the command';
};

const errorText = (error: unknown): string =>
  error instanceof DomainError ? `${error.type} (${error.kind}): ${error.message}` : String(error);

export function deciderSpec<State, Command, Event>(
  decider: Decider<State, Command, Event>,
): (t: SpecAssertions) => DeciderSpecification<Command, Event> {
  return (t) => ({
    given: (given) => ({
      when: (command) => {
        const name = describe(command);
        const decide = (): Decision<Event> => {
          try {
            return { events: decider.decide(command, foldEvents(decider, decider.initialState(), given)) };
          } catch (error) {
            return { error };
          }
        };

        return {
          // biome-ignore lint/suspicious/noThenProperty: given/when/then reads as the rule it states; this object is never awaited.
          then(expected, message) {
            const decision = decide();
            if ('error' in decision) {
              t.fail(
                `${message ?? name}: expected events, but it was refused with ${errorText(decision.error)}`,
              );
              return [];
            }
            t.same(decision.events, expected, message ?? `${name} decides the expected events`);
            return decision.events;
          },

          thenThrows(expected, message) {
            const decision = decide();
            const label = message ?? `${name} is refused by ${expected.type}`;
            if (!('error' in decision)) {
              t.fail(`${label}: expected a refusal, but it decided ${JSON.stringify(decision.events)}`);
              return undefined;
            }
            if (!(decision.error instanceof DomainError)) {
              t.fail(`${label}: expected a DomainError, but it threw ${errorText(decision.error)}`);
              return undefined;
            }
            const { type, kind } = decision.error;
            // t.same, not t.match: tap's match treats a string pattern as a substring.
            t.same(
              { type, ...(expected.kind === undefined ? {} : { kind }) },
              { type: expected.type, ...(expected.kind === undefined ? {} : { kind: expected.kind }) },
              label,
            );
            if (expected.extra !== undefined)
              t.same(decision.error.extra, expected.extra, `${label}: details`);
            return decision.error;
          },

          thenNothing(message) {
            const decision = decide();
            if ('error' in decision) {
              t.fail(
                `${message ?? name}: expected no events, but it was refused with ${errorText(decision.error)}`,
              );
              return;
            }
            t.same(decision.events, [], message ?? `${name} decides nothing`);
          },
        };
      },
    }),
  });
}
