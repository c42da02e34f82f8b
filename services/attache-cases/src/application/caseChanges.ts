import { ConcurrencyError, DomainError } from '@kazi/core';
import type { Loaded } from '@kazi/eventsourcing';
import type { CommandInput, KaziUser, RequestContext } from '@kazi/service-kit';
import type { z } from 'zod';
import {
  type CaseAction,
  type CaseChangeCommand,
  type CaseCommand,
  CaseErrorType,
  type CaseState,
  type caseUpdateInputSchema,
  type closureInputSchema,
  type RecordRepatriationStage,
  rememberedUpdate,
  type repatriationInputSchema,
  type SealedText,
  type workerInputSchema,
  workerPersonalDataOf,
} from '../domain/index.ts';
import { requireCaseOfMission } from './caseAccess.ts';
import type { CaseCommands } from './caseCommands.ts';
import type { CaseViewOf } from './caseViews.ts';
import type { MissionDay } from './missionDay.ts';
import { StaleCaseError } from './staleCaseError.ts';
import type { UpdateFingerprinter } from './updateFingerprint.ts';
import { changeTextField, type SealedField, type WorkerSealing } from './workerSealing.ts';

type NoExtra = Record<never, never>;
/** What every change route takes beside its own fields (the route checks the version: 428 without). */
interface ChangeFields {
  updateId: string;
  expectedVersion?: number | undefined;
}
export type CaseUpdateBody = z.output<ReturnType<typeof caseUpdateInputSchema<NoExtra>>> & ChangeFields;
export type RepatriationBody = z.output<ReturnType<typeof repatriationInputSchema<NoExtra>>> & ChangeFields;
export type ClosureBody = z.output<ReturnType<typeof closureInputSchema<NoExtra>>> & ChangeFields;
export type WorkerDetailsBody = { worker: z.output<typeof workerInputSchema> } & ChangeFields;

/** What a change answers, the first time and to every resend of it (the same updateId and request). */
export interface ChangeAnswer {
  id: string;
  updateId: string;
  /** The case's version just after this change. */
  version: number;
  status: 'open' | 'closed';
  /** True for a resend answered from what the case remembers (the route says so in a header). */
  replayed: boolean;
}

/** Seals a change's text (or the worker's details) under a field; undefined when there is none. */
type Sealer = (field: SealedField, value: unknown) => Promise<SealedText | undefined>;
type ChangeInput = CommandInput<Extract<CaseCommand, { type: CaseChangeCommand }>>;

/** One change request as the route gave it, with the time it is decided at. */
interface ChangeRequest {
  id: string;
  route: string;
  command: CaseChangeCommand;
  body: ChangeFields;
  context: RequestContext;
  expectedVersion: number;
  build: (change: { fingerprint: string; today: string }, seal: Sealer) => Promise<ChangeInput>;
  now: string;
}

export interface CaseChangesDeps {
  cases: CaseCommands;
  sealing: WorkerSealing;
  fingerprint: UpdateFingerprinter;
  today: MissionDay;
  /** The case as `user` may see it now: a stale change's 409 carries it. */
  currentView(id: string, state: CaseState, version: number, user: KaziUser): Promise<CaseViewOf>;
}

/** Rules are decided on placeholders first, so a refused change seals nothing (and makes no key). */
const placeholder: Sealer = async (_field, value) =>
  value === undefined ? undefined : { sealed: 'unsealed' };

/**
 * The changes an attaché makes to a case from abroad, over connections that drop: each carries the version
 * it was based on and a client-made updateId. A change the case remembers under its updateId (same kind,
 * same fingerprint) is answered as the first time, before any version is compared, so a resend carrying its
 * old version gets its first answer; another change under a used updateId is refused (409
 * update-id-reused). A change based on an older version is refused with the case as it is now (409 with
 * `current`), never applied over what happened meanwhile. A date left out is today at the mission.
 */
