import { randomUUID } from 'node:crypto';
import { type Clock, ConcurrencyError, DomainError, KaziError, NotFoundError } from '@kazi/core';
import type { CommandHandler, CommitMetadata } from '@kazi/eventsourcing';
import type { PersonalDataVault } from '@kazi/personal-data';
import { hasRole, type IdempotencyStore, type KaziUser } from '@kazi/service-kit';
import type { AgencyView } from '../agencyView/agencyViewQueries.ts';
import { type ComplaintsConfig, complaintRulesOf } from '../config.ts';
import {
  type ComplaintCommand,
  ComplaintErrorType,
  type ComplaintEvent,
  type ComplaintState,
  type LodgingInput,
  personalDataOf,
  type Remedy,
} from '../domain/complaint/index.ts';
import type { ComplaintQueries } from '../projections/queries.ts';
import { requireAccess } from './access.ts';
import { ComplainantSealing, type SealedField, subjectIdOf } from './complainantSealing.ts';
import { openComplaintRecord } from './complaintRecord.ts';
import { ComplaintTracking } from './complaintTracking.ts';
import { type ComplaintViewOf, complaintViews } from './complaintViews.ts';
import type { PinFailureCounter } from './pinFailures.ts';
import type { ReferenceAllocator } from './referenceAllocator.ts';
import { hashTrackingPin, newTrackingPin } from './trackingPin.ts';

/** Who acts, as the HTTP layer knows them. */
export interface Actor {
  user: KaziUser;
  correlationId: string;
  requestId: string;
}

export interface ChangeResult {
  id: string;
  status: string;
  version: number;
  [field: string]: unknown;
}

export interface ComplaintsAppDeps {
  complaints: CommandHandler<ComplaintState, ComplaintCommand, ComplaintEvent>;
  references: ReferenceAllocator;
  vault: PersonalDataVault;
  pinFailures: PinFailureCounter;
  agencies: AgencyView;
  queries: ComplaintQueries;
  idempotency: IdempotencyStore;
  clock: Clock;
  config: Pick<
    ComplaintsConfig,
    | 'HIGH_SEVERITY_CATEGORIES'
    | 'RESPONSE_HOURS_CRITICAL'
    | 'RESPONSE_HOURS_HIGH'
    | 'RESPONSE_HOURS_NORMAL'
    | 'TRACKING_PIN_HASH_COST'
  >;
}

export const complaintStream = (id: string) => `complaint.${id}`;
export { subjectIdOf };

/**
 * The complaints use cases: load → decide → append; the complainant's identifying data and any free text
 * about them are sealed under their own key before they are stored, and opened only for a reader allowed
 * to see the complaint, in that reader's view.
 */
export class ComplaintsApp {
  readonly queries: ComplaintQueries;
  readonly idempotency: IdempotencyStore;
  private readonly sealing: ComplainantSealing;
  /** What a caller tracks with their reference and PIN: the public status, the replayed PIN. */
  readonly tracking: ComplaintTracking;

  constructor(private readonly deps: ComplaintsAppDeps) {
    this.queries = deps.queries;
    this.idempotency = deps.idempotency;
    this.sealing = new ComplainantSealing(deps.vault);
    this.tracking = new ComplaintTracking({ ...deps, sealing: this.sealing });
  }

  async lodge(
    input: LodgingInput,
    actor: Actor,
  ): Promise<{
    id: string;
    reference: string;
    trackingPin: string;
    severity: string;
    status: string;
    personalData: 'held';
    version: number;
  }> {
    const id = randomUUID();
    const subjectId = subjectIdOf(id);
    const now = this.now();
    const { location, employer } = input;
    const pin = newTrackingPin();
    let outcomeUnknown = false;
    try {
      // Independent steps run together: the key and the sealing, the PIN hash, the reference, the agency.
      const [sealed, city, employerName, trackingPinHash, reference, agency, candidates] = await Promise.all([
        this.sealing.seal(id, 'complainant', personalDataOf(input)),
        this.sealing.sealText(id, 'location.city', location.city),
        this.sealing.sealText(id, 'employer.name', employer?.name),
        hashTrackingPin(pin, this.deps.config.TRACKING_PIN_HASH_COST),
        this.deps.references.next(now),
        input.agencyId === undefined ? undefined : this.deps.agencies.get(input.agencyId),
        input.agencyId === undefined && input.agencyName
          ? this.deps.agencies.candidates(input.agencyName)
          : [],
      ]);
      const {
        narrative: _narrative,
        complainant,
        location: _location,
        employer: _employer,
        ...facts
      } = input;
      outcomeUnknown = true;
      const result = await this.deps.complaints.handle(
        complaintStream(id),
        {
          type: 'LodgeComplaint',
          complaintId: id,
          reference,
          channel: hasRole(actor.user, 'nea-officer') ? 'nea-officer' : 'hotline',
          input: {
            ...facts,
            location: { country: location.country, ...(city ? { city } : {}) },
            ...(employer && employerName
              ? { employer: { name: employerName, country: employer.country } }
              : {}),
            complainant: {
              sex: complainant.sex,
              ...(complainant.dateOfBirth ? { dateOfBirth: complainant.dateOfBirth } : {}),
              ...(complainant.ageBand ? { ageBand: complainant.ageBand } : {}),
            },
          },
          subjectId,
          sealed,
          trackingPinHash,
          agency:
            input.agencyId === undefined
              ? undefined
              : agency
                ? { known: true, status: agency.status, name: agency.name }
                : { known: false },
          candidates,
          rules: complaintRulesOf(this.deps.config as ComplaintsConfig),
          actor: this.who(actor),
          now,
        },
        { metadata: this.metadata(actor, now), newStream: true },
      );
      return {
        id,
        reference,
        trackingPin: pin,
        severity: result.state.severity ?? 'normal',
        status: 'lodged',
        personalData: 'held',
        version: result.version,
      };
    } catch (error) {
      // Refused before or by the decision, nothing was stored under this key: destroy it, so no key
      // outlives its data. After a failed append (a timeout) the commit may be stored: keep the key.
      if (!outcomeUnknown || error instanceof DomainError || error instanceof ConcurrencyError) {
        await this.sealing.erase(id).catch(() => {});
      }
      throw error;
    }
  }

