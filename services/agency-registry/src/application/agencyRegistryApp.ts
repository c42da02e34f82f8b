import { type Clock, ConcurrencyError, NotFoundError } from '@kazi/core';
import { type CommandHandler, type EventStore, PendingLimit } from '@kazi/eventsourcing';
import type { PersonalDataVault } from '@kazi/personal-data';
import type { CommandResult, IdempotencyStore, RequestContext } from '@kazi/service-kit';
import type { AgencyRegistryConfig } from '../config.ts';
import {
  type AgencyCommand,
  type AgencyEvent,
  type AgencyState,
  type DirectorErasureReason,
  type LicenceApplicationInput,
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
import { type AgencyCommands, agencyCommands } from './agencyCommands.ts';
import { type AgencyView, type AgencyViewName, toAnalystView } from './agencyViews.ts';
import { directorIds } from './directorFingerprint.ts';
import { DirectorSealing } from './directorSealing.ts';
import { toFullAgencyView } from './fullAgencyView.ts';
import { IdentifierClaims } from './identifierClaims.ts';
import { sweepLicences } from './licenceSweep.ts';

/** What a change answers: the agency's id, status and version, and its licence when it has one. */
export interface ChangeResult {
  id: string;
  status: string;
  version: number;
  [field: string]: unknown;
}

export interface AgencyRegistryAppDeps {
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

/** The answer to a change: the agency after it, with its licence's number and dates once it has one. */
const changeResultOf = ({ id, state, version }: CommandResult<AgencyState, AgencyEvent>): ChangeResult => ({
  id,
  status: String(state.status),
  version,
  ...(state.licence
    ? {
        licenceNumber: state.licence.number,
        validFrom: state.licence.validFrom,
        validUntil: state.licence.validUntil,
      }
    : {}),
});

/**
 * The registry's use cases. Commands on an agency go through its CommandService (agencyCommands.ts: what
 * each command expects, who acts, when, the 404 for an unknown id); what is left here is what more a use
 * case does: identifier claims, the licence-number sequence, directors' keys. Reads of one agency come
 * from its own stream (exact), lists from the read models. Directors' names and ids are sealed under each
 * director's own key before anything is decided or stored, and opened only for a reader of the record.
 */
export class AgencyRegistryApp {
  readonly queries: AgencyQueries;
  readonly idempotency: IdempotencyStore;
  private readonly agencies: AgencyCommands;
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

  constructor(private readonly deps: AgencyRegistryAppDeps) {
    this.queries = deps.queries;
    this.idempotency = deps.idempotency;
    this.agencies = agencyCommands(deps.agencies, deps.clock);
    this.sealing = new DirectorSealing(deps.vault);
    this.identifiers = new IdentifierClaims(deps.claims, deps.store, (context, now) =>
      this.agencies.metadata(context, now),
    );
  }

  async recordApplication(
    input: LicenceApplicationInput,
    context: RequestContext,
  ): Promise<{ id: string; status: 'applied'; version: number }> {
    const id = this.agencies.newId();
    const now = this.agencies.now();
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
      ...identifiers.map((i) => this.identifiers.claim(i.kind, i.value, id, now, context)),
    ]);
    try {
      const refused = [sealed, matches, ...claims].find(
        (r): r is PromiseRejectedResult => r.status === 'rejected',
      );
      if (refused) throw refused.reason;
      const result = await this.agencies.handle(
        id,
        {
          type: 'RecordApplication',
          agencyId: id,
          application: { ...input, directors: settledValue(sealed) },
          revokedDirectorMatches: settledValue(matches),
          minGuaranteeKes: this.deps.config.MIN_SECURITY_GUARANTEE_KES,
        },
        context,
        { now },
      );
      return { id, status: 'applied', version: result.version };
    } catch (error) {
      // Nothing about a refused application may keep its identifiers from a later one.
      await Promise.allSettled(
        identifiers
          .filter((_, i) => claims[i]?.status === 'fulfilled')
          .map((c) => this.identifiers.release(c.kind, c.value, id, now, context)),
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
    const { state, version } = await this.agencies.existing(id);
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
    context: RequestContext,
    expectedVersion: number | undefined,
  ): Promise<ChangeResult> {
    const now = this.agencies.now();
    const { state, version } = await this.agencies.existing(id);
    // An unknown director is a 404 before the caller's version is looked at, as an unknown agency is.
    const director = state.application?.directors[directorIndex];
    if (!director) throw new NotFoundError('director', `${directorIndex} of agency ${id}`);
    if (expectedVersion !== undefined && expectedVersion !== version)
      throw new ConcurrencyError(this.agencies.stream(id), expectedVersion, version);
    const command = { type: 'EraseDirector' as const, directorIndex, reason: body.reason };
    const erasedBefore = this.agencies.decide(command, state, context, now).length === 0;
    let after: { state: AgencyState; version: number };
    if (erasedBefore) after = await this.agencies.load(id);
    else {
      // The note has a key of its own (never the director's): sealing it and destroying the director's key
      // are independent writes, made together.
      const [note] = await Promise.all([
        body.note ? this.sealing.sealErasureNote(id, directorIndex, body.note) : undefined,
        this.sealing.eraseDirector(director.subject),
      ]);
      // Checked against the caller's version above; from here the erasure is a fact to record, whatever
      // else was appended meanwhile (no version: an additive command is decided again on a race).
      after = await this.agencies.handle(id, { ...command, ...(note ? { note } : {}) }, context, { now });
    }
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

  async recordVettingCheck(
    id: string,
    body: { check: string; outcome: 'pass' | 'fail'; note?: string },
    context: RequestContext,
    expectedVersion: number | undefined,
  ): Promise<ChangeResult> {
    const { check, outcome, note } = body;
    return changeResultOf(
      await this.agencies.handle(
        id,
        { type: 'RecordVettingCheck', check, outcome, ...(note ? { note } : {}) },
        context,
        { expectedVersion },
      ),
    );
  }

  async approve(id: string, context: RequestContext, expectedVersion: number): Promise<ChangeResult> {
    const now = this.agencies.now();
    const rules = this.licensing();
    // Validate the decision (and the version it was based on) before allocating, so a refused approval
    // burns no licence number.
    const current = await this.agencies.existing(id, expectedVersion);
    this.agencies.decide(
      { type: 'ApproveLicence', licenceNumber: 'pending', rules },
      current.state,
      context,
      now,
    );
    const year = new Date(now).getUTCFullYear();
    const allocation = await this.allocations.run(() =>
      this.deps.licenceNumbers.handle(
        licenceSequenceStream(year),
        { type: 'AllocateLicenceNumber', year, agencyId: id, now },
        { metadata: this.agencies.metadata(context, now), retryOnConflict: 20 },
      ),
    );
    const licenceNumber = allocation.state.byAgency[id];
    if (!licenceNumber) throw new Error(`no licence number allocated for agency ${id}`);
    return changeResultOf(
      await this.agencies.handle(id, { type: 'ApproveLicence', licenceNumber, rules }, context, {
        expectedVersion,
        now,
      }),
    );
  }

  async reject(
    id: string,
    reason: string,
    context: RequestContext,
    expectedVersion: number,
  ): Promise<ChangeResult> {
    const now = this.agencies.now();
    const result = await this.agencies.handle(id, { type: 'RejectApplication', reason }, context, {
      expectedVersion,
      now,
    });
    // A rejected application frees its registration number and KRA PIN for a new application.
    const { application } = result.state;
    if (!application) throw new Error(`rejected agency ${id} has no application`);
    await Promise.all([
      this.identifiers.release('registration-number', application.registrationNumber, id, now, context),
      this.identifiers.release('kra-pin', application.kraPin, id, now, context),
    ]);
    return changeResultOf(result);
  }

  async renew(id: string, context: RequestContext, expectedVersion: number): Promise<ChangeResult> {
    const rules = { ...this.licensing(), validityMonths: this.deps.config.RENEWAL_VALIDITY_MONTHS };
    return changeResultOf(
      await this.agencies.handle(id, { type: 'RenewLicence', rules }, context, { expectedVersion }),
    );
  }

  async suspend(
    id: string,
    body: { reason: string; until?: string },
    context: RequestContext,
    expectedVersion: number,
  ): Promise<ChangeResult> {
    const { reason, until } = body;
    return changeResultOf(
      await this.agencies.handle(
        id,
        { type: 'SuspendLicence', reason, ...(until ? { until } : {}) },
        context,
        { expectedVersion },
      ),
    );
  }

  async reinstate(id: string, context: RequestContext, expectedVersion: number): Promise<ChangeResult> {
    return changeResultOf(
      await this.agencies.handle(id, { type: 'ReinstateLicence' }, context, { expectedVersion }),
    );
  }

  async revoke(
    id: string,
    reason: string,
    context: RequestContext,
    expectedVersion: number,
  ): Promise<ChangeResult> {
    return changeResultOf(
      await this.agencies.handle(id, { type: 'RevokeLicence', reason }, context, { expectedVersion }),
    );
  }

  /** The clock's work (licenceSweep.ts): lapsed licences expire, suspensions whose end came are lifted. */
  sweep(): Promise<{ expired: number; suspensionsEnded: number }> {
    return sweepLicences({ agencies: this.agencies, queries: this.queries, clock: this.deps.clock });
  }

  private licensing() {
    return {
      requiredChecks: [...this.deps.config.REQUIRED_VETTING_CHECKS],
      validityMonths: this.deps.config.LICENCE_VALIDITY_MONTHS,
    };
  }
}