export class CaseChanges {
  constructor(private readonly deps: CaseChangesDeps) {}

  update(id: string, body: CaseUpdateBody, context: RequestContext, expectedVersion: number) {
    return this.change(id, 'updates', 'RecordCaseUpdate', body, context, expectedVersion, async (c, seal) => {
      const { action: kind, expectedVersion: _v, updateId: _u, note, ...fields } = body;
      const sealed = await this.sealed(seal, changeTextField(body.updateId), note);
      const dated = kind !== 'note' && kind !== 'remains-disposition';
      const action = {
        kind,
        ...fields,
        ...(dated ? { date: (fields as { date?: string }).date ?? c.today } : {}),
        ...(sealed ? { note: sealed } : {}),
      } as CaseAction;
      return { type: 'RecordCaseUpdate', action, updateId: body.updateId, fingerprint: c.fingerprint };
    });
  }

  repatriation(id: string, body: RepatriationBody, context: RequestContext, expectedVersion: number) {
    return this.change(
      id,
      'repatriation',
      'RecordRepatriationStage',
      body,
      context,
      expectedVersion,
      async (c, seal) => {
        const fields = { date: body.date ?? c.today, updateId: body.updateId, fingerprint: c.fingerprint };
        const type = 'RecordRepatriationStage' as const;
        const input: CommandInput<RecordRepatriationStage> =
          body.stage === 'arrived'
            ? { type, stage: body.stage, safeAndDignified: body.safeAndDignified, ...fields }
            : body.stage === 'abandoned'
              ? {
                  type,
                  stage: body.stage,
                  ...fields,
                  reason: await this.sealed(seal, changeTextField(body.updateId), body.reason),
                }
              : { type, stage: body.stage, ...fields };
        return input;
      },
    );
  }

  closure(id: string, body: ClosureBody, context: RequestContext, expectedVersion: number) {
    return this.change(id, 'closure', 'CloseCase', body, context, expectedVersion, async (c, seal) => {
      const note = await this.sealed(seal, changeTextField(body.updateId), body.note);
      return {
        type: 'CloseCase',
        outcome: body.outcome,
        ...(note ? { note } : {}),
        updateId: body.updateId,
        fingerprint: c.fingerprint,
      };
    });
  }

  workerDetails(id: string, body: WorkerDetailsBody, context: RequestContext, expectedVersion: number) {
    return this.change(
      id,
      'worker',
      'RecordWorkerDetails',
      body,
      context,
      expectedVersion,
      async (c, seal) => {
        const { worker } = body;
        const sealed = await this.sealed(seal, 'worker', workerPersonalDataOf(worker));
        return {
          type: 'RecordWorkerDetails',
          worker: {
            sealed: sealed?.sealed ?? '',
            sex: worker.sex,
            ...(worker.dateOfBirth ? { dateOfBirth: worker.dateOfBirth } : {}),
            ...(worker.ageBand ? { ageBand: worker.ageBand } : {}),
            ...(worker.occupation ? { occupation: worker.occupation } : {}),
          },
          updateId: body.updateId,
          fingerprint: c.fingerprint,
        };
      },
    );
  }

  private async change(
    id: string,
    route: string,
    command: CaseChangeCommand,
    body: ChangeFields,
    context: RequestContext,
    expectedVersion: number,
    build: (change: { fingerprint: string; today: string }, seal: Sealer) => Promise<ChangeInput>,
  ): Promise<ChangeAnswer> {
    const { cases } = this.deps;
    const now = cases.now();
    const request = { id, route, command, body, context, expectedVersion, build, now };
    // The case as this process last saw it, with no round trip: an app's next change is based on the
    // version its last answer gave, which is what this process holds when it made that answer. It may be
    // behind (another replica's change): whatever it cannot answer for sure — another version, a refusal —
    // is decided again on the case as stored, and the append checks the version it was based on.
    const recent = cases.cached(id);
    if (recent !== undefined && recent.version > 0) {
      const answer = await this.decideOn(recent, request, 'recent');
      if (answer) return answer;
    }
    return (await this.decideOn(await cases.existing(id), request, 'stored')) as ChangeAnswer;
  }

