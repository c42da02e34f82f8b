import { randomUUID } from 'node:crypto';
import { type Clock, ConcurrencyError, KaziError, NotFoundError } from '@kazi/core';
import { type CommandHandler, type CommitMetadata, type EventStore, PendingLimit } from '@kazi/eventsourcing';
import type { PersonalDataVault } from '@kazi/personal-data';
import type { IdempotencyStore } from '@kazi/service-kit';
import type { AgencyRegistryConfig } from '../config.ts';
import {
  type AgencyCommand,
  type AgencyEvent,
  type AgencyState,
  type ApplicationInput,
  type DirectorErasureReason,
  personalDataOfDirector,
} from '../domain/agency/index.ts';
import type {
  IdentifierClaimCommand,
  IdentifierClaimEvent,
  IdentifierClaimState,
} from '../domain/identifierClaim.ts';
import {
  type AllocateLicenceNumber,
  type LicenceNumberAllocated,
  type LicenceNumberSequenceState,
  licenceSequenceStream,
} from '../domain/licenceNumberSequence.ts';
import type { AgencyQueries } from '../projections/queries.ts';
import { agencyStream } from './agencyStream.ts';
import { type AgencyView, type AgencyViewName, toAnalystView } from './agencyViews.ts';
import { directorIds } from './directorFingerprint.ts';
import { DirectorSealing } from './directorSealing.ts';
import { toFullAgencyView } from './fullAgencyView.ts';
import { IdentifierClaims } from './identifierClaims.ts';
import { sweepLicences } from './licenceSweep.ts';

export interface Actor {
  sub: string;
  name: string;
  correlationId: string;
  requestId: string;
}

export interface ChangeResult {
  id: string;
  status: string;
  version: number;
  [field: string]: unknown;
}

export interface AgencyRegistryDeps {
  agencies: CommandHandler<AgencyState, AgencyCommand, AgencyEvent>;
  claims: CommandHandler<IdentifierClaimState, IdentifierClaimCommand, IdentifierClaimEvent>;
  licenceNumbers: CommandHandler<LicenceNumberSequenceState, AllocateLicenceNumber, LicenceNumberAllocated>;
  store: EventStore;
  /** Seals and opens directors' names and ids, each under the director's own key. */
  vault: PersonalDataVault;
  queries: AgencyQueries;
  idempotency: IdempotencyStore;
  clock: Clock;
  config: Pick<
    AgencyRegistryConfig,
    | 'REQUIRED_VETTING_CHECKS'
    | 'LICENCE_VALIDITY_MONTHS'
    | 'RENEWAL_VALIDITY_MONTHS'
    | 'MIN_SECURITY_GUARANTEE_KES'
  >;
  fingerprint: (directorId: string) => string;
}

/** A settled step's value, or its error thrown. */
const settledValue = <T>(result: PromiseSettledResult<T>): T => {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
};

export { agencyStream };

/**
 * The registry's use cases: load → decide → append through the command handlers; reads of one agency come
 * from its own stream (exact), lists from the read models. Directors' names and ids are sealed under each
 * director's own key before anything is decided or stored, and opened only for a reader of the record.
 */
export class AgencyRegistryApp {
  readonly queries: AgencyQueries;
  readonly idempotency: IdempotencyStore;
  private readonly sealing: DirectorSealing;
  private readonly identifiers: IdentifierClaims;
  /**
   * Licence numbers come from one sequence stream per year: approvals in this process take turns rather
   * than race for it (measured: 100 approvals/s racing lost 2% to write-contention, p99 686 ms).
   * Other replicas still race, and the handler's conflict retries settle that.
   */
  private readonly allocations = new PendingLimit({
    resource: 'licence number allocations',
    maxPending: 1,
    maxWaiting: 256,
  });

  constructor(private readonly deps: AgencyRegistryDeps) {
    this.queries = deps.queries;
    this.idempotency = deps.idempotency;
    this.sealing = new DirectorSealing(deps.vault);
    this.identifiers = new IdentifierClaims(deps.claims, deps.store, (actor, now) =>
      this.metadata(actor, now),
    );
  }

