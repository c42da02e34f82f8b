import { randomUUID } from 'node:crypto';
import { type Clock, ConcurrencyError, DomainError } from '@kazi/core';
import type { CommandHandler } from '@kazi/eventsourcing';
import type { PersonalDataVault } from '@kazi/personal-data';
import { hasRole, type IdempotencyStore, type KaziUser, type RequestContext } from '@kazi/service-kit';
import type { AgencyView } from '../agencyView/agencyViewQueries.ts';
import type { AttacheCaseView } from '../attacheView/caseViewQueries.ts';
import type { EmployerView } from '../attacheView/employerViewQueries.ts';
import { type ComplaintsConfig, complaintRulesOf } from '../config.ts';
import {
  type ComplaintCommand,
  type ComplaintEvent,
  type ComplaintState,
  type LodgingInput,
  personalDataOf,
  type Remedy,
  type ResolveComplaint,
  type TriageComplaint,
} from '../domain/complaint/index.ts';
import type { ComplaintQueries } from '../projections/queries.ts';
import { requireAccess } from './access.ts';
import { readAttacheFacts } from './attacheFacts.ts';
import { ComplainantSealing, type SealedField, subjectIdOf } from './complainantSealing.ts';
import { type ComplaintCommands, complaintCommands } from './complaintCommands.ts';
import { openComplaintRecord } from './complaintRecord.ts';
import { ComplaintTracking } from './complaintTracking.ts';
import { type ComplaintViewOf, complaintViews } from './complaintViews.ts';
import type { PinFailureCounter } from './pinFailures.ts';
import type { ReferenceAllocator } from './referenceAllocator.ts';
import { hashTrackingPin, newTrackingPin } from './trackingPin.ts';

/** What a change of a complaint answers (changedResponse in http/schemas.ts). */
export interface ChangeResult {
  id: string;
  status: string;
  severity: string | null;
  version: number;
}

export interface ComplaintsAppDeps {
  complaints: CommandHandler<ComplaintState, ComplaintCommand, ComplaintEvent>;
  references: ReferenceAllocator;
  vault: PersonalDataVault;
  pinFailures: PinFailureCounter;
  agencies: AgencyView;
  /** The service's own views of the attaché cases opened from complaints and of vetted employers. */
  attacheCases: AttacheCaseView;
  employers: EmployerView;
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

export { subjectIdOf };

/** The answer of a change: the complaint's status, severity and new version. */
function changed(result: { id: string; state: ComplaintState; version: number }): ChangeResult {
  return {
    id: result.id,
    status: result.state.status ?? 'lodged',
    severity: result.state.severity,
    version: result.version,
  };
}

/**
 * The complaints use cases. Most are one command (complaintCommands.ts says what each expects); what is
 * written here is what a command cannot do alone: the reference and the tracking PIN of a lodging, the
 * agency look-up, and the complainant's identifying data and any free text about them, sealed under their
 * own key before they are stored and opened only for a reader allowed to see the complaint, in that
 * reader's view; and the erasure of that key.
 */
export class ComplaintsApp {
  readonly queries: ComplaintQueries;
  readonly idempotency: IdempotencyStore;
  private readonly commands: ComplaintCommands;
  private readonly sealing: ComplainantSealing;
  /** What a caller tracks with their reference and PIN: the public status, the replayed PIN. */
  readonly tracking: ComplaintTracking;

  constructor(private readonly deps: ComplaintsAppDeps) {
    this.queries = deps.queries;
    this.idempotency = deps.idempotency;
    this.commands = complaintCommands(deps.complaints, deps.clock);
    this.sealing = new ComplainantSealing(deps.vault);
    this.tracking = new ComplaintTracking({
      complaints: this.commands,
      queries: deps.queries,
      pinFailures: deps.pinFailures,
      sealing: this.sealing,
      attacheCases: deps.attacheCases,
      config: deps.config,
    });
  }

