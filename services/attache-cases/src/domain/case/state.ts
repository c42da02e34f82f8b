import type { Actor } from '@kazi/core';
import type { z } from 'zod';
import type { CaseAction, CaseEventType, caseEventDataSchemas, SealedText } from './events.ts';
import type { CaseStatus, ClosureOutcome, RemainsDisposition, RepatriationStage } from './vocabulary.ts';

export type OpenedFacts = z.output<(typeof caseEventDataSchemas)[typeof CaseEventType.Opened]>;

/** The commands that change an open case (each carries an updateId). */
export type CaseChangeCommand =
  | 'RecordCaseUpdate'
  | 'RecordRepatriationStage'
  | 'CloseCase'
  | 'RecordWorkerDetails';

/** A change the case remembers by its `updateId`, with the version the case reached with it. */
export interface RememberedUpdate {
  updateId: string;
  /** Which command made it: a request of another kind under the same updateId is never its repeat. */
  command: CaseChangeCommand;
  fingerprint: string;
  /** The case's version (its number of events) just after this change: what its first answer said. */
  version: number;
}

/**
 * How many recent changes a case remembers: far more than an app queues while offline. An older resend is
 * still refused as stale by its `expectedVersion`, never applied twice.
 */
export const REMEMBERED_UPDATES = 100;

/**
 * Every change the case shows keeps its `updateId`: a text sealed with the change is bound to it (the
 * application seals it as the field `update.<updateId>`), so it opens only where it was recorded.
 */
export interface RepatriationStep {
  updateId: string;
  stage: RepatriationStage;
  date: string;
  safeAndDignified?: boolean;
  reason?: SealedText;
  by: Actor;
  at: string;
}

export interface TimelineEntry {
  updateId: string;
  action: CaseAction;
  by: Actor;
  at: string;
}

/**
 * A case as the decider sees it. JSON-serialisable (snapshotted); a change of shape needs a new state
 * schema version in the composition root. Personal data and free text stay sealed here too.
 */
export interface CaseState {
  /** null until opened: the case does not exist. */
  status: CaseStatus | null;
  /** The opening's facts; its `worker` is the worker as known now (details recorded later replace it). */
  opened: OpenedFacts | null;
  /** The number of events folded: the stream's version. */
  version: number;
  /** Most recent last, at most REMEMBERED_UPDATES. */
  recentUpdates: RememberedUpdate[];
  /** The actions recorded, oldest first. */
  timeline: TimelineEntry[];
  /** The worker's current shelter stay: the day of admission; null when not in a shelter. */
  inShelterSince: string | null;
  /** Every stage reached, oldest first (a new plan may follow an abandonment). */
  repatriation: RepatriationStep[];
  /** A death case: what the family consented to. */
  remains: { disposition: RemainsDisposition; consentDate: string } | null;
  closure: { updateId: string; outcome: ClosureOutcome; note?: SealedText; by: Actor; at: string } | null;
  erasure: { reason?: SealedText; by: Actor; at: string } | null;
  /** Time of the last event: what the delta feed orders "updated since" by. */
  updatedAt: string | null;
}

export const initialCaseState = (): CaseState => ({
  status: null,
  opened: null,
  version: 0,
  recentUpdates: [],
  timeline: [],
  inShelterSince: null,
  repatriation: [],
  remains: null,
  closure: null,
  erasure: null,
  updatedAt: null,
});

/** The stage the repatriation is at now; null when none was planned. */
export const currentStage = (state: CaseState): RepatriationStep | null => state.repatriation.at(-1) ?? null;

/** The change a case remembers under `updateId`, if it does: the application answers a resend with it. */
export const rememberedUpdate = (state: CaseState, updateId: string): RememberedUpdate | undefined =>
  state.recentUpdates.find((u) => u.updateId === updateId);