  async recordApplication(
    input: ApplicationInput,
    actor: Actor,
  ): Promise<{ id: string; status: 'applied'; version: number }> {
    const id = randomUUID();
    const now = this.now();
    const identifiers = [
      { kind: 'registration-number' as const, value: input.registrationNumber },
      { kind: 'kra-pin' as const, value: input.kraPin },
    ];
    // Each director is a data subject named by the fingerprint of their first id: one key per person,
    // whichever agency names them.
    const directors = input.directors.map((d) => {
      const fingerprints = directorIds(d).map(this.deps.fingerprint);
      return {
        subject: `director:${fingerprints[0]}`,
        fingerprints,
        nationality: d.nationality,
        personal: personalDataOfDirector(d),
      };
    });
    // Independent steps run together: sealing the directors, the look-up of revoked directors and both
    // identifier claims. A refused application leaves its directors' keys: other agencies may use them.
    const [sealed, matches, ...claims] = await Promise.allSettled([
      Promise.all(
        directors.map(async ({ personal, ...director }, index) => ({
          ...director,
          sealed: await this.sealing.sealDirector(id, index, director.subject, personal),
        })),
      ),
      this.revokedDirectorMatches(directors),
      ...identifiers.map((i) => this.identifiers.claim(i.kind, i.value, id, now, actor)),
    ]);
    try {
      const refused = [sealed, matches, ...claims].find(
        (r): r is PromiseRejectedResult => r.status === 'rejected',
      );
      if (refused) throw refused.reason;
      const result = await this.deps.agencies.handle(
        agencyStream(id),
        {
          type: 'RecordApplication',
          agencyId: id,
          application: { ...input, directors: settledValue(sealed) },
          revokedDirectorMatches: settledValue(matches),
          minGuaranteeKes: this.deps.config.MIN_SECURITY_GUARANTEE_KES,
          actor: this.who(actor),
          now,
        },
        { metadata: this.metadata(actor, now), newStream: true },
      );
      return { id, status: 'applied', version: result.version };
    } catch (error) {
      // Nothing about a refused application may keep its identifiers from a later one.
      await Promise.allSettled(
        identifiers
          .filter((_, i) => claims[i]?.status === 'fulfilled')
          .map((c) => this.identifiers.release(c.kind, c.value, id, now, actor)),
      );
      throw error;
    }
  }

  /** Revoked agencies any of these directors directed, by fingerprint: each match names the director. */
  private async revokedDirectorMatches(directors: { fingerprints: string[] }[]) {
    const revoked = await this.queries.revokedAgenciesOf([
      ...new Set(directors.flatMap((d) => d.fingerprints)),
    ]);
    return revoked.map((r) => ({
      revokedAgencyId: r.agencyId,
      revokedAgencyName: r.agencyName,
      directorIndex: directors.findIndex((d) => d.fingerprints.includes(r.fingerprint)),
      fingerprint: r.fingerprint,
    }));
  }

  /**
   * One agency as `view` shows it (agencyViews.ts); only the full view opens anything sealed. Without a
   * view, the one with no personal data: a caller that forgets to say who reads shows nothing personal.
   */
  async getAgency(id: string, view: AgencyViewName = 'analyst'): Promise<AgencyView & { version: number }> {
    const { state, version } = await this.existing(id);
    if (view === 'analyst') return { ...toAnalystView(state), version };
    const [directors, notes] = await Promise.all([
      Promise.all((state.application?.directors ?? []).map((d, i) => this.sealing.openDirector(id, i, d))),
      Promise.all(
        state.directorErasures.map((e) =>
          e.note === undefined ? null : this.sealing.openErasureNote(id, e.directorIndex, e.note),
        ),
      ),
    ]);
    return { ...toFullAgencyView(state, directors, notes, this.deps.fingerprint), version };
  }