  /** One complaint, as the caller's role may see it (complaintViews.ts). */
  async get(id: string, user: KaziUser): Promise<ComplaintViewOf> {
    const { state, version } = await this.existing(id);
    const view = requireAccess(user, state);
    const record = { ...(await openComplaintRecord(id, state, this.sealing)), version };
    if (view === 'attache') return complaintViews.attache(record, user.mission ?? '');
    return complaintViews[view](record);
  }

  async triage(
    id: string,
    body: {
      categories?: string[];
      indicators?: string[];
      severity?: string;
      traffickingSuspected?: boolean;
      reason: string;
    },
    actor: Actor,
    expectedVersion: number | undefined,
  ): Promise<ChangeResult> {
    const now = this.now();
    const reason = await this.sealFor(id, 'triage.reason', body.reason);
    const command = {
      type: 'TriageComplaint',
      ...(reason ? { reason } : {}),
      rules: complaintRulesOf(this.deps.config as ComplaintsConfig),
      actor: this.who(actor),
      now,
      ...(body.categories ? { categories: body.categories } : {}),
      ...(body.indicators ? { indicators: body.indicators } : {}),
      ...(body.severity ? { severity: body.severity } : {}),
      ...(body.traffickingSuspected !== undefined ? { traffickingSuspected: body.traffickingSuspected } : {}),
    } as ComplaintCommand;
    return this.change(id, command, actor, expectedVersion, now);
  }

  assign(
    id: string,
    assignee: string,
    actor: Actor,
    expectedVersion: number | undefined,
  ): Promise<ChangeResult> {
    const now = this.now();
    return this.change(
      id,
      { type: 'AssignComplaint', assignee, actor: this.who(actor), now },
      actor,
      expectedVersion,
      now,
      true,
    );
  }

  async addNote(
    id: string,
    text: string,
    actor: Actor,
    expectedVersion: number | undefined,
  ): Promise<ChangeResult> {
    const now = this.now();
    const { state } = await this.existing(id);
    requireAccess(actor.user, state);
    const source = hasRole(actor.user, 'nea-officer', 'nea-director') ? 'officer' : 'hotline';
    const note = {
      type: 'AddNote' as const,
      noteId: randomUUID(),
      source,
      actor: this.who(actor),
      now,
    } as const;
    // Decided before sealing: an erased complainant has no key, and must not get a new one.
    this.deps.complaints.decide({ ...note, sealed: 'not-yet-sealed' }, state);
    const sealed = await this.sealing.seal(id, `note.${note.noteId}`, text);
    return this.change(id, { ...note, sealed }, actor, expectedVersion, now, true);
  }

  async refer(
    id: string,
    body: { to: 'labour-attache' | 'counter-trafficking' | 'police'; country?: string; note?: string },
    actor: Actor,
    expectedVersion: number | undefined,
  ) {
    const now = this.now();
    const note = await this.sealFor(id, 'referral.note', body.note);
    return this.change(
      id,
      {
        type: 'ReferComplaint',
        to: body.to,
        ...(body.country ? { country: body.country } : {}),
        ...(note ? { note } : {}),
        actor: this.who(actor),
        now,
      },
      actor,
      expectedVersion,
      now,
    );
  }

  async resolve(
    id: string,
    body: { outcome: string; remedy?: Omit<Remedy, 'description'> & { description?: string } },
    actor: Actor,
    expectedVersion: number,
  ) {
    const now = this.now();
    const command: ComplaintCommand = {
      type: 'ResolveComplaint',
      outcome: body.outcome,
      actor: this.who(actor),
      now,
    };
    if (body.remedy) {
      const { description, ...remedy } = body.remedy;
      const sealed = await this.sealFor(id, 'remedy.description', description);
      command.remedy = { ...remedy, ...(sealed ? { description: sealed } : {}) };
    }
    return this.change(id, command, actor, expectedVersion, now);
  }

  close(id: string, actor: Actor, expectedVersion: number) {
    const now = this.now();
    return this.change(
      id,
      { type: 'CloseComplaint', actor: this.who(actor), now },
      actor,
      expectedVersion,
      now,
    );
  }

