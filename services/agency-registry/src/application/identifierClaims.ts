import { ConcurrencyError, KaziError } from '@kazi/core';
import type { CommandHandler, CommitMetadata, EventStore } from '@kazi/eventsourcing';
import type { RequestContext } from '@kazi/service-kit';
import {
  type IdentifierClaimCommand,
  type IdentifierClaimEvent,
  type IdentifierClaimState,
  identifierStream,
} from '../domain/identifierClaim.ts';
import { agencyStream } from './agencyStream.ts';

/** Longer than any request may run (idempotency leases are 30 s). */
const ABANDONED_CLAIM_MS = 120_000;

/** One live application per registration number and per KRA PIN (ADR 0003): claims and releases. */
export class IdentifierClaims {
  constructor(
    private readonly claims: CommandHandler<
      IdentifierClaimState,
      IdentifierClaimCommand,
      IdentifierClaimEvent
    >,
    private readonly store: EventStore,
    /** The metadata of one commit the request causes (a fresh command id each time). */
    private readonly metadata: (context: RequestContext, now: string) => CommitMetadata,
  ) {}

  async claim(
    kind: 'registration-number' | 'kra-pin',
    value: string,
    agencyId: string,
    now: string,
    context: RequestContext,
  ) {
    const stream = identifierStream(kind, value);
    const command = { type: 'ClaimIdentifier' as const, kind, value, agencyId, now, holderAbandoned: false };
    try {
      // Most identifiers were never claimed: try that first, with no lookup; the store refuses the append
      // if the stream exists after all, and the claim is then decided on its real state.
      await this.claims.handle(stream, command, {
        metadata: this.metadata(context, now),
        newStream: true,
      });
      return;
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
    }
    try {
      await this.claims.handle(stream, command, { metadata: this.metadata(context, now) });
    } catch (error) {
      if (!(error instanceof KaziError) || error.type !== `duplicate-${kind}`) throw error;
      // A holder whose application never got stored (its request died after claiming) does not block —
      // once its claim is old enough that the request cannot still be running.
      const holder = String(error.extra.agencyId);
      const claimedAt = Date.parse(String(error.extra.claimedAt));
      if (!(Date.parse(now) - claimedAt > ABANDONED_CLAIM_MS)) throw error;
      if ((await this.store.head(agencyStream(holder))) !== undefined) throw error;
      await this.claims.handle(
        stream,
        { ...command, holderAbandoned: true },
        { metadata: this.metadata(context, now) },
      );
    }
  }

  async release(
    kind: 'registration-number' | 'kra-pin',
    value: string,
    agencyId: string,
    now: string,
    context: RequestContext,
  ) {
    await this.claims.handle(
      identifierStream(kind, value),
      { type: 'ReleaseIdentifier', kind, value, agencyId, now },
      { metadata: this.metadata(context, now), retryOnConflict: 5 },
    );
  }
}
