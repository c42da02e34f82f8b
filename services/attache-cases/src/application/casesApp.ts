import { ConcurrencyError, DomainError, InvalidStreamNameError } from '@kazi/core';
import { hasRole, type KaziUser, NEA_ROLES, type RequestContext, requireMission } from '@kazi/service-kit';
import {
  type CaseState,
  initialCaseState,
  type OpenCase,
  type OpenCaseInput,
  type SealedText,
  workerPersonalDataOf,
} from '../domain/index.ts';
import type { CaseFeedQueries, FeedFilter, FeedPage } from '../projections/caseFeedQueries.ts';
import type { EmployerDirectoryQueries, EmployerMatch } from '../projections/employerDirectoryQueries.ts';
import { requireCaseView } from './caseAccess.ts';
import { CaseChanges } from './caseChanges.ts';
import type { CaseCommands, EmployerCommands } from './caseCommands.ts';
import { openCaseRecord } from './caseRecord.ts';
import { type CaseViewOf, caseViews } from './caseViews.ts';
import type { MissionDay } from './missionDay.ts';
import { referralCaseIdOf } from './referralConsumer.ts';
import type { UpdateFingerprinter } from './updateFingerprint.ts';
import { type WorkerSealing, workerSubjectOf } from './workerSealing.ts';

export interface CasesAppDeps {
  cases: CaseCommands;
  employers: EmployerCommands;
  sealing: WorkerSealing;
  feed: CaseFeedQueries;
  directory: EmployerDirectoryQueries;
  fingerprint: UpdateFingerprinter;
  today: MissionDay;
}

/** What an opening answers (and an Idempotency-Key repeat of it). */
export interface OpenedAnswer {
  id: string;
  version: number;
  status: 'open';
  /** employer-flagged, employer-blacklisted: the registered employer as vetted now. */
  flags: string[];
  employer: { employerId: string | null; name: string; country: string; status: string | null } | null;
  /** For an employer typed in by name: registered employers of that name in that country, best first. */
  employerMatches: EmployerMatch[];
}

/** Registered employers an opening shows for a name typed in. */
const EMPLOYER_MATCHES = 3;

/**
 * The case use cases that are more than one command: an opening (the worker's data sealed under a key of
 * their own, the employer as vetted now), the reads (each caller's view, the bounded feed), the erasure
 * of the worker's key; the changes an attaché makes are CaseChanges (caseChanges.ts).
 */
export class CasesApp {
  readonly changes: CaseChanges;
  private readonly cases: CaseCommands;

  constructor(private readonly deps: CasesAppDeps) {
    this.cases = deps.cases;
    this.changes = new CaseChanges({
      cases: deps.cases,
      sealing: deps.sealing,
      fingerprint: deps.fingerprint,
      today: deps.today,
      currentView: (id, state, version, user) => this.viewOf(id, state, version, user),
    });
  }

  async open(input: OpenCaseInput, context: RequestContext): Promise<OpenedAnswer> {
    // An attaché opens cases in their own mission only.
    requireMission(context.user, input.country);
    const id = this.cases.newId();
    const now = this.cases.now();
    const [registered, complaintReferredHere] = await Promise.all([
      input.employerId === undefined ? undefined : this.registered(input.employerId),
      input.complaintId === undefined ? undefined : this.referredTo(input.complaintId, input.country),
    ]);
    const command = (sealed: string, summary: SealedText | undefined): Omit<OpenCase, 'actor' | 'now'> => {
      const { worker } = input;
      return {
        type: 'OpenCase',
        caseId: id,
        caseType: input.type,
        country: input.country,
        ...(input.complaintId ? { complaintId: input.complaintId } : {}),
        ...(complaintReferredHere !== undefined ? { complaintReferredHere } : {}),
        worker: {
          subjectId: workerSubjectOf(id),
          sealed,
          sex: worker.sex,
          ...(worker.dateOfBirth ? { dateOfBirth: worker.dateOfBirth } : {}),
          ...(worker.ageBand ? { ageBand: worker.ageBand } : {}),
          ...(worker.occupation ? { occupation: worker.occupation } : {}),
        },
        ...(input.employerId !== undefined
          ? { employer: { employerId: input.employerId, registered: registered ?? null } }
          : input.employer
            ? { employer: input.employer }
            : {}),
        ...(summary ? { summary } : {}),
      };
    };
    // The rules first (a date of birth, an unknown employer): a refused opening makes no key.
    this.cases.decide(command('unsealed', { sealed: 'unsealed' }), initialCaseState(), context, now);
    let outcomeUnknown = false;
    try {
      const [sealed, summary, employerMatches] = await Promise.all([
        this.deps.sealing.seal(id, 'worker', workerPersonalDataOf(input.worker)),
        this.deps.sealing.sealText(id, 'summary', input.summary),
        input.employer
          ? this.deps.directory.search(input.employer.name, {
              country: input.employer.country,
              limit: EMPLOYER_MATCHES,
            })
          : [],
      ]);
      outcomeUnknown = true;
      const result = await this.cases.handle(id, command(sealed, summary), context, { now });
      const opened = result.state.opened;
      const employer = opened?.employer;
      return {
        id,
        version: result.version,
        status: 'open',
        flags: opened?.flags.map((f) => f.kind) ?? [],
        employer: employer
          ? {
              employerId: employer.employerId ?? null,
              name: employer.name,
              country: employer.country,
              status: employer.statusAtOpening ?? null,
            }
          : null,
        employerMatches,
      };
    } catch (error) {
      // Refused before or by the decision, nothing was stored under this key: destroy it, so no key
      // outlives its data. After a failed append (a timeout) the commit may be stored: keep the key.
      if (!outcomeUnknown || error instanceof DomainError || error instanceof ConcurrencyError)
        await this.deps.sealing.erase(id).catch(() => {});
      throw error;
    }
  }