  async reopen(id: string, reason: string, actor: Actor, expectedVersion: number) {
    const now = this.now();
    const rules = complaintRulesOf(this.deps.config as ComplaintsConfig);
    const sealed = await this.sealFor(id, 'reopening.reason', reason);
    return this.change(
      id,
      { type: 'ReopenComplaint', ...(sealed ? { reason: sealed } : {}), rules, actor: this.who(actor), now },
      actor,
      expectedVersion,
      now,
    );
  }

  async withdraw(id: string, reason: string | undefined, actor: Actor, expectedVersion: number | undefined) {
    const now = this.now();
    // A hotline account withdraws only what it lodged (the caller asked it to).
    requireAccess(actor.user, (await this.existing(id)).state);
    const command: ComplaintCommand = { type: 'WithdrawComplaint', actor: this.who(actor), now };
    const sealed = await this.sealFor(id, 'withdrawal.reason', reason);
    if (sealed) command.reason = sealed;
    return this.change(id, command, actor, expectedVersion, now);
  }

  /**
   * Crypto-shredding: the key is destroyed first, then the erasure is recorded. If recording fails, the
   * data is already unreadable and a retry records it; the other order could record an erasure that did
   * not happen.
   */
  async erase(
    id: string,
    reason: string,
    actor: Actor,
    expectedVersion: number | undefined,
  ): Promise<ChangeResult> {
    const now = this.now();
    const { state, version } = await this.existing(id);
    if (expectedVersion !== undefined && expectedVersion !== version)
      throw new ConcurrencyError(complaintStream(id), expectedVersion, version);
    this.deps.complaints.decide({ type: 'EraseComplainantData', actor: this.who(actor), now }, state);
    // Sealed while the key still exists, so the reason reads as erased like all the rest (a retry after
    // the key was destroyed records none).
    const sealedReason = await this.sealing.sealText(id, 'erasure.reason', reason);
    await this.sealing.erase(id);
    // Checked against the caller's version above; from here the erasure is a fact to record, whatever
    // else was appended meanwhile.
    return this.change(
      id,
      {
        type: 'EraseComplainantData',
        ...(sealedReason ? { reason: sealedReason } : {}),
        actor: this.who(actor),
        now,
      },
      actor,
      undefined,
      now,
      true,
    );
  }

  /**
   * The clock's work: reports each complaint whose response deadline passed without a response, once.
   * Safe on several replicas at once (deterministic command id, idempotent decision, retry on conflict).
   */
  async sweep(): Promise<{ overdue: number }> {
    const nowDate = this.deps.clock.now();
    const now = nowDate.toISOString();
    let overdue = 0;
    for (const id of await this.queries.pastDeadline(nowDate)) {
      const result = await this.deps.complaints.handle(
        complaintStream(id),
        { type: 'FlagResponseOverdue', now },
        {
          metadata: {
            commandId: `response-overdue:${id}:${now}`,
            actor: 'system:response-overdue',
            correlationId: randomUUID(),
            time: now,
          },
          retryOnConflict: 3,
        },
      );
      overdue += result.events.length;
    }
    return { overdue };
  }

  /**
   * Free text about the complainant of complaint `id`, sealed; undefined when none was given or their data
   * is erased. Only for a complaint that exists (404 otherwise): sealing makes a key for a new subject.
   */
  private async sealFor(id: string, field: SealedField, text: string | undefined) {
    if (text === undefined) return undefined;
    const { state } = await this.existing(id);
    if (state.erasure) return undefined;
    return this.sealing.sealText(id, field, text);
  }

  private async change(
    id: string,
    command: ComplaintCommand,
    actor: Actor,
    expectedVersion: number | undefined,
    now: string,
    additive = false,
  ): Promise<ChangeResult> {
    const result = await this.deps.complaints
      .handle(complaintStream(id), command, {
        expectedVersion,
        metadata: this.metadata(actor, now),
        // Additive records (notes, assignments) do not depend on what the caller saw: retry on a race.
        retryOnConflict: additive && expectedVersion === undefined ? 5 : 0,
      })
      .catch((error: unknown) => {
        if (error instanceof KaziError && error.type === ComplaintErrorType.ComplaintNotFound)
          throw new NotFoundError('complaint', id);
        if (error instanceof ConcurrencyError && error.actual === 0) throw new NotFoundError('complaint', id);
        throw error;
      });
    return {
      id,
      status: result.state.status ?? 'lodged',
      severity: result.state.severity,
      version: result.version,
    };
  }

  private async existing(id: string) {
    const loaded = await this.deps.complaints.load(complaintStream(id));
    if (loaded.version === 0) throw new NotFoundError('complaint', id);
    return loaded;
  }

  private who(actor: Actor) {
    return { sub: actor.user.sub, name: actor.user.name };
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  private metadata(actor: Actor, now: string): CommitMetadata {
    return {
      commandId: randomUUID(),
      actor: actor.user.sub,
      correlationId: actor.correlationId,
      causationId: actor.requestId,
      time: now,
    };
  }
}
