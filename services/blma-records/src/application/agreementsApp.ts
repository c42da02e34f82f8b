import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DomainError } from '@kazi/core';
import type { Page } from '@kazi/eventsourcing';
import {
  type CommandInput,
  hasRole,
  type IdempotencyStore,
  type KaziUser,
  NEA_ROLES,
  type RequestContext,
  requireMission,
} from '@kazi/service-kit';
import {
  type AgreementCommand,
  type AgreementStatus,
  type AttachedDocument,
  agreementAsOf,
  type DocumentInput,
  type RecordAgreementInput,
} from '../domain/index.ts';
import type { AgreementQueries, AgreementSummary, ListQuery } from '../projections/agreementQueries.ts';
import type { AgreementCommands } from './agreementCommands.ts';
import {
  type AgreementAsOfView,
  type AgreementView,
  agreementAsOfView,
  agreementView,
} from './agreementViews.ts';
import type { DocumentStore } from './documentStore.ts';

/** What a change of an agreement answers: its status and new version. */
export interface ChangeResult {
  id: string;
  status: AgreementStatus;
  version: number;
}

/** A lifecycle step as a route sends it: the command without actor and time. */
export type LifecycleChange = CommandInput<
  Extract<
    AgreementCommand,
    {
      type:
        | 'SignAgreement'
        | 'EnterIntoForce'
        | 'RecordReview'
        | 'AmendAgreement'
        | 'RecordExpiry'
        | 'TerminateAgreement';
    }
  >
>;

export interface AgreementsAppDeps {
  commands: AgreementCommands;
  queries: AgreementQueries;
  documents: DocumentStore;
  idempotency: IdempotencyStore;
  documentMaxBytes: number;
}

/** Whoever reads every agreement; an attaché reads those of their mission's country only. */
const readsEveryAgreement = (user: KaziUser): boolean =>
  hasRole(user, 'mol-officer', ...NEA_ROLES, 'analyst');

const changed = (id: string, status: AgreementStatus | null, version: number): ChangeResult => ({
  id,
  status: status ?? 'negotiating',
  version,
});

/**
 * The BLMA-records use cases. Most are one command (agreementCommands.ts says what each expects); what is
 * written here is what a command cannot do alone: who may read which agreement, the agreement as of a
 * day, and documents, whose bytes go to the object store before their metadata is recorded.
 */
export class AgreementsApp {
  readonly idempotency: IdempotencyStore;

  constructor(private readonly deps: AgreementsAppDeps) {
    this.idempotency = deps.idempotency;
  }

  async record(
    input: RecordAgreementInput,
    context: RequestContext,
  ): Promise<ChangeResult & { status: 'negotiating' }> {
    const { commands } = this.deps;
    const id = commands.newId();
    const { notes, ...terms } = input;
    const result = await commands.handle(
      id,
      { type: 'RecordAgreement', agreementId: id, ...terms, ...(notes !== undefined ? { notes } : {}) },
      context,
    );
    return { id, status: 'negotiating', version: result.version };
  }

  /** A lifecycle step: signature, entry into force, review, amendment, expiry or termination. */
  async change(
    id: string,
    change: LifecycleChange,
    context: RequestContext,
    expectedVersion: number | undefined,
  ): Promise<ChangeResult> {
    const result = await this.deps.commands.handle(id, change, context, { expectedVersion });
    return changed(id, result.state.status, result.version);
  }

  /** A joint committee meeting with its decisions, each an action the server numbers. */
  async holdMeeting(
    id: string,
    meeting: {
      date: string;
      attendees: { institution: string; country: string }[];
      decisions: { action: string; owner: string; due: string }[];
    },
    context: RequestContext,
    expectedVersion: number | undefined,
  ): Promise<ChangeResult & { meetingId: string; actionIds: string[] }> {
    const result = await this.deps.commands.handle(
      id,
      { type: 'HoldCommitteeMeeting', ...meeting },
      context,
      { expectedVersion },
    );
    const held = result.state.meetings.at(-1);
    return {
      ...changed(id, result.state.status, result.version),
      meetingId: held?.meetingId ?? '',
      actionIds: held?.actions.map((a) => a.actionId) ?? [],
    };
  }