  /**
   * The change decided on `loaded`. On the case as `stored`, every refusal is the answer; on a `recent`
   * copy only a replay or an accepted change is, and anything else is undefined (decide again on the stored
   * case). The mission and a remembered updateId hold on any copy: neither changes once recorded.
   */
  private async decideOn(
    loaded: Loaded<CaseState>,
    request: ChangeRequest,
    copy: 'recent' | 'stored',
  ): Promise<ChangeAnswer | undefined> {
    const { cases, sealing } = this.deps;
    const { id, route, command, body, context, expectedVersion, build, now } = request;
    const { state } = loaded;
    requireCaseOfMission(context.user, id, state);
    const fingerprint = this.deps.fingerprint({
      caseId: id,
      change: route,
      body: body as unknown as Record<string, unknown>,
    });
    const change = { fingerprint, today: this.deps.today(state.opened?.country ?? '', new Date(now)) };

    const replay = replayOf(id, state, body.updateId, command, fingerprint);
    if (replay) return replay;
    if (copy === 'recent') {
      if (expectedVersion !== loaded.version || rememberedUpdate(state, body.updateId)) return undefined;
      try {
        cases.decide(await build(change, placeholder), state, context, now);
      } catch {
        return undefined;
      }
    } else {
      // A used updateId for another change: the decider names it (update-id-reused) before any version.
      if (rememberedUpdate(state, body.updateId))
        cases.decide(await build(change, placeholder), state, context, now);
      if (expectedVersion !== loaded.version)
        throw await this.stale(id, expectedVersion, loaded, context.user);
      cases.decide(await build(change, placeholder), state, context, now);
    }

    const input = await build(change, (field, value) => sealing.sealText(id, field, value));
    try {
      const result = await cases.handle(id, input, context, { expectedVersion, now });
      return {
        id,
        updateId: body.updateId,
        version: result.version,
        status: result.state.status === 'closed' ? 'closed' : 'open',
        replayed: false,
      };
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      // The case changed since it was read: perhaps by this very change, sent twice at once.
      const fresh = await cases.existing(id);
      const raced = replayOf(id, fresh.state, body.updateId, command, fingerprint);
      if (raced) return raced;
      throw await this.stale(id, expectedVersion, fresh, context.user);
    }
  }

  /** A text given with a change, sealed; a text that can no longer be kept is refused, never dropped. */
  private async sealed(seal: Sealer, field: SealedField, value: unknown): Promise<SealedText | undefined> {
    const sealed = await seal(field, value);
    if (value !== undefined && sealed === undefined) {
      throw new DomainError(
        CaseErrorType.WorkerDataErased,
        "the worker's personal data was erased: a text about them can no longer be recorded",
        'conflict',
      );
    }
    return sealed;
  }

  private async stale(
    id: string,
    expectedVersion: number,
    loaded: { state: CaseState; version: number },
    user: KaziUser,
  ): Promise<StaleCaseError> {
    const current = await this.deps.currentView(id, loaded.state, loaded.version, user);
    return new StaleCaseError(id, expectedVersion, current);
  }
}

/** The first answer of a change the case remembers under `updateId`, when this is that change again. */
function replayOf(
  id: string,
  state: CaseState,
  updateId: string,
  command: CaseChangeCommand,
  fingerprint: string,
): ChangeAnswer | undefined {
  const remembered = rememberedUpdate(state, updateId);
  if (remembered?.command !== command || remembered.fingerprint !== fingerprint) return undefined;
  return {
    id,
    updateId,
    version: remembered.version,
    status: command === 'CloseCase' ? 'closed' : 'open',
    replayed: true,
  };
}