  /**
   * Erases a director's personal data (Data Protection Act 2019, s. 40) by destroying their key: they are
   * then erased in every agency they direct, in snapshots and in backups of the log alike. The key goes
   * first and the record follows: if recording fails, the data is already unreadable and a retry records
   * it (the other order could record an erasure that did not happen). Erasing an erased director again
   * answers with the first erasure and records nothing.
   */
  async eraseDirector(
    id: string,
    directorIndex: number,
    body: { reason: DirectorErasureReason; note?: string },
    actor: Actor,
    expectedVersion: number | undefined,
  ): Promise<ChangeResult> {
    const now = this.now();
    const { state, version } = await this.existing(id);
    const director = state.application?.directors[directorIndex];
    if (!director) throw new NotFoundError('director', `${directorIndex} of agency ${id}`);
    if (expectedVersion !== undefined && expectedVersion !== version)
      throw new ConcurrencyError(agencyStream(id), expectedVersion, version);
    const command = {
      type: 'EraseDirector' as const,
      directorIndex,
      reason: body.reason,
      actor: this.who(actor),
      now,
    };
    const erasedBefore = this.deps.agencies.decide(command, state).length === 0;
    if (!erasedBefore) {
      const note = body.note ? await this.sealing.sealErasureNote(id, directorIndex, body.note) : undefined;
      await this.sealing.eraseDirector(director.subject);
      // Checked against the caller's version above; from here the erasure is a fact to record, whatever
      // else was appended meanwhile.
      await this.change(id, { ...command, ...(note ? { note } : {}) }, actor, undefined, now, true);
    }
    const after = await this.deps.agencies.load(agencyStream(id));
    const erasure = after.state.directorErasures.find((e) => e.directorIndex === directorIndex);
    if (!erasure)
      throw new Error(`the erasure of director ${directorIndex} of agency ${id} was not recorded`);
    return {
      id,
      status: String(after.state.status),
      version: after.version,
      directorIndex,
      erasedAt: erasure.at,
      erasedBy: erasure.by,
      reason: erasure.reason,
      alreadyErased: erasedBefore,
    };
  }

  recordVettingCheck(
    id: string,
    body: { check: string; outcome: 'pass' | 'fail'; note?: string },
    actor: Actor,
    expectedVersion: number | undefined,
  ): Promise<ChangeResult> {
    const now = this.now();
    const command: AgencyCommand = {
      type: 'RecordVettingCheck',
      check: body.check,
      outcome: body.outcome,
      actor: this.who(actor),
      now,
    };
    if (body.note) command.note = body.note;
    return this.change(id, command, actor, expectedVersion, now, true);
  }

  async approve(id: string, actor: Actor, expectedVersion: number): Promise<ChangeResult> {
    const now = this.now();
    const current = await this.existing(id);
    // Validate the decision (and the version it was based on) before allocating, so a refused approval
    // burns no licence number.
    if (current.version !== expectedVersion)
      throw new ConcurrencyError(agencyStream(id), expectedVersion, current.version);
    this.dryRun(current.state, {
      type: 'ApproveLicence',
      licenceNumber: 'pending',
      actor: this.who(actor),
      now,
      rules: this.licensing(),
    });
    const year = new Date(now).getUTCFullYear();
    const allocation = await this.allocations.run(() =>
      this.deps.licenceNumbers.handle(
        licenceSequenceStream(year),
        { type: 'AllocateLicenceNumber', year, agencyId: id, now },
        { metadata: this.metadata(actor, now), retryOnConflict: 20 },
      ),
    );
    const licenceNumber = allocation.state.byAgency[id];
    if (!licenceNumber) throw new Error(`no licence number allocated for agency ${id}`);
    return this.change(
      id,
      { type: 'ApproveLicence', licenceNumber, actor: this.who(actor), now, rules: this.licensing() },
      actor,
      expectedVersion,
      now,
    );
  }

