import { type Decider, DomainError } from '@kazi/core';

/**
 * A registration number or KRA PIN may belong to one live application at a time. Each identifier is its
 * own tiny stream; claiming it is an append with optimistic concurrency, so two concurrent applications
 * with the same number cannot both win. A rejected application releases its claims.
 */
export const IDENTIFIER_CLAIMED = 'ke.nea.agency-registry.identifier-claimed.v1';
export const IDENTIFIER_RELEASED = 'ke.nea.agency-registry.identifier-released.v1';

export type IdentifierKind = 'registration-number' | 'kra-pin';

export type IdentifierClaimEvent =
  | {
      type: typeof IDENTIFIER_CLAIMED;
      data: { kind: IdentifierKind; value: string; agencyId: string; at: string };
    }
  | {
      type: typeof IDENTIFIER_RELEASED;
      data: { kind: IdentifierKind; value: string; agencyId: string; at: string };
    };

export type IdentifierClaimCommand =
  | {
      type: 'ClaimIdentifier';
      kind: IdentifierKind;
      value: string;
      agencyId: string;
      now: string;
      /** True when the current holder's application was never stored (its request died halfway). */
      holderAbandoned: boolean;
    }
  | { type: 'ReleaseIdentifier'; kind: IdentifierKind; value: string; agencyId: string; now: string };

export interface IdentifierClaimState {
  holder: string | null;
  claimedAt: string | null;
}

export const identifierClaim: Decider<IdentifierClaimState, IdentifierClaimCommand, IdentifierClaimEvent> = {
  initialState: () => ({ holder: null, claimedAt: null }),
  decide(command, state) {
    const { kind, value, agencyId, now } = command;
    if (command.type === 'ReleaseIdentifier') {
      return state.holder === agencyId
        ? [{ type: IDENTIFIER_RELEASED, data: { kind, value, agencyId, at: now } }]
        : [];
    }
    if (state.holder === agencyId) return [];
    if (state.holder !== null && !command.holderAbandoned) {
      throw new DomainError(
        `duplicate-${kind}`,
        `${kind} ${value} belongs to a live application`,
        'conflict',
        {
          agencyId: state.holder,
          claimedAt: state.claimedAt,
        },
      );
    }
    return [{ type: IDENTIFIER_CLAIMED, data: { kind, value, agencyId, at: now } }];
  },
  evolve(state, event) {
    if (event.type === IDENTIFIER_CLAIMED) return { holder: event.data.agencyId, claimedAt: event.data.at };
    return state.holder === event.data.agencyId ? { holder: null, claimedAt: null } : state;
  },
};

/** Normalised, subject-safe stream name for an identifier (case and spacing do not make a new one). */
export function identifierStream(kind: IdentifierKind, value: string): string {
  const normalised = value.toUpperCase().replace(/[\s-]+/g, '');
  return `${kind}.${Buffer.from(normalised, 'utf8').toString('hex')}`;
}