  async actionDone(
    id: string,
    actionId: string,
    date: string,
    context: RequestContext,
    expectedVersion: number | undefined,
  ): Promise<ChangeResult> {
    const result = await this.deps.commands.handle(
      id,
      { type: 'RecordActionDone', actionId, date },
      context,
      {
        expectedVersion,
      },
    );
    return changed(id, result.state.status, result.version);
  }

  /** The agreement as it is now, or as it stood on `asOf` (404 when nothing was known of it then). */
  async get(id: string, user: KaziUser, asOf?: string): Promise<AgreementView | AgreementAsOfView> {
    const { state, version } = await this.readable(id, user);
    if (asOf === undefined) return agreementView(id, state, version);
    const then = agreementAsOf(state, asOf);
    if (then === null)
      throw new DomainError(
        'agreement-not-known-then',
        `nothing is known of agreement ${id} on ${asOf}: it was recorded later and no step of it is dated that early`,
        'not-found',
      );
    return agreementAsOfView(id, then);
  }

  /** The list, bounded; an attaché's is their mission's country's. */
  async list(query: ListQuery, user: KaziUser): Promise<Page<AgreementSummary>> {
    if (readsEveryAgreement(user)) return this.deps.queries.list(query);
    if (query.country !== undefined) requireMission(user, query.country);
    return this.deps.queries.list({ ...query, country: user.mission });
  }

  /**
   * Stores a document's bytes (counting them: over the limit nothing is kept) and records its metadata,
   * with the SHA-256 and size of what was stored. The rules that do not depend on the bytes are checked
   * before any is read; if recording fails after all, the bytes are removed again.
   */
  async attachDocument(
    id: string,
    input: DocumentInput,
    body: AsyncIterable<Uint8Array>,
    context: RequestContext,
    expectedVersion: number | undefined,
  ): Promise<ChangeResult & { documentId: string; sha256: string; size: number }> {
    const { commands, documents, documentMaxBytes } = this.deps;
    const { state } = await commands.existing(id, expectedVersion);
    const documentId = randomUUID();
    const metadata = { documentId, ...input };
    // The decision on a stand-in digest and size: a meeting that is not there, minutes without a meeting.
    commands.decide(
      { type: 'AttachDocument', document: { ...metadata, sha256: '0'.repeat(64), size: 1 } },
      state,
      context,
    );
    const stored = await documents.put(documentId, body, documentMaxBytes);
    try {
      if (stored.size === 0)
        throw new DomainError('document-empty', 'the document has no content', 'invalid', {
          errors: [{ path: 'body', message: 'must not be empty' }],
        });
      const result = await commands.handle(
        id,
        { type: 'AttachDocument', document: { ...metadata, ...stored } },
        context,
        { expectedVersion },
      );
      return { ...changed(id, result.state.status, result.version), documentId, ...stored };
    } catch (error) {
      await documents.delete(documentId);
      throw error;
    }
  }

  /** A document's metadata and its bytes, for a reader of its agreement. */
  async document(
    id: string,
    documentId: string,
    user: KaziUser,
  ): Promise<{ document: AttachedDocument; bytes: Readable }> {
    const { state } = await this.readable(id, user);
    const document = state.documents.find((d) => d.documentId === documentId);
    const bytes = document ? await this.deps.documents.get(documentId) : null;
    if (!document || !bytes)
      throw new DomainError(
        'document-not-found',
        `agreement ${id} has no document ${documentId}`,
        'not-found',
      );
    return { document, bytes };
  }

  /** A recorded agreement (404 otherwise) that `user` may read (403 for an attaché of another mission). */
  private async readable(id: string, user: KaziUser) {
    const loaded = await this.deps.commands.existing(id);
    const country = loaded.state.record?.partnerCountry;
    if (!readsEveryAgreement(user) && country !== undefined) requireMission(user, country);
    return loaded;
  }
}