  async reject(id: string, reason: string, actor: Actor, expectedVersion: number): Promise<ChangeResult> {
    const now = this.now();
    const result = await this.change(
      id,
      { type: 'RejectApplication', reason, actor: this.who(actor), now },
      actor,
      expectedVersion,
      now,
    );
    // A rejected application frees its registration number and KRA PIN for a new application.
    const { application } = (await this.deps.agencies.load(agencyStream(id))).state;
    if (!application) throw new Error(`rejected agency ${id} has no application`);
    await Promise.all([
      this.identifiers.release('registration-number', application.registrationNumber, id, now, actor),
      this.identifiers.release('kra-pin', application.kraPin, id, now, actor),
    ]);
    return result;
  }

  renew(id: string, actor: Actor, expectedVersion: number): Promise<ChangeResult> {
    const now = this.now();
    const rules = { ...this.licensing(), validityMonths: this.deps.config.RENEWAL_VALIDITY_MONTHS };
    return this.change(
      id,
      { type: 'RenewLicence', actor: this.who(actor), now, rules },
      actor,
      expectedVersion,
      now,
    );
  }

  suspend(
    id: string,
    body: { reason: string; until?: string },
    actor: Actor,
    expectedVersion: number,
  ): Promise<ChangeResult> {
    const now = this.now();
    const command: AgencyCommand = {
      type: 'SuspendLicence',
      reason: body.reason,
      actor: this.who(actor),
      now,
    };
    if (body.until) command.until = body.until;
    return this.change(id, command, actor, expectedVersion, now);
  }

  reinstate(id: string, actor: Actor, expectedVersion: number): Promise<ChangeResult> {
    const now = this.now();
    return this.change(
      id,
      { type: 'ReinstateLicence', actor: this.who(actor), now },
      actor,
      expectedVersion,
      now,
    );
  }

  revoke(id: string, reason: string, actor: Actor, expectedVersion: number): Promise<ChangeResult> {
    const now = this.now();
    return this.change(
      id,
      { type: 'RevokeLicence', reason, actor: this.who(actor), now },
      actor,
      expectedVersion,
      now,
    );
  }

  /** The clock's work (licenceSweep.ts): lapsed licences expire, suspensions whose end came are lifted. */
  sweep(): Promise<{ expired: number; suspensionsEnded: number }> {
    return sweepLicences(this.deps);
  }

  private async change(
    id: string,
    command: AgencyCommand,
    actor: Actor,
    expectedVersion: number | undefined,
    now: string,
    additive = false,
  ): Promise<ChangeResult> {
    const result = await this.deps.agencies
      .handle(agencyStream(id), command, {
        expectedVersion,
        metadata: this.metadata(actor, now),
        // Additive records (vetting checks) do not depend on what the caller saw: retry on a race.
        retryOnConflict: additive && expectedVersion === undefined ? 5 : 0,
      })
      .catch((error: unknown) => {
        // Unknown ids are a 404, whatever the command and whatever version the caller sent.
        if (error instanceof KaziError && error.type === 'agency-not-found')
          throw new NotFoundError('agency', id);
        if (error instanceof ConcurrencyError && error.actual === 0) throw new NotFoundError('agency', id);
        throw error;
      });
    const { status, licence } = result.state;
    return {
      id,
      status: String(status),
      version: result.version,
      ...(licence
        ? { licenceNumber: licence.number, validFrom: licence.validFrom, validUntil: licence.validUntil }
        : {}),
    };
  }

  /** Unknown ids are a 404 before any rule is looked at. */
  private async existing(id: string) {
    const loaded = await this.deps.agencies.load(agencyStream(id));
    if (loaded.version === 0) throw new NotFoundError('agency', id);
    return loaded;
  }

  private dryRun(state: AgencyState, command: AgencyCommand): void {
    this.deps.agencies.decide(command, state);
  }

  private licensing() {
    return {
      requiredChecks: [...this.deps.config.REQUIRED_VETTING_CHECKS],
      validityMonths: this.deps.config.LICENCE_VALIDITY_MONTHS,
    };
  }

  private who(actor: Actor) {
    return { sub: actor.sub, name: actor.name };
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  private metadata(actor: Actor, now: string): CommitMetadata {
    return {
      commandId: randomUUID(),
      actor: actor.sub,
      correlationId: actor.correlationId,
      causationId: actor.requestId,
      time: now,
    };
  }
}