  /** One case as the caller may see it; another mission's case is a 404 (caseAccess.ts). */
  async get(id: string, user: KaziUser): Promise<CaseViewOf> {
    const { state, version } = await this.cases.existing(id);
    return this.viewOf(id, state, version, user);
  }

  /**
   * The delta feed (caseFeedQueries.ts). An attaché reads their own mission's cases: without `mission`
   * the feed is theirs, another mission is refused (403 mission-mismatch). NEA roles and analysts read
   * every mission; the feed holds no personal data.
   */
  feed(filter: FeedFilter, user: KaziUser): Promise<FeedPage> {
    if (hasRole(user, ...NEA_ROLES, 'analyst')) return this.deps.feed.feed(filter);
    const mission = filter.mission ?? user.mission ?? '';
    requireMission(user, mission);
    return this.deps.feed.feed({ ...filter, mission });
  }

  /**
   * Crypto-shredding, as for complaints: the caller's version and the rule are checked, the reason sealed
   * while the key exists, the key destroyed, then the erasure recorded. If recording fails the data is
   * already unreadable and a retry records it; the other order could record an erasure that did not happen.
   */
  async erase(
    id: string,
    reason: string,
    context: RequestContext,
    expectedVersion: number | undefined,
  ): Promise<{ id: string; version: number; personalData: 'erased' }> {
    const now = this.cases.now();
    const { state } = await this.cases.existing(id, expectedVersion);
    requireCaseView(context.user, id, state);
    this.cases.decide({ type: 'EraseWorkerData' }, state, context, now);
    const sealedReason = await this.deps.sealing.sealText(id, 'erasure.reason', reason);
    await this.deps.sealing.erase(id);
    const result = await this.cases.handle(
      id,
      { type: 'EraseWorkerData', ...(sealedReason ? { reason: sealedReason } : {}) },
      context,
      { now },
    );
    return { id, version: result.version, personalData: 'erased' };
  }

  private async viewOf(id: string, state: CaseState, version: number, user: KaziUser): Promise<CaseViewOf> {
    const view = requireCaseView(user, id, state);
    // An analyst's view opens nothing: no personal data is decrypted for a reader who may not see it.
    const record = await openCaseRecord(id, state, version, view === 'full' ? this.deps.sealing : undefined);
    return caseViews[view](record);
  }

  /**
   * Whether the complaint was referred to the labour attaché of `country`: every such referral the
   * complaints service published opened the case `referral-<complaint>-<country>` here, exactly once
   * (referralConsumer.ts), so that case is the record of it — also of referrals heard before this check
   * existed. A referral not heard yet reads as not referred; the attaché's app may send the opening again.
   */
  private async referredTo(complaintId: string, country: string): Promise<boolean> {
    try {
      const { version } = await this.cases.load(referralCaseIdOf(complaintId, country));
      return version > 0;
    } catch (error) {
      // No complaint has such an id (the complaints service's are UUIDs): referred nowhere.
      if (error instanceof InvalidStreamNameError) return false;
      throw error;
    }
  }

  /** What the employer a case names is now, as its own record says; null when no employer has that id. */
  private async registered(employerId: string) {
    const { state } = await this.deps.employers.load(employerId);
    if (state.registered === null || state.status === null) return null;
    return { name: state.registered.name, country: state.registered.country, status: state.status };
  }
}