  async lodge(
    input: LodgingInput,
    context: RequestContext,
  ): Promise<{
    id: string;
    reference: string;
    trackingPin: string;
    severity: string;
    status: string;
    personalData: 'held';
    version: number;
  }> {
    const id = this.commands.newId();
    const subjectId = subjectIdOf(id);
    const now = this.commands.now();
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
      const result = await this.commands.handle(
        id,
        {
          type: 'LodgeComplaint',
          complaintId: id,
          reference,
          channel: hasRole(context.user, 'nea-officer') ? 'nea-officer' : 'hotline',
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
          rules: this.rules(),
        },
        context,
        { now },
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

  /** One complaint, as the caller's role may see it (complaintViews.ts). A read needs only who asks. */
  async get(id: string, user: KaziUser): Promise<ComplaintViewOf> {
    const { state, version } = await this.commands.existing(id);
    const view = requireAccess(user, state);
    const opened = await openComplaintRecord(id, state, this.sealing);
    const views = { cases: this.deps.attacheCases, employers: this.deps.employers };
    const facts = await readAttacheFacts(views, id, opened.employer, view !== 'hotline');
    const record = { ...opened, ...facts, version };
    if (view === 'attache') return complaintViews.attache(record, user.mission ?? '');
    return complaintViews[view](record);
  }

  async triage(
    id: string,
    body: Pick<TriageComplaint, 'categories' | 'indicators' | 'severity' | 'traffickingSuspected'> & {
      reason: string;
    },
    context: RequestContext,
    expectedVersion: number | undefined,
  ): Promise<ChangeResult> {
    const reason = await this.sealFor(id, 'triage.reason', body.reason);
    const result = await this.commands.handle(
      id,
      {
        type: 'TriageComplaint',
        ...(reason ? { reason } : {}),
        rules: this.rules(),
        ...(body.categories ? { categories: body.categories } : {}),
        ...(body.indicators ? { indicators: body.indicators } : {}),
        ...(body.severity ? { severity: body.severity } : {}),
        ...(body.traffickingSuspected !== undefined
          ? { traffickingSuspected: body.traffickingSuspected }
          : {}),
      },
      context,
      { expectedVersion },
    );
    return changed(result);
  }

  async assign(
    id: string,
    assignee: string,
    context: RequestContext,
    expectedVersion: number | undefined,
  ): Promise<ChangeResult> {
    return changed(
      await this.commands.handle(id, { type: 'AssignComplaint', assignee }, context, { expectedVersion }),
    );
  }

  async addNote(
    id: string,
    text: string,
    context: RequestContext,
    expectedVersion: number | undefined,
  ): Promise<ChangeResult> {
    const now = this.commands.now();
    const { state } = await this.commands.existing(id);
    requireAccess(context.user, state);
    const note = {
      type: 'AddNote',
      noteId: randomUUID(),
      source: hasRole(context.user, 'nea-officer', 'nea-director') ? 'officer' : 'hotline',
    } as const;
    // Decided before sealing: an erased complainant has no key, and must not get a new one.
    this.commands.decide({ ...note, sealed: 'not-yet-sealed' }, state, context, now);
    const sealed = await this.sealing.seal(id, `note.${note.noteId}`, text);
    return changed(await this.commands.handle(id, { ...note, sealed }, context, { expectedVersion, now }));
  }

  async refer(
    id: string,
    body: { to: 'labour-attache' | 'counter-trafficking' | 'police'; country?: string; note?: string },
    context: RequestContext,
    expectedVersion: number | undefined,
  ): Promise<ChangeResult> {
    const note = await this.sealFor(id, 'referral.note', body.note);
    const result = await this.commands.handle(
      id,
      {
        type: 'ReferComplaint',
        to: body.to,
        ...(body.country ? { country: body.country } : {}),
        ...(note ? { note } : {}),
      },
      context,
      { expectedVersion },
    );
    return changed(result);
  }

  async resolve(
    id: string,
    body: { outcome: string; remedy?: Omit<Remedy, 'description'> & { description?: string } },
    context: RequestContext,
    expectedVersion: number,
  ): Promise<ChangeResult> {
    let remedy: ResolveComplaint['remedy'];
    if (body.remedy) {
      const { description, ...rest } = body.remedy;
      const sealed = await this.sealFor(id, 'remedy.description', description);
      remedy = { ...rest, ...(sealed ? { description: sealed } : {}) };
    }
    const result = await this.commands.handle(
      id,
      { type: 'ResolveComplaint', outcome: body.outcome, ...(remedy ? { remedy } : {}) },
      context,
      { expectedVersion },
    );
    return changed(result);
  }

  async close(id: string, context: RequestContext, expectedVersion: number): Promise<ChangeResult> {
    return changed(await this.commands.handle(id, { type: 'CloseComplaint' }, context, { expectedVersion }));
  }

  async reopen(
    id: string,
    reason: string,
    context: RequestContext,
    expectedVersion: number,
  ): Promise<ChangeResult> {
    const sealed = await this.sealFor(id, 'reopening.reason', reason);
    const result = await this.commands.handle(
      id,
      { type: 'ReopenComplaint', ...(sealed ? { reason: sealed } : {}), rules: this.rules() },
      context,
      { expectedVersion },
    );
    return changed(result);
  }

  async withdraw(
    id: string,
    reason: string | undefined,
    context: RequestContext,
    expectedVersion: number | undefined,
  ): Promise<ChangeResult> {
    // A hotline account withdraws only what it lodged (the caller asked it to).
    requireAccess(context.user, (await this.commands.existing(id)).state);
    const sealed = await this.sealFor(id, 'withdrawal.reason', reason);
    const result = await this.commands.handle(
      id,
      { type: 'WithdrawComplaint', ...(sealed ? { reason: sealed } : {}) },
      context,
      { expectedVersion },
    );
    return changed(result);
  }

  /**
   * Crypto-shredding: the key is destroyed first, then the erasure is recorded. If recording fails, the
   * data is already unreadable and a retry records it; the other order could record an erasure that did
   * not happen.
   */
  async erase(
    id: string,
    reason: string,
    context: RequestContext,
    expectedVersion: number | undefined,
  ): Promise<ChangeResult> {
    const now = this.commands.now();
    const { state } = await this.commands.existing(id, expectedVersion);
    this.commands.decide({ type: 'EraseComplainantData' }, state, context, now);
    // Sealed while the key still exists, so the reason reads as erased like all the rest (a retry after
    // the key was destroyed records none).
    const sealedReason = await this.sealing.sealText(id, 'erasure.reason', reason);
    await this.sealing.erase(id);
    // Checked against the caller's version above; from here the erasure is a fact to record, whatever
    // else was appended meanwhile (so no version here, and retried on a conflict: complaintCommands.ts).
    const result = await this.commands.handle(
      id,
      { type: 'EraseComplainantData', ...(sealedReason ? { reason: sealedReason } : {}) },
      context,
      { now },
    );
    return changed(result);
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
      const result = await this.commands.handleScheduled(
        id,
        { type: 'FlagResponseOverdue', now },
        { job: 'response-overdue', key: now, now },
      );
      overdue += result.events.length;
    }
    return { overdue };
  }

  private rules() {
    return complaintRulesOf(this.deps.config as ComplaintsConfig);
  }

  /**
   * Free text about the complainant of complaint `id`, sealed; undefined when none was given or their data
   * is erased. Only for a complaint that exists (404 otherwise): sealing makes a key for a new subject.
   */
  private async sealFor(id: string, field: SealedField, text: string | undefined) {
    if (text === undefined) return undefined;
    const { state } = await this.commands.existing(id);
    if (state.erasure) return undefined;
    return this.sealing.sealText(id, field, text);
  }
}
